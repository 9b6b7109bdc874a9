import * as semver from 'semver';
import { ReleaseProcessError } from './release-error';
import { lastReleasesOf, releaseTag, releaseTagMatcher, type ReleaseGroup } from './release-groups';
import type { GitTag, TaggedRelease } from './tag-pattern';
import { ROLLBACK_SUFFIX } from './tag-pattern';

/** A release tag read back: the group and projects it released, and the version. */
export interface TaggedProjects {
  group: ReleaseGroup;
  projects: string[];
  version: string;
}

/** Which projects a release tag belongs to (a fixed group's tag: all of them), and its version. */
export function projectsOfTag(groups: ReleaseGroup[], tag: string): TaggedProjects {
  for (const group of groups) {
    const projects = group.projects.filter((name) => releaseTagMatcher(group, name)(tag));
    if (projects.length > 0) {
      const version = releaseTagMatcher(group, projects[0])(tag) as string;
      return { group, projects: group.relationship === 'fixed' ? group.projects : projects, version };
    }
  }
  const patterns = [...new Set(groups.map((group) => group.tagPattern))].join(', ');
  throw new ReleaseProcessError(`tag ${tag} is not a release tag of this workspace`, `Release tags here look like ${patterns}`);
}

/** The tag of the patch release after `tag`: the hotfix's version and tag. */
export function hotfixTag(tagged: TaggedProjects): { version: string; tag: string } {
  if (semver.prerelease(tagged.version)) {
    throw new ReleaseProcessError(`${tagged.version} is a release candidate`, 'Hotfixes start from a final release tag such as v1.2.0');
  }
  const version = semver.inc(tagged.version, 'patch') as string;
  return {
    version,
    tag: releaseTag(tagged.group, tagged.projects[0], version),
  };
}

/** The tag that marks a release rolled back: `v1.2.0-rollback`. */
export function rollbackTag(tag: string): string {
  return `${tag}${ROLLBACK_SUFFIX}`;
}

/** The stable release before the one tagged `tag`, among the tags it was built on: what a rollback returns to. */
export function previousRelease(tags: GitTag[], tagged: TaggedProjects, tag: string): TaggedRelease | null {
  const earlier = tags.filter((candidate) => candidate.name !== tag);
  return lastReleasesOf(tagged.group, tagged.projects[0], earlier).latestStable;
}
