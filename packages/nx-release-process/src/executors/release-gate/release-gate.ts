import type { ExecutorContext } from '@nx/devkit';
import { releaseGateChecks } from '../../core/gates/checklist';
import { gateStatus } from '../../core/gates/gate-report';
import { judgedContentOf, readGateReport, readJudgedSnapshot } from '../../adapters/gate-reports';
import { gateGraphOf } from '../../adapters/project-graph';
import { registersPlugin } from '../../adapters/workspace';
import { judgedFolders } from '../../core/dependents';
import { runGate } from '../lib/run-gate';
import { gateExecutor, type GateRun } from '../lib/run-gate-batch';
import type { ReleaseGateSchema } from './schema';

/** The release gate of `context.projectName`, its summary printed through `run.print`. */
export async function releaseGateOf(options: ReleaseGateSchema, context: ExecutorContext, run: GateRun): Promise<{ success: boolean }> {
  const gates = options.gates ?? ['version-gate', 'test-gate', 'checklist-gate'];
  // A passing verdict is stamped with the content it judged inside its report, so Nx caches the stamp with
  // it and a rerun taken from the cache finds it there. A batch reads that content once for all its gates;
  // a task in a process of its own reads it (a few git runs) when a task later in this very run reads the
  // report (a release) or when no hook will stamp it (targets written out without the plugin), and otherwise
  // leaves the stamp to the plugin's hook, one pass after the run.
  const graph = context.projectGraph;
  const foldersOf = (project: string) => (graph ? judgedFolders(gateGraphOf(graph), project) : []);
  // Asked only of a task in a process of its own: a batch has its snapshot, and this scans the task graph.
  const stampsItself = () => readLaterInThisRun(context) || !registersPlugin(context.nxJsonConfiguration ?? {});
  const judged =
    graph &&
    (run.judged ?? (stampsItself() ? () => readJudgedSnapshot(context.root, foldersOf(context.projectName as string)) : undefined));
  const { success } = await runGate(
    'release-gate',
    context,
    async (project) => {
      const checks = releaseGateChecks(Object.fromEntries(gates.map((gate) => [gate, readGateReport(context.root, project, gate)])));
      const snapshot = judged && gateStatus(checks) === 'pass' ? await judged() : null;
      return { checks, judged: snapshot ? judgedContentOf(snapshot, context.root, foldersOf(project)) : undefined };
    },
    run.print,
  );
  return { success };
}

/** Whether a task of this run other than a release gate comes after this project's release gate; true when Nx does not say. */
function readLaterInThisRun(context: ExecutorContext): boolean {
  const project = context.projectName as string;
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
