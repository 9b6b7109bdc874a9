import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { publishedPackageName } from '../adapters/manifest-version';
import { isPublished, packedFiles, publishStaged, verifyRegistry } from '../adapters/npm-registry';
import { printerFor } from '../adapters/terminal';
import { ReleaseProcessError } from '../core/release-error';
import { assertSnapshotTag, DEFAULT_SNAPSHOT_TEMPLATE, snapshotManifest, snapshotVersion } from '../core/snapshot';
import { parsePackageJson } from '../core/version-files/package-json';
import { planWorkspaceRelease } from './plan-workspace';
import { buildPackages } from './release';
import { runPlannedSteps, step } from './planned-steps';
import { openStepJournal, type StepRecord } from '../adapters/step-journal';

export interface SnapshotOptions {
  path: string;
  /** The snapshot's name: in its versions and as its dist-tag (`pr-123`, `canary`). */
  preid: string;
  projects?: string[];
  registry?: string;
  dryRun?: boolean;
  /** The moment in its versions; the clock by default. */
  now?: Date;
  log?: (line: string) => void;
}

export interface SnapshotPackage {
  project: string;
  name: string;
  version: string;
}

export interface SnapshotOutcome {
  distTag: string;
  packages: SnapshotPackage[];
  /** The steps carried out (or, in a dry run, that would be), as the journal has them. */
  steps: StepRecord[];
}

const SNAPSHOT_COMMAND = 'release-process snapshot';

/**
 * `release-process snapshot --preid pr-123`: publishes what the next release would release, each as
 * `X.Y.Z-pr-123.<yyyymmddhhmmss>` under the dist-tag `pr-123`, with its dependencies on the other snapshots
 * pinned, so installing one snapshot pulls the others. Each package is published from a staged copy of the
 * files npm would pack: no commit, no tag, no changelog, and the working tree is never written.
 */
export async function publishSnapshot(options: SnapshotOptions): Promise<SnapshotOutcome> {
  const log = printerFor(options.log);
  assertSnapshotTag(options.preid);
  const release = await planWorkspaceRelease({ path: options.path, projects: options.projects });
  const template = release.workspace.options.snapshot?.prereleaseTemplate ?? DEFAULT_SNAPSHOT_TEMPLATE;
  if (typeof template !== 'string') {
    throw new ReleaseProcessError('snapshot.prereleaseTemplate in nx.json must be a string', 'Write it as "{preid}.{datetime}"');
  }
  const now = options.now ?? new Date();
  const packages = release.plan.projects.flatMap((project) => {
    const dir = join(release.workspace.root, project.root);
    const name = project.nextVersion ? publishedPackageName(dir) : null;
    if (!name || !project.nextVersion) return [];
    const version = snapshotVersion(project.nextVersion, template, { preid: options.preid, now, commit: release.head });
    return [{ project: project.name, name, version, dir, prerelease: true }];
  });
  if (packages.length === 0) {
    throw new ReleaseProcessError('nothing to snapshot: the plan releases no npm package', 'See `release-process plan` for why');
  }
  const outcome = { distTag: options.preid, packages: packages.map(({ project, name, version }) => ({ project, name, version })) };
  if (!options.dryRun) await verifyRegistry(release.workspace.root, { registry: options.registry });
  await buildPackages(release, packages, { dryRun: options.dryRun }, log);
  const pinned = Object.fromEntries(packages.map((pkg) => [pkg.name, pkg.version]));
  const current = currentVersions(release.workspace.root, release.workspace.projects);
  const staging = mkdtempSync(join(tmpdir(), 'release-snapshot-'));
  try {
    const pending: typeof packages = [];
    for (const pkg of packages) {
      if (await isPublished(release.workspace.root, pkg.name, pkg.version, { registry: options.registry })) {
        log(`${pkg.name}@${pkg.version} is published already`);
      } else pending.push(pkg);
    }
    // In dependency order (the plan's), so a snapshot's dependencies are out before it.
    const steps = pending.map((pkg) =>
      step('publish', `publish ${pkg.name}@${pkg.version} under ${options.preid}`, async () => {
        const staged = join(staging, pkg.project);
        for (const file of await packedFiles(pkg.dir)) {
          mkdirSync(dirname(join(staged, file)), { recursive: true });
          cpSync(join(pkg.dir, file), join(staged, file));
        }
        const manifestPath = join(pkg.dir, 'package.json');
        const manifest = parsePackageJson(manifestPath, readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
        writeFileSync(
          join(staged, 'package.json'),
          `${JSON.stringify(snapshotManifest(manifest, pkg.version, pinned, current), null, 2)}\n`,
        );
        await publishStaged(staged, options.preid, { registry: options.registry }).catch((error: Error) => {
          throw new ReleaseProcessError(
            error.message.replace(/\. Fix the cause.*$/, ''),
            `Fix the cause, then run the snapshot again: it publishes a new set under ${options.preid}`,
          );
        });
      }),
    );
    const repository = { root: release.workspace.root };
    const done = await runPlannedSteps(steps, {
      dryRun: options.dryRun,
      log,
      journal: options.dryRun ? null : await openStepJournal(repository, SNAPSHOT_COMMAND),
    });
    if (!options.dryRun)
      log(
        `Published ${packages.length} snapshot${packages.length === 1 ? '' : 's'}: npm install ${packages[packages.length - 1].name}@${options.preid}`,
      );
    return { ...outcome, steps: done };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The version each workspace package has now, for `workspace:` ranges of packages the snapshot leaves out. */
function currentVersions(root: string, projects: Array<{ root: string }>): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const project of projects) {
    const path = join(root, project.root, 'package.json');
    try {
      const manifest = parsePackageJson(path, readFileSync(path, 'utf8')) as { name?: unknown; version?: unknown };
      if (typeof manifest.name === 'string' && typeof manifest.version === 'string') versions[manifest.name] = manifest.version;
    } catch {
      // no package.json: nothing for a range to name
    }
  }
  return versions;
}
