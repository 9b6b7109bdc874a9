import * as semver from 'semver';
import { ReleaseProcessError } from './release-error';
import { escapeRegExp } from './regexp';

/** A tag as the git adapter lists it: name and the commit it points to (peeled for annotated tags). */
/** Appended to a release tag to mark it rolled back (`v1.2.0-rollback`): such a tag is no release. */
export const ROLLBACK_SUFFIX = '-rollback';

export interface GitTag {
  name: string;
  commit: string;
}

/** A tag with what the release history needs: when it was made, its message's subject and `Release-Kind` trailer. */
export interface TagRecord extends GitTag {
  /** ISO 8601: the tagger's date of an annotated tag, the commit's of a lightweight one. */
  date: string;
  subject: string;
  /** `hotfix` for the release of a hotfix branch; null when the tag says nothing. */
  kind: string | null;
  /** The reason given when the release was made with its gates skipped; null (or absent) otherwise. */
  gatesSkipped?: string | null;
}

export interface TagNames {
  projectName: string;
  releaseGroupName?: string;
}

/** Fills `{projectName}`, `{releaseGroupName}` and `{version}` in a tag pattern (nx release's placeholders). */
export function tagFor(pattern: string, names: TagNames, version: string): string {
  return fillNames(pattern, names).replace(/\{version\}/g, version);
}

function fillNames(pattern: string, names: TagNames): string {
  return pattern
    .replace(/\{projectName\}/g, names.projectName)
    .replace(/\{releaseGroupName\}/g, names.releaseGroupName ?? names.projectName);
}

/** Compiles a tag pattern into a matcher that returns the version a tag carries, or null. */
export function tagMatcher(pattern: string, names: TagNames): (tag: string) => string | null {
  if (!pattern.includes('{version}')) {
    throw new ReleaseProcessError(
      `release tag pattern "${pattern}" has no {version} placeholder`,
      'Use a pattern such as "v{version}" or "{projectName}@{version}"',
    );
  }
  const [before, ...after] = fillNames(pattern, names).split('{version}');
  const regex = new RegExp(`^${escapeRegExp(before)}(.+)${after.map(escapeRegExp).join('\\1')}$`);
  return (tag) => {
    const match = regex.exec(tag);
    // Only the canonical spelling: `vv9.0.0` under `v{version}` is a stray tag, not release 9.0.0.
    return match && semver.valid(match[1]) === match[1] ? match[1] : null;
  };
}

export interface TaggedRelease {
  version: string;
  tag: string;
  commit: string;
}

export interface LastReleases {
  /** The highest release, candidates included. */
  latest: TaggedRelease | null;
  /** The highest stable release. */
  latestStable: TaggedRelease | null;
}

/** The highest tags matching the pattern among the tags reachable from the release point. */
export function lastReleases(tags: GitTag[], pattern: string, names: TagNames): LastReleases {
  const versionOf = tagMatcher(pattern, names);
  let latest: TaggedRelease | null = null;
  let latestStable: TaggedRelease | null = null;
  for (const tag of tags) {
    const version = versionOf(tag.name);
    if (!version || version.endsWith(ROLLBACK_SUFFIX)) continue; // `v1.2.0-rollback` marks a revert, not a release
    const release = { version, tag: tag.name, commit: tag.commit };
    if (!latest || semver.gt(version, latest.version)) latest = release;
    if (!semver.prerelease(version) && (!latestStable || semver.gt(version, latestStable.version))) {
      latestStable = release;
    }
  }
  return { latest, latestStable };
}
