import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { dependencyOrder } from '../../core/dependents';
import type { WorkspaceRelease } from '../../adapters/release-workspace';
import { planWorkspaceRelease } from '../../use-cases/plan-workspace';

/** What Nx takes from a batch executor for each of its tasks. */
export interface BatchTaskResult {
  task: string;
  result: { success: boolean; terminalOutput: string; startTime?: number; endTime?: number; status?: 'success' | 'failure' | 'skipped' };
}

/** What a gate needs besides its options and context: where to print, and the run's one workspace plan. */
export interface GateRun {
  print?: (text: string) => void;
  release: () => Promise<WorkspaceRelease>;
}

/** The workspace's release plan, shared by the gate tasks of one run through the plan cache. */
export function sharedRelease(context: ExecutorContext): () => Promise<WorkspaceRelease> {
  return () =>
    planWorkspaceRelease({ path: context.root, projectGraph: context.projectGraph, nxJson: context.nxJsonConfiguration, sharePlan: true });
}

/**
 * A batch of one gate's tasks in one process, when Nx runs in batch mode (`NX_BATCH_MODE=true`): a gate that
 * only computes pays Nx's cost of a process per task for nothing. The plan is loaded once for the batch.
 * Dependencies first; a task whose dependency in the batch failed is skipped, as Nx would skip it.
 */
export async function* runGateBatch<Options>(
  taskGraph: TaskGraph,
  inputs: Record<string, Options>,
  context: ExecutorContext,
  gateOf: (options: Options, context: ExecutorContext, run: GateRun) => Promise<{ success: boolean }>,
): AsyncGenerator<BatchTaskResult> {
  const inBatch = (id: string) => (taskGraph.dependencies[id] ?? []).filter((dependency) => dependency in inputs);
  let plan: Promise<WorkspaceRelease> | undefined;
  const release = () => (plan ??= sharedRelease(context)());
  const failed = new Set<string>();
  for (const id of dependencyOrder(Object.fromEntries(Object.keys(inputs).map((id) => [id, inBatch(id)])))) {
    const startTime = Date.now();
    if (inBatch(id).some((dependency) => failed.has(dependency))) {
      failed.add(id);
      yield { task: id, result: { success: false, status: 'skipped', terminalOutput: '', startTime, endTime: startTime } };
      continue;
    }
    const { target } = taskGraph.tasks[id];
    let terminalOutput = '';
    const { success } = await gateOf(
      inputs[id],
      { ...context, projectName: target.project, targetName: target.target, configurationName: target.configuration },
      { print: (text) => (terminalOutput += `${text}\n`), release },
    );
    if (!success) failed.add(id);
    yield { task: id, result: { success, terminalOutput, startTime, endTime: Date.now() } };
  }
}
