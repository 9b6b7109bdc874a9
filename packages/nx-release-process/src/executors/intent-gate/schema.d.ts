export interface IntentGateExecutorSchema {
  /** The branch the change merges into; default changesets' baseBranch, the remote's default branch, main. */
  since?: string;
}
