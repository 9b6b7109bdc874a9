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
  /** Release even though the release gates do not clear it; `reason` is then required. */
  skipGates?: boolean;
  reason?: string;
}
