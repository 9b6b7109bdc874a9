import { readBenchmarkHistory, readHealthHistory, readProjectBaseline, readProjectGateReports } from '../adapters/gate-reports';
import { buildReleaseReport, type ReleaseReport } from '../core/report/report-model';
import { planWorkspaceRelease } from './plan-workspace';
import { nowIso } from '../adapters/clock';
import { readReleaseHistory } from './release-metrics';

/** Reads the plan, every gate report of the last runs, the benchmark history, the release status and the release metrics. */
export async function collectReleaseReport(path: string, options: { days?: number } = {}): Promise<ReleaseReport> {
  const release = await planWorkspaceRelease({ path });
  const root = release.workspace.root;
  const names = release.plan.projects.map((project) => project.name);
  const roots = new Map(release.workspace.projects.map((project) => [project.name, project.root]));
  const history = await readReleaseHistory(release.repository, release.groups, roots, { days: options.days ?? 90 });
  return buildReleaseReport({
    workspace: root,
    projects: release.plan.projects,
    reports: names.flatMap((name) => readProjectGateReports(root, name)),
    history: names.flatMap((name) => readBenchmarkHistory(root, name)),
    baselines: Object.fromEntries(names.map((name) => [name, readProjectBaseline(root, name)])),
    health: names.flatMap((name) => readHealthHistory(root, name)),
    statuses: history.statuses,
    metrics: history.metrics,
    generatedAt: nowIso(),
  });
}
