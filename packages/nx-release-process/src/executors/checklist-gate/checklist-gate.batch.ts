import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { runGateBatch, type BatchTaskResult } from '../lib/run-gate-batch';
import { checklistGateOf } from './checklist-gate';
import type { ChecklistGateSchema } from './schema';

/** The checklist gates of a run in one process, on one workspace plan, in Nx batch mode. */
export default function checklistGateBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, ChecklistGateSchema>,
  _overrides: ChecklistGateSchema,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  return runGateBatch(taskGraph, inputs, context, checklistGateOf);
}
