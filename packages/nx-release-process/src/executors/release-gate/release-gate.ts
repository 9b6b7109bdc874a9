import type { ExecutorContext } from '@nx/devkit';
import { releaseGateChecks } from '../../core/gates/checklist';
import { ReleaseProcessError } from '../../core/release-error';
import { readGateReport, stampJudgedContent } from '../../adapters/gate-reports';
import { gateGraphOf } from '../../adapters/project-graph';
import { judgedFolders } from '../../core/dependents';
import { runGate } from '../lib/run-gate';
import { gateExecutor, type GateRun } from '../lib/run-gate-batch';
import type { ReleaseGateSchema } from './schema';

/** The release gate of `context.projectName`, its summary printed through `run.print`. */
export async function releaseGateOf(options: ReleaseGateSchema, context: ExecutorContext, run: GateRun): Promise<{ success: boolean }> {
  const gates = options.gates ?? ['version-gate', 'test-gate', 'checklist-gate'];
  const { success } = await runGate(
    'release-gate',
    context,
    async (project) => ({
      checks: releaseGateChecks(Object.fromEntries(gates.map((gate) => [gate, readGateReport(context.root, project, gate)]))),
    }),
    run.print,
  );
  // Stamped now, inside the cached output, for a release later in this very Nx run; the plugin's hook stamps
  // it again after the run, cached or not. A workspace outside git has no commit to judge: the verdict stays
  // unstamped, and the release step (which needs git) says so.
  const project = context.projectName as string;
  if (success && context.projectGraph) {
    await stampJudgedContent(context.root, new Map([[project, judgedFolders(gateGraphOf(context.projectGraph), project)]])).catch(
      (error: Error) => {
        if (!(error instanceof ReleaseProcessError)) throw error;
      },
    );
  }
  return { success };
}

/** `nx run-many -t release-gate`: may this project be released? */
export default gateExecutor(releaseGateOf);
