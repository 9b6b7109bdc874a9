import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ReleaseProcessError } from '../core/release-error';
import { firstLine, runPackageTool } from './npm-registry';
import { readToml } from './python-packages';

/** A Rust crate a release publishes with `cargo publish`. */
export interface RustCrate {
  project: string;
  /** `[package] name`. */
  name: string;
  version: string;
  dir: string;
}

export interface CargoRegistryOptions {
  /** `cargo publish --registry NAME`: a registry of cargo's config (`[registries.NAME]` or `CARGO_REGISTRIES_NAME_INDEX`). */
  registry?: string;
}

/**
 * The crate of `dir`'s Cargo.toml when it is published: `[package]` with a name, and `publish` not
 * `false` (nor a list that leaves the chosen registry out), as cargo decides.
 */
export function rustCrateOf(dir: string, registry?: string): { name: string } | null {
  const path = join(dir, 'Cargo.toml');
  if (!existsSync(path)) return null;
  const manifest = readToml(path);
  const name = cargoPackageName(manifest);
  if (!name) return null;
  const publish = (manifest as { package?: { publish?: unknown } }).package?.publish;
  if (publish === false) return null;
  if (Array.isArray(publish) && !publish.includes(registry ?? 'crates-io')) return null;
  return { name };
}

/** A parsed Cargo.toml's `[package] name`; null for a workspace root or a manifest without one. */
export function cargoPackageName(manifest: Record<string, unknown>): string | null {
  const name = (manifest as { package?: { name?: unknown } }).package?.name;
  return typeof name === 'string' && name ? name : null;
}

/** cargo's own reason for a failure: its first line, without the `error: ` prefix. */
function cargoReason(stderr: string): string {
  return firstLine(stderr.replace(/^error: /, ''));
}

/**
 * The crates of a Cargo workspace rooted at `dir` that take their version from it
 * (`version.workspace = true`), each published unless `publish` says otherwise, in dependency order: a crate
 * after the members it depends on, as the registry needs them there first.
 */
export function workspaceCratesOf(dir: string, registry?: string): Array<{ name: string; dir: string }> {
  const path = join(dir, 'Cargo.toml');
  if (!existsSync(path)) return [];
  const root = readToml(path) as { workspace?: { members?: unknown } };
  const members = Array.isArray(root.workspace?.members)
    ? (root.workspace.members as unknown[]).filter((m): m is string => typeof m === 'string')
    : [];
  const crates: Array<{ name: string; dir: string; uses: string[] }> = [];
  for (const memberDir of members.flatMap((member) => expandMember(dir, member))) {
    const manifest = readToml(join(memberDir, 'Cargo.toml')) as {
      package?: { version?: unknown };
      dependencies?: Record<string, unknown>;
      'build-dependencies'?: Record<string, unknown>;
    };
    const inherited =
      typeof manifest.package?.version === 'object' && (manifest.package.version as { workspace?: unknown }).workspace === true;
    const crate = rustCrateOf(memberDir, registry);
    if (!crate || !inherited) continue;
    const uses = [...Object.entries(manifest.dependencies ?? {}), ...Object.entries(manifest['build-dependencies'] ?? {})].map(
      ([key, spec]) =>
        typeof spec === 'object' && spec !== null && typeof (spec as { package?: unknown }).package === 'string'
          ? (spec as { package: string }).package
          : key,
    );
    crates.push({ name: crate.name, dir: memberDir, uses });
  }
  const ordered: Array<{ name: string; dir: string }> = [];
  const placed = new Set<string>();
  const place = (crate: (typeof crates)[number], seen: Set<string>) => {
    if (placed.has(crate.name) || seen.has(crate.name)) return;
    seen.add(crate.name);
    for (const used of crate.uses) {
      const dependency = crates.find((candidate) => candidate.name === used);
      if (dependency) place(dependency, seen);
    }
    placed.add(crate.name);
    ordered.push({ name: crate.name, dir: crate.dir });
  };
  for (const crate of crates) place(crate, new Set());
  return ordered;
}

/**
 * Every crate a project releases, in publish order: the members of the Cargo workspace it roots that take
 * its version (dependencies first), then its own `[package]`.
 */
export function cratesOfProject(dir: string, registry?: string): Array<{ name: string; dir: string }> {
  const own = rustCrateOf(dir, registry);
  return [...workspaceCratesOf(dir, registry), ...(own ? [{ name: own.name, dir }] : [])];
}

/** A `members` entry: a folder, or folders matched by a trailing `*` (`crates/*`), as cargo reads them. */
function expandMember(root: string, member: string): string[] {
  if (!member.endsWith('/*')) return existsSync(join(root, member, 'Cargo.toml')) ? [join(root, member)] : [];
  const parent = join(root, member.slice(0, -2));
  if (!existsSync(parent)) return [];
  return readdirSync(parent, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(parent, entry.name, 'Cargo.toml')))
    .map((entry) => join(parent, entry.name))
    .sort();
}

/** Fails, saying what to install, when cargo is not on PATH. */
export async function verifyCargo(root: string): Promise<void> {
  const result = await runPackageTool('cargo', ['--version'], root);
  if (result.code !== 0) {
    throw new ReleaseProcessError(
      `this release publishes Rust crates, and ${firstLine(result.stderr) || 'cargo does not run'}`,
      'Install Rust (rustup), then run again',
    );
  }
}

const registryArgs = (options: CargoRegistryOptions) => (options.registry ? ['--registry', options.registry] : []);

/** Whether the registry has this version of the crate already (`cargo info`, which reads cargo's own config). */
export async function isCratePublished(crate: RustCrate, options: CargoRegistryOptions): Promise<boolean> {
  const result = await runPackageTool('cargo', ['info', `${crate.name}@${crate.version}`, ...registryArgs(options), '--quiet'], crate.dir);
  if (result.code === 0) return /^version:\s*(\S+)/m.exec(result.stdout)?.[1] === crate.version;
  if (/could not find|no matching|not found/i.test(result.stderr)) return false;
  throw new ReleaseProcessError(
    `cargo could not ask the registry about ${crate.name}: ${cargoReason(result.stderr)}`,
    'Check the registry in cargo’s config (and --cargo-registry), then run again',
  );
}

/**
 * `cargo publish` of one crate, which packages and builds it first (token from `CARGO_REGISTRY_TOKEN` or
 * `CARGO_REGISTRIES_<NAME>_TOKEN`, as cargo reads it). A version the registry has already is done.
 */
export async function publishCrate(crate: RustCrate, options: CargoRegistryOptions): Promise<void> {
  const result = await runPackageTool('cargo', ['publish', '--package', crate.name, ...registryArgs(options)], crate.dir);
  if (result.code === 0 || /already (exists|uploaded)/i.test(result.stderr)) return;
  // cargo says "error: <what>" then "Caused by:" with the registry's answer on the lines below.
  const reason = result.stderr
    .split('\n')
    .map((line) => line.trim().replace(/^error:\s*/i, ''))
    .filter(
      (line) =>
        line && !/^caused by:?$/i.test(line) && !/^(Updating|Packaging|Verifying|Compiling|Finished|Uploading|Packaged)\b/.test(line),
    )
    .join(': ');
  throw new ReleaseProcessError(
    `cargo publish of ${crate.name} ${crate.version} failed: ${reason || firstLine(result.stderr)}`,
    'Fix the cause (the token, the registry, the build), then run the release again: it skips what is done',
  );
}

/** `cargo yank` of a released version, for a rollback. */
export async function yankCrate(crate: RustCrate, options: CargoRegistryOptions): Promise<void> {
  const result = await runPackageTool('cargo', ['yank', '--version', crate.version, crate.name, ...registryArgs(options)], crate.dir);
  if (result.code !== 0 && !/already yanked/i.test(result.stderr)) {
    throw new ReleaseProcessError(
      `cargo yank of ${crate.name} ${crate.version} failed: ${cargoReason(result.stderr)}`,
      'Fix the cause, then run the rollback again',
    );
  }
}

/** Rewrites Cargo.lock for the workspace's own new versions, fetching nothing. */
export async function updateCargoLockfile(root: string): Promise<boolean> {
  const result = await runPackageTool('cargo', ['update', '--workspace', '--offline'], root);
  if (result.code !== 0) {
    throw new ReleaseProcessError(
      `cargo could not update Cargo.lock: ${cargoReason(result.stderr)}`,
      'Run `cargo update --workspace` to see why, fix it, then run again',
    );
  }
  return true;
}
