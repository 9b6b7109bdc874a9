import type { PlanningSchema } from '../lib/plan-for-tree';

export interface ReleaseBranchGeneratorSchema extends PlanningSchema {
  branch?: string;
  notesFile?: string;
  workspaceChangelog?: string;
  /** How the user ran it (the CLI passes `release-process prepare`): hints repeat it. */
  invokedAs?: string;
  /** Undo a run that was killed half-way. */
  abort?: boolean;
}
