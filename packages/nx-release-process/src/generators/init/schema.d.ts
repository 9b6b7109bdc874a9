export interface InitGeneratorSchema {
  projectsRelationship?: 'fixed' | 'independent';
  releaseTagPattern?: string;
  /** Register the plugin (true), or write its targets into each project and keep its options in pluginsConfig (false). */
  addPlugin?: boolean;
}
