import { readCommitWindow, type Repository } from '../adapters/git';
import type { ReleaseGroup } from '../core/release-groups';
import { releaseMetrics, type ReleaseMetrics } from '../core/release-metrics';
import type { ProjectReleaseStatus } from '../core/release-status';
import { readReleaseStatus } from './release-status';

/** Each project's release history and DORA measures, from one listing of the tags and one `git log`. */
export async function readReleaseHistory(
  repository: Repository,
  groups: ReleaseGroup[],
  roots: Map<string, string>,
  options: { days: number; to?: Date },
): Promise<{ statuses: ProjectReleaseStatus[]; metrics: ReleaseMetrics }> {
  const statuses = await readReleaseStatus(repository, groups);
  const to = options.to ?? new Date();
  // Both periods (this one and the one before, for the trend), and for each project the release before them:
  // what it shipped is not counted again.
  const since = to.getTime() - 2 * options.days * 86_400_000;
  const inPeriods = statuses.flatMap((status) => status.events.filter((event) => Date.parse(event.at) > since && event.commit));
  const boundaries = statuses.map(
    (status) => status.events.filter((event) => Date.parse(event.at) <= since && event.commit).at(-1)?.commit ?? null,
  );
  const commits = await readCommitWindow(
    repository,
    inPeriods.map((event) => event.commit as string),
    boundaries,
  );
  const histories = statuses.map((status) => ({ project: status.project, root: roots.get(status.project) ?? '', events: status.events }));
  return { statuses, metrics: releaseMetrics(histories, commits, to, options.days) };
}
