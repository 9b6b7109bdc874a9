import type { ProjectPlan } from './plan-release';
import { ReleaseProcessError } from './release-error';
import { interpolateMessage } from './nx-release-settings';

/** The tags a release makes, once each (a fixed group's members share one). */
export function distinctTags(tags: string[]): string[] {
  return [...new Set(tags)];
}

function releaseTags(released: ProjectPlan[]): string[] {
  return distinctTags(released.map((project) => project.nextTag as string));
}

/** `v1.2.0`, or `gpu-kernels@1.4.0, pricing-engine@2.1.1` for independent releases. */
export function releaseTitle(released: ProjectPlan[]): string {
  return releaseTags(released).join(', ');
}

/** The release commit: `chore: prepare release v1.2.0`. */
export function prepareCommitMessage(released: ProjectPlan[], template?: string | null): string {
  if (!template) return `chore: prepare release ${releaseTitle(released)}`;
  // As nx release does: `{version}` for one version; the tags in the body when projects release apart.
  const versions = [...new Set(released.map((project) => project.nextVersion as string))];
  const subject = interpolateMessage(template, versions.length === 1 ? { version: versions[0] } : {});
  const tags = releaseTags(released);
  return versions.length === 1 && tags.length === 1 ? subject : `${subject}\n\n${tags.map((tag) => `- ${tag}`).join('\n')}`;
}

/**
 * `release/v1.2.0` for a release with one tag; `release/gpu-kernels@1.4.0+2` when independent projects
 * release together (its first tag and how many more). A tag is made once, so two releases never share a
 * name, even on the same day. A template may use `{tag}` and `{version}` (one only), `{tags}` and `{date}`.
 */
export function releaseBranchName(released: ProjectPlan[], date: string, template?: string): string {
  const tags = releaseTags(released);
  const versions = [...new Set(released.map((project) => project.nextVersion as string))];
  const pattern = template ?? (tags.length === 1 ? 'release/{tag}' : 'release/{tags}');
  if (pattern.includes('{tag}') && tags.length !== 1) {
    throw new ReleaseProcessError(
      `branch name "${pattern}" needs one tag, but this release makes ${tags.length}`,
      'Use {tags} in --branch, or release fewer projects',
    );
  }
  if (pattern.includes('{version}') && versions.length !== 1) {
    throw new ReleaseProcessError(
      `branch name "${pattern}" needs one version, but this release has ${versions.length}`,
      'Use {tags} in --branch',
    );
  }
  return pattern
    .replace(/\{tags\}/g, tags.length === 1 ? tags[0] : `${tags[0]}+${tags.length - 1}`)
    .replace(/\{tag\}/g, tags[0])
    .replace(/\{version\}/g, versions[0])
    .replace(/\{date\}/g, date);
}

/** The prefix of the branches `nx g hotfix` makes: a release from one is a hotfix. */
export const HOTFIX_BRANCH_PREFIX = 'hotfix/';

/** The branch `nx g hotfix` makes for the hotfix release `tag`. */
export function hotfixBranchName(tag: string): string {
  return `${HOTFIX_BRANCH_PREFIX}${tag}`;
}
