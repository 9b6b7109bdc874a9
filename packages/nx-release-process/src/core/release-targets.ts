import * as semver from 'semver';
import type { ProjectPlan } from './plan-release';
import { releaseTag, type ReleaseGroup } from './release-groups';

/** A project whose prepared version is to be tagged and published. */
export interface ReleaseTarget {
  project: ProjectPlan;
  version: string;
  tag: string;
  prerelease: boolean;
  /** Tagged already, at the release commit: a release to finish (push, GitHub release, publish). */
  tagged: boolean;
}

/**
 * What the release step releases: the projects whose files carry a version newer than their last release
 * (prepared by release-branch or hotfix), or never released; and those tagged at `head` already, whose
 * release a failure interrupted. The version released is the one in the files: what was reviewed.
 */
export function releaseTargets(projects: ProjectPlan[], groups: ReleaseGroup[], head: string): ReleaseTarget[] {
  const groupOf = new Map(groups.flatMap((group) => group.projects.map((name) => [name, group] as const)));
  return projects.flatMap((project) => {
    const last = project.lastTag ? project.currentVersion : null;
    const tagged = project.lastTagCommit === head && last === project.manifestVersion;
    if (!tagged && last !== null && !semver.gt(project.manifestVersion, last)) return [];
    const group = groupOf.get(project.name) as ReleaseGroup;
    const tag = releaseTag(group, project.name, project.manifestVersion);
    return [{ project, version: project.manifestVersion, tag, prerelease: semver.prerelease(project.manifestVersion) !== null, tagged }];
  });
}
