import type { PublishConfig } from '../core/release-actions';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReleaseProcessError } from '../core/release-error';
import { manifestCandidates } from '../core/version-files';
import { listedDiskReader } from './file-readers';
import { parsePackageJson } from '../core/version-files/package-json';
import { parseVersion } from '../core/version-step';

export interface ManifestVersion {
  /** Path of the file relative to the project root. */
  file: string;
  version: string;
}

/**
 * The version a project declares, from its first manifest that has one (a manifest kind's locations in
 * order: a pyproject.toml with `dynamic = ["version"]` defers to `src/<package>/version.py`); null for a
 * project without any.
 */
export function readManifestVersion(projectDir: string, displayRoot = projectDir): ManifestVersion | null {
  const found = manifestVersions(projectDir, displayRoot);
  // Manifests that disagree (npm init's package.json at 1.0.0 beside pyproject.toml at 1.1.0) would plan
  // from whichever comes first: refused, naming both.
  const other = found.find((candidate) => candidate.version !== found[0].version);
  if (other) {
    throw new ReleaseProcessError(
      `${join(displayRoot, found[0].file)} carries ${found[0].version} but ${join(displayRoot, other.file)} carries ${other.version}: a project's manifests must agree`,
      `Set both to the version last released (or remove the version from the one that is not the package's), then run again`,
    );
  }
  return found[0] ?? null;
}

/** Every manifest of the project that declares a version, in precedence order. */
function manifestVersions(projectDir: string, displayRoot: string): ManifestVersion[] {
  const found: ManifestVersion[] = [];
  for (const { kind, path: file } of manifestCandidates('', listedDiskReader(projectDir))) {
    const where = join(displayRoot, file);
    let version: string | null;
    try {
      version = kind.read(where, readFileSync(join(projectDir, file), 'utf8'));
    } catch (error) {
      throw new ReleaseProcessError(`cannot read the version in ${where}: ${(error as Error).message}`, 'Fix the file so it parses');
    }
    if (version === null) continue;
    const canonical = parseVersion(version, where).version;
    if (canonical !== version) {
      // "v1.2.3" would be tagged `vv1.2.3` and compared loosely everywhere else
      throw new ReleaseProcessError(`version "${version}" in ${where} is not written as plain semver`, `Write it as "${canonical}"`);
    }
    found.push({ file, version });
  }
  return found;
}

/**
 * Whether the project declares a version at all, valid or not, without throwing: for target inference,
 * where one bad manifest must not break the whole Nx graph (the plan and the gates report it instead).
 * The first manifest with a version answers: a package.json's version spares the search for Python files,
 * which lists the project's folders, on every Nx command.
 */
export function declaresVersion(projectDir: string): boolean {
  for (const { kind, path: file } of manifestCandidates('', listedDiskReader(projectDir))) {
    try {
      if (kind.read(file, readFileSync(join(projectDir, file), 'utf8')) !== null) return true;
    } catch {
      return true; // unreadable: the plan and the gates name the file
    }
  }
  return false;
}

/**
 * Whether the project's package.json says `"private": true`. Like `nx release`, such projects (the workspace
 * root `create-nx-workspace` makes, apps) are left out of releases unless nx.json's release config names them.
 */
export function isPrivatePackage(projectDir: string): boolean {
  const path = join(projectDir, 'package.json');
  if (!existsSync(path)) return false;
  try {
    return (parsePackageJson(path, readFileSync(path, 'utf8')) as { private?: unknown }).private === true;
  } catch {
    return false; // reading its version reports the broken file
  }
}

/**
 * Whether the project may be released: it declares a version and, unless nx.json's release config names
 * projects itself, its package.json is not private. The plugin infers release targets for these only.
 */
export function isReleaseCandidate(projectDir: string, releaseConfigured: boolean): boolean {
  return declaresVersion(projectDir) && (releaseConfigured || !isPrivatePackage(projectDir));
}

/** The npm name of the package in `projectDir` that a release publishes: a package.json with a name, not private; else null. */
export function publishedPackageName(projectDir: string): string | null {
  const path = join(projectDir, 'package.json');
  if (!existsSync(path)) return null;
  const manifest = parsePackageJson(path, readFileSync(path, 'utf8')) as { name?: string; private?: boolean };
  return manifest.name && !manifest.private ? manifest.name : null;
}

/** The `publishConfig` fields the release step honours, from the package.json in `projectDir`. */
export function publishConfigOf(projectDir: string): PublishConfig | undefined {
  const path = join(projectDir, 'package.json');
  const declared = (parsePackageJson(path, readFileSync(path, 'utf8')) as { publishConfig?: Record<string, unknown> }).publishConfig;
  if (typeof declared !== 'object' || declared === null) return undefined;
  const text = (key: string) => (typeof declared[key] === 'string' && declared[key] ? (declared[key] as string) : undefined);
  const config: PublishConfig = { registry: text('registry'), tag: text('tag'), directory: text('directory') };
  return Object.values(config).some(Boolean) ? config : undefined;
}
