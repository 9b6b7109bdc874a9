export interface RollbackGeneratorSchema {
  tag: string;
  reason?: string;
  /** Undo a run that was killed half-way or stopped on a conflict. */
  abort?: boolean;
  /** Go on after a conflict was resolved and `git add`ed: revert the commits left, commit and tag. */
  continue?: boolean;
  /** How the user ran it (the CLI passes `release-process revert`): hints repeat it. */
  invokedAs?: string;
}
