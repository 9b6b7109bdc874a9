import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReleaseProcessError } from '../core/release-error';
import { parseVersion } from '../core/version-step';

export interface ManifestVersion {
  /** Path of the file relative to the project root. */
  file: string;
  version: string;
}

type VersionReader = (text: string) => string | null;

// In order of precedence: the first of these files that carries a version is the project's manifest.
const MANIFESTS: Array<[string, VersionReader]> = [
  ['package.json', (text) => jsonVersion(text)],
  ['pyproject.toml', (text) => tomlVersion(text, ['project', 'tool.poetry'])],
  ['Cargo.toml', (text) => tomlVersion(text, ['package'])],
  ['version.py', (text) => /^__version__\s*=\s*['"]([^'"]*)['"]/m.exec(text)?.[1] ?? null],
];

/** The version a project declares, from its first manifest that has one; null for a project without any. */
export function readManifestVersion(projectDir: string, displayRoot = projectDir): ManifestVersion | null {
  for (const [file, read] of MANIFESTS) {
    const path = join(projectDir, file);
    if (!existsSync(path)) continue;
    const where = join(displayRoot, file);
    let version: string | null;
    try {
      version = read(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new ReleaseProcessError(`cannot read the version in ${where}: ${(error as Error).message}`, 'Fix the file so it parses');
    }
    if (version === null) continue;
    parseVersion(version, where);
    return { file, version };
  }
  return null;
}

/**
 * Whether the project declares a version at all, valid or not, without throwing: for target inference,
 * where one bad manifest must not break the whole Nx graph (the plan and the gates report it instead).
 */
export function declaresVersion(projectDir: string): boolean {
  try {
    return readManifestVersion(projectDir) !== null;
  } catch {
    return true;
  }
}

function jsonVersion(text: string): string | null {
  const manifest = JSON.parse(text) as { version?: unknown };
  if (manifest.version === undefined) return null;
  return String(manifest.version);
}

/** `version = "..."` inside one of the named TOML tables. */
function tomlVersion(text: string, tables: string[]): string | null {
  let table = '';
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      table = header[1].trim();
      continue;
    }
    const entry = /^\s*version\s*=\s*["']([^"']*)["']/.exec(line);
    if (entry && tables.includes(table)) return entry[1];
  }
  return null;
}
