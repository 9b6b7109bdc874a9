import { readBenchmarkHistory, readProjectGateReports } from '../adapters/gate-reports';
import { buildReleaseReport, type ReleaseReport } from '../core/report/report-model';
import { planWorkspaceRelease } from './plan-workspace';
import { readReleaseStatus } from './release-status';

/** Reads the plan, every gate report of the last runs, the benchmark history and the release status of each planned project. */
export async function collectReleaseReport(path: string): Promise<ReleaseReport> {
  const release = await planWorkspaceRelease({ path });
  const root = release.workspace.root;
  const names = release.plan.projects.map((project) => project.name);
  return buildReleaseReport(
    root,
    release.plan.projects,
    names.flatMap((name) => readProjectGateReports(root, name)),
    names.flatMap((name) => readBenchmarkHistory(root, name)),
    await readReleaseStatus(release.repository, release.groups),
  );
}
