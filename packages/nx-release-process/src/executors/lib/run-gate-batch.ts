import { availableParallelism } from 'node:os';
import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { dependencyOrder } from '../../core/dependents';
import type { GateRelease } from '../../adapters/release-workspace';
import { readJudgedSnapshot, type JudgedSnapshot } from '../../adapters/gate-reports';

/** What Nx takes from a batch executor for each of its tasks. */
export interface BatchTaskResult {
  task: string;
  result: { success: boolean; terminalOutput: string; startTime?: number; endTime?: number; status?: 'success' | 'failure' | 'skipped' };
}

/** What a gate needs besides its options and context: where to print, and the run's one workspace plan. */
export interface GateRun {
  print?: (text: string) => void;
  release: () => Promise<GateRelease>;
  /**
   * What the release gates of a batch judge (HEAD, the uncommitted files and every project's tree), read
   * once for the batch, so each report is stamped before Nx caches it. Absent for a task in a process of its own.
   */
  judged?: () => Promise<JudgedSnapshot | null>;
}

/** How a batch runs: tasks at once, and which of its tasks judge content (release gates), whose snapshot is read as the batch starts. */
export interface BatchSettings<Options> {
  parallel?: number;
  judges?: (options: Options) => boolean;
}

/** One gate's work for one task: what the executor and the batch implementation both run. */
export type GateOf<Options> = (options: Options, context: ExecutorContext, run: GateRun) => Promise<{ success: boolean }>;

/** The workspace's release decisions, shared by the gate tasks of one run through the plan cache. */
function sharedRelease(context: ExecutorContext): () => Promise<GateRelease> {
  // Loaded when a gate asks for the plan: the test and release gates, a process per task, never load the planner.
  return async () => {
    const { planGateRelease } = require('../../use-cases/plan-workspace') as typeof import('../../use-cases/plan-workspace');
    return planGateRelease({ path: context.root, projectGraph: context.projectGraph, nxJson: context.nxJsonConfiguration });
  };
}

/**
 * A batch of one gate's tasks in one process, when Nx runs in batch mode (`NX_BATCH_MODE=true`): a gate that
 * only computes pays Nx's cost of a process per task for nothing. The plan is loaded once for the batch.
 * A task starts once its dependencies in the batch are done, up to one per core at a time (a test gate's
 * `command` is a process of its own); one whose dependency failed is skipped, as Nx would skip it.
 */
export async function* runGateBatch<Options>(
  taskGraph: TaskGraph,
  inputs: Record<string, Options>,
  context: ExecutorContext,
  gateOf: GateOf<Options>,
  { parallel = availableParallelism(), judges = () => false }: BatchSettings<Options> = {},
): AsyncGenerator<BatchTaskResult> {
  const inBatch = (id: string) => (taskGraph.dependencies[id] ?? []).filter((dependency) => dependency in inputs);
  let plan: Promise<GateRelease> | undefined;
  const release = () => (plan ??= sharedRelease(context)());
  // Started now, beside the gates that come first, when a release gate will want it: its git runs are off the tasks' path.
  let snapshot: Promise<JudgedSnapshot | null> | undefined;
  // within every project's folder: what any release gate of the batch judges is among them
  const judged = () =>
    (snapshot ??= readJudgedSnapshot(
      context.root,
      Object.values(context.projectGraph?.nodes ?? {}).map((node) => node.data.root),
    ));
  if (Object.values(inputs).some(judges)) void judged().catch(() => undefined); // its error is the release gate's to meet
  const waiting = dependencyOrder(Object.fromEntries(Object.keys(inputs).map((id) => [id, inBatch(id)])));
  const done = new Set<string>();
  const failed = new Set<string>();
  const running = new Map<string, Promise<BatchTaskResult>>();

  const start = (id: string): Promise<BatchTaskResult> => {
    const { target } = taskGraph.tasks[id];
    const startTime = Date.now();
    let terminalOutput = '';
    return gateOf(
      inputs[id],
      { ...context, projectName: target.project, targetName: target.target, configurationName: target.configuration },
      { print: (text) => (terminalOutput += `${text}\n`), release, judged },
    ).then(({ success }) => ({ task: id, result: { success, terminalOutput, startTime, endTime: Date.now() } }));
  };

  while (waiting.length > 0 || running.size > 0) {
    const before = waiting.length;
    for (const id of [...waiting]) {
      const dependencies = inBatch(id);
      if (!dependencies.every((dependency) => done.has(dependency))) continue;
      const heldBack = dependencies.some((dependency) => failed.has(dependency));
      if (!heldBack && running.size >= parallel) continue;
      waiting.splice(waiting.indexOf(id), 1);
      if (heldBack) {
        done.add(id);
        failed.add(id);
        const now = Date.now();
        yield { task: id, result: { success: false, status: 'skipped', terminalOutput: '', startTime: now, endTime: now } };
        continue;
      }
      running.set(id, start(id));
    }
    if (running.size === 0) {
      if (waiting.length === before) throw new Error(`batch tasks wait on each other: ${waiting.join(', ')}`);
      continue;
    }
    const finished = await Promise.race(running.values());
    running.delete(finished.task);
    done.add(finished.task);
    if (!finished.result.success) failed.add(finished.task);
    yield finished;
  }
}

/** A gate's `batchImplementation`, in the shape Nx calls it: `export default gateBatch(versionGateOf)`. */
export function gateBatch<Options>(
  gateOf: GateOf<Options>,
  judges?: BatchSettings<Options>['judges'],
): (
  taskGraph: TaskGraph,
  inputs: Record<string, Options>,
  overrides: Options,
  context: ExecutorContext,
) => AsyncGenerator<BatchTaskResult> {
  return async function* (taskGraph, inputs, _overrides, context) {
    try {
      yield* runGateBatch(taskGraph, inputs, context, gateOf, { judges });
    } finally {
      endBatchProcessWhenDone();
    }
  };
}

/**
 * Lets the batch process end once Nx has its results. Nx 23 keeps every batch process of a run alive until
 * the run ends (its set of finished ones is never filled), and a run that frees gates a few at a time (tests
 * and gates on an empty cache, each test freeing its own gates) left one idle process per batch: over a
 * hundred at 100 projects, gigabytes of memory at 500. Only the channel to Nx keeps the process alive then;
 * released, the process ends as soon as the results are written to it. Tests call a batch implementation
 * in-process, where the channel is the test runner's: it is left alone outside an Nx task process.
 */
function endBatchProcessWhenDone(): void {
  if (process.env.NX_FORKED_TASK_EXECUTOR === 'true') process.channel?.unref();
}

/** A gate's executor, in the shape Nx calls it: one task, the plan loaded only if the gate asks for it. */
export function gateExecutor<Options>(
  gateOf: GateOf<Options>,
): (options: Options, context: ExecutorContext) => Promise<{ success: boolean }> {
  return (options, context) => gateOf(options, context, { release: sharedRelease(context) });
}
