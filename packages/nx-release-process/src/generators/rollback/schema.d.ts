export interface RollbackGeneratorSchema {
  tag: string;
  reason?: string;
  /** Undo a run that was killed half-way or stopped on a conflict. */
  abort?: boolean;
}
