export interface IntentGeneratorSchema {
  projects: string[] | string;
  bump: 'major' | 'minor' | 'patch';
  message: string;
  format?: 'changeset' | 'version-plan';
}
