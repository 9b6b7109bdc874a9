export interface ReleaseExecutorSchema {
  dryRun?: boolean;
  remote?: string;
  push?: boolean;
  forge?: 'github' | 'gitlab' | 'none';
  forgeRepository?: string;
  publish?: boolean;
  registry?: string;
  provenance?: boolean;
  announce?: boolean;
}
