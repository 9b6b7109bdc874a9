import * as semver from 'semver';
import { ReleaseProcessError } from './release-error';

/** What follows `X.Y.Z-` in a snapshot's version, as changesets' `snapshot.prereleaseTemplate` says it. */
export const DEFAULT_SNAPSHOT_TEMPLATE = '{preid}.{datetime}';

export interface SnapshotValues {
  preid: string;
  /** The moment of the snapshot, UTC. */
  now: Date;
  /** The commit it is cut from. */
  commit: string;
}

/**
 * A snapshot's version: the next release's `X.Y.Z`, then the template with `{preid}` (or changesets'
 * `{tag}`), `{datetime}` (yyyymmddhhmmss, UTC), `{timestamp}` (ms) and `{commit}` (7 characters) filled in.
 */
export function snapshotVersion(nextVersion: string, template: string, values: SnapshotValues): string {
  const base = `${semver.major(nextVersion)}.${semver.minor(nextVersion)}.${semver.patch(nextVersion)}`;
  const datetime = values.now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const prerelease = template
    .replace(/\{(preid|tag)\}/g, values.preid)
    .replace(/\{datetime\}/g, datetime)
    .replace(/\{timestamp\}/g, String(values.now.getTime()))
    .replace(/\{commit\}/g, values.commit.slice(0, 7));
  const version = `${base}-${prerelease}`;
  if (!semver.valid(version) || /\{[^}]*\}/.test(prerelease)) {
    throw new ReleaseProcessError(
      `the snapshot template "${template}" gives "${version}", which is no version`,
      'Use {preid}, {datetime}, {timestamp} and {commit} with dots and hyphens, as in "{preid}.{datetime}"',
    );
  }
  return version;
}

/** A dist-tag or preid npm takes and that cannot be mistaken for a version: letters, digits, hyphens. */
export function assertSnapshotTag(preid: string): void {
  if (!/^[A-Za-z][0-9A-Za-z-]*$/.test(preid) || semver.validRange(preid) !== null) {
    throw new ReleaseProcessError(
      `--preid "${preid}" cannot name a snapshot`,
      'Use letters, digits and hyphens starting with a letter, such as pr-123',
    );
  }
}

const DEPENDENCY_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies'];

/**
 * The package.json a snapshot publishes: its version, each dependency on another snapshot pinned to that
 * exact version, and `workspace:` ranges of the others resolved to the version they have now (`*` as
 * exact, `^`/`~` with it), as pnpm and yarn publish them. Only the staged copy is written, never the
 * workspace's file.
 */
export function snapshotManifest(
  manifest: Record<string, unknown>,
  version: string,
  pinned: Record<string, string>,
  current: Record<string, string>,
): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...manifest, version };
  for (const field of DEPENDENCY_FIELDS) {
    const declared = manifest[field];
    if (typeof declared !== 'object' || declared === null) continue;
    copy[field] = Object.fromEntries(
      Object.entries(declared as Record<string, string>).map(([name, range]) => {
        if (pinned[name] && field !== 'devDependencies') return [name, pinned[name]];
        if (typeof range !== 'string' || !range.startsWith('workspace:')) return [name, range];
        const rest = range.slice('workspace:'.length);
        const now = pinned[name] ?? current[name];
        if (!now) return [name, rest];
        return [name, rest === '*' || rest === '' ? now : rest === '^' || rest === '~' ? `${rest}${now}` : rest];
      }),
    );
  }
  return copy;
}
