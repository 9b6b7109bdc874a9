import type { ExecutorContext } from '@nx/devkit';
import { gatherChecklistEvidence } from '../../adapters/checklist-evidence';
import { checklistChecks } from '../../core/gates/checklist';
import { readGateReport } from '../../adapters/gate-reports';
import { leftOutChecks } from '../lib/left-out';
import { runGate } from '../lib/run-gate';
import { gateExecutor, type GateRun } from '../lib/run-gate-batch';
import type { ChecklistGateSchema } from './schema';

/** The checklist gate of `context.projectName`, on the run's workspace plan. */
export async function checklistGateOf(options: ChecklistGateSchema, context: ExecutorContext, run: GateRun): Promise<{ success: boolean }> {
  const { success } = await runGate(
    'checklist-gate',
    context,
    async (project) => {
      const release = await run.release();
      const leftOut = leftOutChecks(release, project);
      if (leftOut) return { checks: leftOut };
      const targets = Object.keys(context.projectsConfigurations?.projects[project]?.targets ?? {});
      const evidence = await gatherChecklistEvidence(
        release,
        project,
        (gate) => readGateReport(context.root, project, gate),
        options,
        targets,
      );
      return { checks: checklistChecks(evidence) };
    },
    run.print,
  );
  return { success };
}

/** `nx run <project>:checklist-gate`: the pre-release checklist. */
export default gateExecutor(checklistGateOf);
