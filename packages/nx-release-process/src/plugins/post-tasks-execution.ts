import type { PostTasksExecutionContext } from '@nx/devkit';
import type { GateGraph } from '../core/gates/skipped-gates';

/** How a task ended when its report on disk is its verdict on the files as they are: run now, or taken from the cache. */
const VERDICT_ON_DISK = new Set(['success', 'local-cache', 'local-cache-kept-existing', 'remote-cache']);

/**
 * Nx's `postTasksExecution` hook, after every run:
 * - the gates a failure held back (a failed `test` holds back `test-gate`) get a failed report, since Nx
 *   runs no task whose dependency failed and reports nothing for it: the report and the dashboard never
 *   show the last run's pass for them;
 * - each release gate that passed, run now or taken from the cache, is stamped with the content it judged
 *   (HEAD and the uncommitted files under the project's and its dependencies' folders), which the release
 *   step compares with the commit it tags, unless its stamp still says what those files are.
 */
export async function postTasksExecution(_options: unknown, context: PostTasksExecutionContext): Promise<void> {
  const outcomes = Object.values(context.taskResults).map((result) => ({
    project: result.task.target.project,
    target: result.task.target.target,
    status: result.status,
  }));
  const judged = outcomes.filter((outcome) => outcome.target === 'release-gate' && VERDICT_ON_DISK.has(outcome.status));
  const failed = outcomes.some((outcome) => outcome.status === 'failure');
  if (!failed && judged.length === 0) return;
  // Loaded only now: Nx loads the plugin, and so this module, before every command of the workspace.
  const { nowIso } = require('../adapters/clock') as typeof import('../adapters/clock');
  const { stampJudgedContent, writeGateReport } = require('../adapters/gate-reports') as typeof import('../adapters/gate-reports');
  const { cachedGateGraph } = require('../adapters/project-graph') as typeof import('../adapters/project-graph');
  const { judgedFolders } = require('../core/dependents') as typeof import('../core/dependents');
  const { skippedGateReports } = require('../core/gates/skipped-gates') as typeof import('../core/gates/skipped-gates');
  // Nx's graph file is read only when needed: a no-change rerun has no failure, and its reports carry their
  // stamps with the folders they judged.
  let graph: GateGraph | null | undefined;
  const gateGraph = () => (graph === undefined ? (graph = cachedGateGraph(context.workspaceRoot)) : graph);
  if (failed) {
    const known = gateGraph();
    for (const report of known ? skippedGateReports(outcomes, known, nowIso()) : []) writeGateReport(context.workspaceRoot, report);
  }
  await stampJudgedContent(
    context.workspaceRoot,
    judged.map(({ project }) => project),
    (project) => {
      const known = gateGraph();
      return known ? judgedFolders(known, project) : null; // no graph to follow: Nx has not written one
    },
  );
}
