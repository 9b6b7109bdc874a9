import type { StepJournal, StepRecord } from '../adapters/step-journal';

/**
 * One step of a writing command. The dry run and the real run walk the same list, so what `--dry-run`
 * shows is what the real run does, in the same order.
 */
export interface PlannedStep {
  kind: string;
  /** One line: printed after "[dry-run] would" in a dry run, and before the step in a real run. */
  description: string;
  apply(): Promise<void>;
  /**
   * Steps with a key may run beside the keyed steps next to them (the publishes of a release): each starts
   * once the steps whose keys it lists in `after` are done, `concurrency` at a time. Others run alone.
   */
  key?: string;
  after?: string[];
}

export interface StepRunOptions {
  dryRun?: boolean;
  log: (line: string) => void;
  /** Each step done is appended here (none in a dry run). */
  journal?: StepJournal | null;
  /** How many keyed steps run at once (default 1: one after another). */
  concurrency?: number;
}

/**
 * Walks the steps in order: a dry run names each one, a real run names it, carries it out and journals it.
 * Keyed steps next to each other run beside each other when `concurrency` allows, and are journaled as they
 * end. Returns the steps done (or that would be), in the order they were journaled: a failure stops the walk
 * and is thrown as it is, the steps done before it journaled.
 */
export async function runPlannedSteps(steps: PlannedStep[], options: StepRunOptions): Promise<StepRecord[]> {
  const done: StepRecord[] = [];
  const finish = (step: PlannedStep) => {
    const record = { kind: step.kind, step: step.description };
    if (!options.dryRun) options.journal?.append(record);
    done.push(record);
  };
  for (let index = 0; index < steps.length;) {
    const step = steps[index];
    if (options.dryRun) {
      options.log(`[dry-run] would ${step.description}`);
      finish(step);
      index++;
    } else if (step.key === undefined || (options.concurrency ?? 1) <= 1) {
      options.log(step.description);
      await step.apply();
      finish(step);
      index++;
    } else {
      let end = index;
      while (end < steps.length && steps[end].key !== undefined) end++;
      await runBeside(steps.slice(index, end), options.concurrency as number, options.log, finish);
      index = end;
    }
  }
  return done;
}

/**
 * Keyed steps, `concurrency` at a time, each once the steps it comes after are done; each one's end is
 * printed with the count. After a failure no step starts, the running ones end (and are journaled), and
 * the first failure is thrown: what is done is done, and a rerun takes up the rest.
 */
async function runBeside(
  steps: PlannedStep[],
  concurrency: number,
  log: (line: string) => void,
  finish: (step: PlannedStep) => void,
): Promise<void> {
  const keys = new Set(steps.map((step) => step.key));
  const ended = new Set<string>();
  const waiting = [...steps];
  const running = new Map<PlannedStep, Promise<{ step: PlannedStep; error?: unknown }>>();
  let failure: { error: unknown } | undefined;
  const ready = (step: PlannedStep) => (step.after ?? []).every((key) => !keys.has(key) || ended.has(key));
  const start = (step: PlannedStep) => {
    waiting.splice(waiting.indexOf(step), 1);
    log(step.description);
    const outcome = step.apply().then(
      () => ({ step }),
      (error: unknown) => ({ step, error: error ?? new Error(`${step.description} failed`) }),
    );
    running.set(step, outcome);
  };
  while (waiting.length > 0 || running.size > 0) {
    if (!failure) {
      for (const step of waiting.filter(ready)) {
        if (running.size >= concurrency) break;
        start(step);
      }
      // Steps that wait on each other in a circle: the first in order goes, as it would alone.
      if (running.size === 0 && waiting.length > 0) start(waiting[0]);
    }
    if (running.size === 0) break;
    const settled = await Promise.race(running.values());
    running.delete(settled.step);
    if ('error' in settled) {
      failure ??= { error: settled.error };
      continue;
    }
    ended.add(settled.step.key as string);
    finish(settled.step);
    log(`done (${ended.size} of ${steps.length}): ${settled.step.description}`);
  }
  if (failure) throw failure.error;
}

/** A step built inline: `step('push', 'push v1.2.0 to origin', () => push(...))`. */
export function step(kind: string, description: string, apply: () => Promise<unknown>): PlannedStep {
  return { kind, description, apply: async () => void (await apply()) };
}
