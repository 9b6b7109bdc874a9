import type { ChecklistOptions } from '../../adapters/checklist-evidence';

export type ChecklistGateSchema = ChecklistOptions;
