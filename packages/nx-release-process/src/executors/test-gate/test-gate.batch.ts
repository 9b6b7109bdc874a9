import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { runGateBatch, type BatchTaskResult } from '../lib/run-gate-batch';
import type { TestGateSchema } from './schema';
import { testGateOf } from './test-gate';

/**
 * The test gates of a run in one process, in Nx batch mode: without a `command` each only records the result
 * of the project's test target, which ran before it. A configured command runs here, one project at a time.
 */
export default function testGateBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, TestGateSchema>,
  _overrides: TestGateSchema,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  return runGateBatch(taskGraph, inputs, context, testGateOf);
}
