import type { PlanningSchema } from '../lib/plan-for-tree';

export interface ChangelogGeneratorSchema extends Omit<PlanningSchema, 'bump'> {
  workspaceChangelog?: string;
}
