import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { dependencyOrder } from '../../core/dependents';
import { releaseGateOf } from './release-gate';
import type { ReleaseGateSchema } from './schema';

/** What Nx takes from a batch executor for each of its tasks. */
interface BatchTaskResult {
  task: string;
  result: { success: boolean; terminalOutput: string; startTime?: number; endTime?: number; status?: 'success' | 'failure' | 'skipped' };
}

/**
 * The release gates of a whole run in one process, when Nx runs in batch mode (`NX_BATCH_MODE=true`): the
 * gate only reads reports, so a process per task is Nx's cost, not the gate's. Dependencies first; a gate
 * whose dependency's gate failed is skipped, as Nx would skip it.
 */
export default async function* releaseGateBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, ReleaseGateSchema>,
  _overrides: ReleaseGateSchema,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  const inBatch = (id: string) => (taskGraph.dependencies[id] ?? []).filter((dependency) => dependency in inputs);
  const failed = new Set<string>();
  for (const id of dependencyOrder(Object.fromEntries(Object.keys(inputs).map((id) => [id, inBatch(id)])))) {
    const startTime = Date.now();
    if (inBatch(id).some((dependency) => failed.has(dependency))) {
      failed.add(id);
      yield { task: id, result: { success: false, status: 'skipped', terminalOutput: '', startTime, endTime: startTime } };
      continue;
    }
    const task = taskGraph.tasks[id];
    let terminalOutput = '';
    const { success } = await releaseGateOf(
      inputs[id],
      { ...context, projectName: task.target.project, targetName: task.target.target, configurationName: task.target.configuration },
      (text) => (terminalOutput += `${text}\n`),
    );
    if (!success) failed.add(id);
    yield { task: id, result: { success, terminalOutput, startTime, endTime: Date.now() } };
  }
}
