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
  // Stamped now, inside the cached output, when a task later in this very Nx run reads it (a release); the
  // plugin's hook stamps every gate of the run after it, in one pass, cached or not. Stamping each of a
  // hundred gates itself is six git runs each, most of a gates run. A workspace outside git has no commit to
  // judge: the verdict stays unstamped, and the release step (which needs git) says so.
  const project = context.projectName as string;
  if (success && context.projectGraph && readLaterInThisRun(context, project)) {
    await stampJudgedContent(context.root, new Map([[project, judgedFolders(gateGraphOf(context.projectGraph), project)]])).catch(
      (error: Error) => {
        if (!(error instanceof ReleaseProcessError)) throw error;
      },
    );
  }
  return { success };
}

/** Whether a task of this run other than a release gate comes after this project's release gate; true when Nx does not say. */
function readLaterInThisRun(context: ExecutorContext, project: string): boolean {
  const graph = context.taskGraph;
  if (!graph) return true;
  const id = Object.keys(graph.tasks).find(
    (candidate) => graph.tasks[candidate].target.project === project && graph.tasks[candidate].target.target === context.targetName,
  );
  if (!id) return true;
  return Object.entries(graph.dependencies).some(
    ([dependent, dependencies]) => dependencies.includes(id) && graph.tasks[dependent]?.target.target !== context.targetName,
  );
}

/** `nx run-many -t release-gate`: may this project be released? */
export default gateExecutor(releaseGateOf);
