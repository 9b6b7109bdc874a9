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
}

export interface StepRunOptions {
  dryRun?: boolean;
  log: (line: string) => void;
  /** Each step done is appended here (none in a dry run). */
  journal?: StepJournal | null;
}

/**
 * Walks the steps in order: a dry run names each one, a real run names it, carries it out and journals it.
 * Returns the steps done (or that would be): a failure stops the walk and is thrown as it is, the steps
 * before it journaled.
 */
export async function runPlannedSteps(steps: PlannedStep[], options: StepRunOptions): Promise<StepRecord[]> {
  const done: StepRecord[] = [];
  for (const step of steps) {
    const record = { kind: step.kind, step: step.description };
    if (options.dryRun) {
      options.log(`[dry-run] would ${step.description}`);
    } else {
      options.log(step.description);
      await step.apply();
      options.journal?.append(record);
    }
    done.push(record);
  }
  return done;
}

/** A step built inline: `step('push', 'push v1.2.0 to origin', () => push(...))`. */
export function step(kind: string, description: string, apply: () => Promise<unknown>): PlannedStep {
  return { kind, description, apply: async () => void (await apply()) };
}
