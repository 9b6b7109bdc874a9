// semver's own modules, not its index (17 ms): the plugin reads project versions on every Nx command
import gt from 'semver/functions/gt';
import gte from 'semver/functions/gte';
import inc from 'semver/functions/inc';
import parse from 'semver/functions/parse';
import type { ReleaseType, SemVer } from 'semver';
import type { BumpOrNone } from './bump';
import { ReleaseProcessError } from './release-error';

export interface VersionStepInput {
  /** The project's current version: its last release (tag), or its manifest version before any release. */
  current: string;
  /** True when `current` comes from a tag; false for a project never released. */
  released: boolean;
  /** The last stable (non-prerelease) release, when `current` is a candidate. */
  lastStable: string | null;
  /** Bump asked for by the changes since the last stable release (or since `current` when it is stable). */
  bump: BumpOrNone;
  /** True when something changed since `current` itself (for a candidate: since the last candidate). */
  changedSinceCurrent: boolean;
  preid?: string;
  promote?: boolean;
}

/**
 * The next version, or null when nothing is to be released.
 * - stable: `inc(current, bump)`;
 * - `preid`: starts `X.Y.Z-<preid>.0` from the bump, or increments N while the candidate already covers the bump;
 * - `promote`: `X.Y.Z-<preid>.N` becomes `X.Y.Z`;
 * - never released: the manifest version itself (with `-<preid>.0` when a candidate is asked for).
 */
export function nextVersion(input: VersionStepInput): string | null {
  const current = parseVersion(input.current);
  if (input.promote) return promote(current);
  if (!input.released) return firstVersion(current, input.preid);
  if (input.bump === 'none' || !input.changedSinceCurrent) return null;

  const target = stableTarget(current, input.lastStable, input.bump);
  if (input.preid) {
    const continuesCandidate = current.prerelease.length > 0 && current.prerelease[0] === input.preid && gte(baseOf(current), target);
    return continuesCandidate ? increment(current, 'prerelease', input.preid) : `${target}-${input.preid}.0`;
  }
  return target;
}

function stableTarget(current: SemVer, lastStable: string | null, bump: Exclude<BumpOrNone, 'none'>): string {
  if (current.prerelease.length === 0) return increment(current, bump);
  // A candidate's final version is the higher of its own base and what the changes since the last stable ask for.
  const base = baseOf(current);
  if (!lastStable) return base;
  const fromStable = increment(parseVersion(lastStable), bump);
  return gt(fromStable, base) ? fromStable : base;
}

function promote(current: SemVer): string {
  if (current.prerelease.length === 0) {
    throw new ReleaseProcessError(
      `${current.version} is not a release candidate, so there is nothing to promote`,
      'Run without --promote for a normal release, or with --preid rc to cut a candidate first',
    );
  }
  return baseOf(current);
}

function firstVersion(current: SemVer, preid: string | undefined): string {
  if (!preid || current.prerelease.length > 0) return current.version;
  return `${current.version}-${preid}.0`;
}

function baseOf(version: SemVer): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}

function increment(version: SemVer, release: ReleaseType, preid?: string): string {
  const next = preid === undefined ? inc(version.version, release) : inc(version.version, release, preid);
  if (!next) throw new ReleaseProcessError(`cannot apply a ${release} bump to ${version.version}`);
  return next;
}

/** Parses a version or throws the error that names it. */
export function parseVersion(version: string, where?: string): SemVer {
  const parsed = parse(version);
  if (!parsed) {
    throw new ReleaseProcessError(
      `invalid version "${version}"${where ? ` in ${where}` : ''}`,
      'Set a semantic version such as 1.2.0 or 1.2.0-rc.1',
    );
  }
  return parsed;
}
