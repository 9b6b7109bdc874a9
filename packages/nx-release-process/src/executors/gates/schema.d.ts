import type { ChecklistGateSchema } from '../checklist-gate/schema';
import type { TestGateSchema } from '../test-gate/schema';

/** The gate to run, with its own options (the test gate's, the checklist's, or the release gate's list). */
export type GatesSchema = {
  gate: GateName;
  gates?: string[];
  /** A release gate's: the gates it runs itself, in order, before its verdict. */
  runs?: Array<Exclude<GateName, 'release-gate'>>;
} & TestGateSchema &
  ChecklistGateSchema;

type GateName = 'version-gate' | 'test-gate' | 'checklist-gate' | 'release-gate';
