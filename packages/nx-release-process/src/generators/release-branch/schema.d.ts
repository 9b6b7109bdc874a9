import type { PlanningSchema } from '../lib/plan-for-tree';

export interface ReleaseBranchGeneratorSchema extends PlanningSchema {
  branch?: string;
  notesFile?: string;
  workspaceChangelog?: string;
}
