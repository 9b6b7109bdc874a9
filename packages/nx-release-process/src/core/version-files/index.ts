import { cargoToml } from './cargo-toml';
import { packageJson } from './package-json';
import { pyprojectToml } from './pyproject-toml';
import { aboutPy, initPy, underscoreVersionPy, versionText } from './python-module';
import type { VersionFileKind } from './version-file';
import { versionPy } from './version-py';
import { versionTs } from './version-ts';

export { DEPENDENCY_FIELDS, updateDependencyRanges } from './package-json';
export { bumpPatternFile, patternCarries, type VersionFilePattern } from './pattern';
export type { VersionChange, VersionFileKind } from './version-file';

/**
 * Every kind of version file, in manifest precedence: a project's version is read from the first manifest
 * kind that carries one. Every list of kinds in the plugin comes from here.
 */
export const VERSION_FILE_KINDS: readonly VersionFileKind[] = [
  packageJson,
  pyprojectToml,
  cargoToml,
  versionPy,
  aboutPy,
  underscoreVersionPy,
  initPy,
  versionText,
  versionTs,
];

/** The kinds that can be a project's manifest, in precedence order. */
export const MANIFEST_KINDS = VERSION_FILE_KINDS.filter((kind) => kind.manifest);

/** The kind of a path, by its file name; null for any other file. */
export function versionFileKindOf(path: string): VersionFileKind | null {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return VERSION_FILE_KINDS.find((kind) => kind.name === name) ?? null;
}

/** "package.json, pyproject.toml, Cargo.toml or version.py": for messages that tell where a version may go. */
export function manifestNames(): string {
  const names = MANIFEST_KINDS.map((kind) => kind.name);
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** The reads locating version files needs (the Nx `Tree` and the disk reader both have them). */
export interface VersionFileLister {
  exists(path: string): boolean;
  read(path: string, encoding: 'utf-8'): string | null;
  children(dirPath: string): string[];
}

/**
 * The version files of a project that exist and carry a version, from each kind's locations under the
 * project root (`*` is any one folder but node_modules and dot folders: `gpu_kernels/version.py`).
 */
export function versionFilesOf(root: string, files: VersionFileLister): string[] {
  const found: string[] = [];
  for (const kind of VERSION_FILE_KINDS) {
    for (const location of kind.locations) {
      for (const path of expand(root, location, files)) {
        if (found.includes(path) || !files.exists(path)) continue;
        const text = files.read(path, 'utf-8');
        if (text !== null && kind.read(path, text) !== null) found.push(path);
      }
    }
  }
  return found;
}

/**
 * Where a project's manifest may be, in precedence order: each manifest kind's locations under the
 * project root (`src/pyproj/version.py` for a pyproject.toml whose version is dynamic), existing files only.
 * Found one at a time, so a caller that needs only the first does not list every folder for Python files.
 */
export function* manifestCandidates(root: string, files: VersionFileLister): Generator<{ kind: VersionFileKind; path: string }> {
  for (const kind of MANIFEST_KINDS) {
    for (const location of kind.locations) {
      for (const path of expand(root, location, files)) if (files.exists(path)) yield { kind, path };
    }
  }
}

function expand(root: string, location: string, files: VersionFileLister): string[] {
  const star = location.indexOf('*');
  if (star === -1) return [joinPath(root, location)];
  const folder = joinPath(root, location.slice(0, star).replace(/\/$/, ''));
  const rest = location.slice(star + 2);
  const children = files.exists(folder) ? files.children(folder) : [];
  return children
    .filter((child) => child !== 'node_modules' && !child.startsWith('.'))
    .map((child) => joinPath(folder, `${child}/${rest}`));
}

function joinPath(root: string, file: string): string {
  if (!root) return file;
  return file ? `${root.replace(/\/+$/, '')}/${file}` : root.replace(/\/+$/, '');
}
