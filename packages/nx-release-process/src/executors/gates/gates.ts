import type { ExecutorContext } from '@nx/devkit';
import { gateExecutor, type GateRun } from '../lib/run-gate-batch';
import type { GatesSchema } from './schema';

/**
 * One of a project's four gates, by its `gate` option. The plugin gives the four targets this one executor
 * so that Nx puts all the gate tasks of a run in one batch: one process for the run, on one workspace plan,
 * where an executor per gate made four processes one after another. A release gate first runs the gates
 * named in `runs` (the plugin names the version, checklist and, without a command, test gates), in that
 * order. Each gate's module is loaded when a task asks for it, so a task in a process of its own
 * (`--batch=false`) loads only its gates.
 */
export async function gatesOf(options: GatesSchema, context: ExecutorContext, run: GateRun): Promise<{ success: boolean }> {
  const { gate, ...rest } = options;
  switch (gate) {
    case 'version-gate':
      return (require('../version-gate/version-gate') as typeof import('../version-gate/version-gate')).versionGateOf({}, context, run);
    case 'test-gate':
      return (require('../test-gate/test-gate') as typeof import('../test-gate/test-gate')).testGateOf(rest, context, run);
    case 'checklist-gate':
      return (require('../checklist-gate/checklist-gate') as typeof import('../checklist-gate/checklist-gate')).checklistGateOf(
        rest,
        context,
        run,
      );
    case 'release-gate': {
      const { runs = [], ...own } = rest;
      // Each gate it runs itself writes its report and prints its summary as its own task would; a failed one
      // does not stop the others, so one run shows every problem, and the verdict below names it.
      for (const inside of runs) await gatesOf({ ...own, gate: inside }, context, run);
      return (require('../release-gate/release-gate') as typeof import('../release-gate/release-gate')).releaseGateOf(
        { gates: own.gates },
        context,
        run,
      );
    }
  }
}

/** `nx run <project>:version-gate` and the other three, when the plugin infers them. */
export default gateExecutor(gatesOf);
