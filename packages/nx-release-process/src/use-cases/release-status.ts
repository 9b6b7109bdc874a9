import { writeReleaseStatusFile } from '../adapters/gate-reports';
import { listTagRecords, type Repository } from '../adapters/git';
import type { ReleaseGroup } from '../core/release-groups';
import { releaseStatus, type ProjectReleaseStatus } from '../core/release-status';

/** Every project's release status, from the repository's tags (one git run). */
export async function readReleaseStatus(repository: Repository, groups: ReleaseGroup[]): Promise<ProjectReleaseStatus[]> {
  return releaseStatus(groups, await listTagRecords(repository));
}

/**
 * Writes the status file after a release, hotfix or rollback, for the machines that read it (a status page,
 * a CI artifact). The status is the tags' (a fresh clone computes the same); the file only carries it out.
 */
export async function recordReleaseStatus(
  repository: Repository,
  groups: ReleaseGroup[],
): Promise<{ path: string; statuses: ProjectReleaseStatus[] }> {
  const statuses = await readReleaseStatus(repository, groups);
  return { path: writeReleaseStatusFile(repository.root, statuses), statuses };
}
