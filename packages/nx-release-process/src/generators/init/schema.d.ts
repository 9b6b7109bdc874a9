export interface InitGeneratorSchema {
  projectsRelationship?: 'fixed' | 'independent';
  releaseTagPattern?: string;
}
