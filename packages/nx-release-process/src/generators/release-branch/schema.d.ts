import type { PlanningSchema } from '../lib/plan-for-tree';

export interface ReleaseBranchGeneratorSchema extends PlanningSchema {
  branch?: string;
  notesFile?: string;
  workspaceChangelog?: string;
  /** Undo a run that was killed half-way. */
  abort?: boolean;
}
