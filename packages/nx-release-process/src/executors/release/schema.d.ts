export interface ReleaseExecutorSchema {
  dryRun?: boolean;
  remote?: string;
  push?: boolean;
  githubRelease?: boolean;
  githubRepository?: string;
  publish?: boolean;
  registry?: string;
  announce?: boolean;
}
