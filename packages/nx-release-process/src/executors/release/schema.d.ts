export interface ReleaseExecutorSchema {
  dryRun?: boolean;
  remote?: string;
  push?: boolean;
  forge?: 'github' | 'gitlab' | 'none';
  forgeRepository?: string;
  publish?: boolean;
  registry?: string;
  provenance?: boolean;
  /** npm packages published at once, each after the packages of this release it depends on (default 4). */
  publishConcurrency?: number;
  announce?: boolean;
  /** Release even though the release gates do not clear it; `reason` is then required. */
  skipGates?: boolean;
  reason?: string;
}
