import * as semver from 'semver';
import type { ProjectPlan } from './plan-release';
import { ReleaseProcessError } from './release-error';
import { releaseTag, releaseTagMatcher, type ReleaseGroup } from './release-groups';

/** The tags a release makes, once each (a fixed group shares one). */
export function releaseTags(released: ProjectPlan[]): string[] {
  return [...new Set(released.map((project) => project.nextTag as string))];
}

/** `v1.2.0`, or `gpu-kernels@1.4.0, pricing-engine@2.1.1` for independent releases. */
export function releaseTitle(released: ProjectPlan[]): string {
  return releaseTags(released).join(', ');
}

/** The seed's commit: `chore: prepare release v1.2.0`. */
export function prepareCommitMessage(released: ProjectPlan[]): string {
  return `chore: prepare release ${releaseTitle(released)}`;
}

/**
 * `release/v1.2.0` for a release with one tag; `release/<date>` when independent projects release
 * together. A template may use `{tag}`, `{version}` (one version only) and `{date}`.
 */
export function releaseBranchName(released: ProjectPlan[], date: string, template?: string): string {
  const tags = releaseTags(released);
  const versions = [...new Set(released.map((project) => project.nextVersion as string))];
  const pattern = template ?? (tags.length === 1 ? 'release/{tag}' : 'release/{date}');
  if (pattern.includes('{tag}') && tags.length !== 1) {
    throw new ReleaseProcessError(
      `branch name "${pattern}" needs one tag, but this release makes ${tags.length}`,
      'Use {date} in --branch, or release fewer projects',
    );
  }
  if (pattern.includes('{version}') && versions.length !== 1) {
    throw new ReleaseProcessError(
      `branch name "${pattern}" needs one version, but this release has ${versions.length}`,
      'Use {date} in --branch',
    );
  }
  return pattern
    .replace(/\{tag\}/g, tags[0])
    .replace(/\{version\}/g, versions[0])
    .replace(/\{date\}/g, date);
}

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

export const ROLLBACK_SUFFIX = '-rollback';

export function rollbackTag(tag: string): string {
  return `${tag}${ROLLBACK_SUFFIX}`;
}
