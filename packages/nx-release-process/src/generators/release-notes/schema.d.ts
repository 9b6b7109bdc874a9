import type { PlanningSchema } from '../lib/plan-for-tree';

export interface ReleaseNotesGeneratorSchema extends Omit<PlanningSchema, 'bump'> {
  output?: string;
}
