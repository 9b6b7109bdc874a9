import * as semver from 'semver';
import { ReleaseProcessError } from './release-error';

/** How dist-tags are named: a prerelease's by its preid, an older line's by its major (or major.minor). */
export interface DistTagRules {
  /** `{preid}`: `rc` for 2.0.0-rc.1, `next` when the prerelease has no word (2.0.0-0). */
  prerelease: string;
  /** `v{line}-latest`: `v1-latest` for 1.4.1 while 2.0.0 is latest, `v2.0-latest` for 2.0.1 while 2.1.0 is. */
  line: string;
}

export const DEFAULT_DIST_TAGS: DistTagRules = { prerelease: '{preid}', line: 'v{line}-latest' };

export interface DistTagChoice {
  tag: string;
  /** Whether the release becomes the one users get by default (`latest`, and the forge's latest release). */
  latest: boolean;
  /** Why, in a few words, for the dry run and the log. */
  reason: string;
}

/**
 * The dist-tag a version is published under, so no publish ever moves users backwards (nrwl/nx#30979):
 * `latest` only for a version above the one `latest` points at now (or a first publish); an older line's
 * release under its line tag; a prerelease under a tag named after its preid, never `latest`.
 */
export function distTagFor(version: string, currentLatest: string | null, rules: DistTagRules = DEFAULT_DIST_TAGS): DistTagChoice {
  const pre = semver.prerelease(version);
  if (pre) {
    const preid = typeof pre[0] === 'string' ? pre[0] : 'next';
    return { tag: checkedTag(rules.prerelease.replace(/\{preid\}/g, preid)), latest: false, reason: `prerelease ${preid}` };
  }
  if (!currentLatest || !semver.valid(currentLatest) || semver.gt(version, currentLatest)) {
    return { tag: 'latest', latest: true, reason: currentLatest ? `above ${currentLatest}` : 'first publish' };
  }
  const sameMajor = semver.major(version) === semver.major(currentLatest);
  const line = sameMajor ? `${semver.major(version)}.${semver.minor(version)}` : `${semver.major(version)}`;
  return {
    tag: checkedTag(rules.line.replace(/\{line\}/g, line).replace(/\{major\}/g, String(semver.major(version)))),
    latest: false,
    reason: `${currentLatest} is latest`,
  };
}

/** npm refuses a tag that reads as a version or a range: `1.x` would be taken for one. */
function checkedTag(tag: string): string {
  if (!/^[A-Za-z][\w.-]*$/.test(tag) || semver.validRange(tag) !== null) {
    throw new ReleaseProcessError(
      `the dist-tag "${tag}" is not one npm takes`,
      'Set distTags.line / distTags.prerelease to start with a letter, e.g. "v{line}-latest"',
    );
  }
  return tag;
}
