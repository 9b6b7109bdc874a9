import type { ChecklistGateSchema } from '../checklist-gate/schema';
import type { TestGateSchema } from '../test-gate/schema';

/** The gate to run, with its own options (the test gate's, the checklist's, or the release gate's list). */
export type GatesSchema = { gate: 'version-gate' | 'test-gate' | 'checklist-gate' | 'release-gate'; gates?: string[] } & TestGateSchema &
  ChecklistGateSchema;
