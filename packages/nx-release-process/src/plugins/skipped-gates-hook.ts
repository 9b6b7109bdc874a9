import type { PostTasksExecutionContext } from '@nx/devkit';
import { writeFileAtomic } from '../adapters/files';
import { gateReportPath } from '../adapters/gate-reports';
import { cachedGateGraph } from '../adapters/workspace';
import { skippedGateReports } from '../core/gates/skipped-gates';

/**
 * Nx's `postTasksExecution` hook: Nx runs no task whose dependency failed and reports nothing for it, so
 * after a run the gates a failure held back (a failed `test` holds back `test-gate`) get a failed report;
 * the report and the dashboard never show the last run's pass for them.
 */
export async function postTasksExecution(_options: unknown, context: PostTasksExecutionContext): Promise<void> {
  const outcomes = Object.values(context.taskResults).map((result) => ({
    project: result.task.target.project,
    target: result.task.target.target,
    status: result.status,
  }));
  if (!outcomes.some((outcome) => outcome.status === 'failure')) return;
  const graph = await cachedGateGraph();
  if (!graph) return; // no graph to follow: Nx has not written one
  for (const report of skippedGateReports(outcomes, graph)) {
    writeFileAtomic(gateReportPath(context.workspaceRoot, report.project, report.gate), `${JSON.stringify(report, null, 2)}\n`);
  }
}
