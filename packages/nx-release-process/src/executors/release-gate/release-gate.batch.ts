import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { runGateBatch, type BatchTaskResult } from '../lib/run-gate-batch';
import { releaseGateOf } from './release-gate';
import type { ReleaseGateSchema } from './schema';

/** The release gates of a run in one process, in Nx batch mode. */
export default function releaseGateBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, ReleaseGateSchema>,
  _overrides: ReleaseGateSchema,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  return runGateBatch(taskGraph, inputs, context, releaseGateOf);
}
