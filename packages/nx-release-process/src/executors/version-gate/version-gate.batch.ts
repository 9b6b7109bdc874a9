import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { runGateBatch, type BatchTaskResult } from '../lib/run-gate-batch';
import type { VersionGateSchema } from './schema';
import { versionGateOf } from './version-gate';

/** The version gates of a run in one process, on one workspace plan, in Nx batch mode. */
export default function versionGateBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, VersionGateSchema>,
  _overrides: VersionGateSchema,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  return runGateBatch(taskGraph, inputs, context, versionGateOf);
}
