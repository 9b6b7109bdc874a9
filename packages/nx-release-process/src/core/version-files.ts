import { ReleaseProcessError } from './release-error';
import { escapeRegExp } from './regexp';

/** A user-configured version file, as bump2version / bump-my-version describe them. */
export interface VersionFilePattern {
  /** Project patterns this applies to (names, globs, tag:x); all projects when absent. */
  projects?: string | string[];
  /** Path relative to the project root. */
  file: string;
  /** Text to find, with `{version}` (the current version) and `{date}` (any YYYY-MM-DD) placeholders. */
  search: string;
  /** Replacement, with `{version}` (the new version) and `{date}` (the release date); `search` when absent. */
  replace?: string;
}

export interface VersionChange {
  current: string;
  next: string;
  /** Release date, YYYY-MM-DD. */
  date: string;
}

export type BuiltInVersionFile = 'package.json' | 'pyproject.toml' | 'Cargo.toml' | 'version.py' | 'version.ts';

// Group 2 is the version in each: the bump replaces it, the version gate reads it.
const VERSION_PY = /^(__version__\s*=\s*['"])([^'"]*)(['"])/m;
const RELEASE_DATE_PY = /^(__release_date__\s*=\s*['"])([^'"]*)(['"])/m;
const VERSION_TS = /^(export\s+const\s+\w*VERSION\w*\s*(?::\s*string\s*)?=\s*['"`])([^'"`]*)(['"`])/im;
const TOML_TABLES: Partial<Record<BuiltInVersionFile, string[]>> = {
  'pyproject.toml': ['project', 'tool.poetry'],
  'Cargo.toml': ['package'],
};

/** Which built-in kind a path is, by its name; null for any other file. */
export function builtInKind(path: string): BuiltInVersionFile | null {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'package.json' || name === 'pyproject.toml' || name === 'Cargo.toml' || name === 'version.py' || name === 'version.ts') {
    return name;
  }
  return null;
}

/**
 * The text of a built-in version file with the version (and release date, in version.py) replaced.
 * Throws, naming the file, when the file does not carry the current version: a file out of step is a
 * mistake to fix before anything is written, not to overwrite.
 */
export function bumpBuiltInVersionFile(kind: BuiltInVersionFile, path: string, text: string, change: VersionChange): string {
  switch (kind) {
    case 'package.json':
      return bumpPackageJson(path, text, change);
    case 'pyproject.toml':
    case 'Cargo.toml':
      return replaceInTable(path, text, TOML_TABLES[kind] as string[], change);
    case 'version.py':
      return replaceOnce(path, text, VERSION_PY, change).replace(RELEASE_DATE_PY, `$1${change.date}$3`);
    case 'version.ts':
      return replaceOnce(path, text, VERSION_TS, change);
  }
}

/** The version a built-in version file carries, or null when it has none. */
export function versionCarriedBy(kind: BuiltInVersionFile, path: string, text: string): string | null {
  switch (kind) {
    case 'package.json': {
      const version = (parseJson(path, text) as { version?: unknown }).version;
      return version === undefined ? null : String(version); // a non-string version is invalid, not absent
    }
    case 'pyproject.toml':
    case 'Cargo.toml': {
      const lines = text.split('\n');
      const found = findTableVersion(lines, TOML_TABLES[kind] as string[]);
      return found ? found.match[2] : null;
    }
    case 'version.py':
      return VERSION_PY.exec(text)?.[2] ?? null;
    case 'version.ts':
      return VERSION_TS.exec(text)?.[2] ?? null;
  }
}

/** The `version = "..."` line inside one of the tables: its index and match (group 2 is the version). */
function findTableVersion(lines: string[], tables: string[]): { index: number; match: RegExpExecArray } | null {
  let table = '';
  for (let index = 0; index < lines.length; index++) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(lines[index]);
    if (header) table = header[1].trim();
    const match = /^(\s*version\s*=\s*["'])([^"']*)(["'].*)$/.exec(lines[index]);
    if (match && tables.includes(table)) return { index, match };
  }
  return null;
}

/** Whether a configured pattern finds the given version in the text. */
export function patternCarries(text: string, pattern: VersionFilePattern, version: string): boolean {
  return new RegExp(patternSource(pattern.search, version)).test(text);
}

function bumpPackageJson(path: string, text: string, change: VersionChange): string {
  const manifest = parseJson(path, text) as { version?: unknown };
  if (manifest.version !== change.current) throw outOfStep(path, String(manifest.version), change.current);
  return replaceJsonField(text, 'version', change.next);
}

function replaceInTable(path: string, text: string, tables: string[], change: VersionChange): string {
  const lines = text.split('\n');
  const found = findTableVersion(lines, tables);
  if (!found) throw outOfStep(path, null, change.current);
  const [, before, version, after] = found.match;
  if (version !== change.current) throw outOfStep(path, version, change.current);
  lines[found.index] = `${before}${change.next}${after}`;
  return lines.join('\n');
}

function replaceOnce(path: string, text: string, pattern: RegExp, change: VersionChange): string {
  const match = pattern.exec(text);
  if (!match) throw outOfStep(path, null, change.current);
  if (match[2] !== change.current) throw outOfStep(path, match[2], change.current);
  return text.replace(pattern, `$1${change.next}$3`);
}

/** Applies a configured search/replace pattern; every occurrence is replaced, and there must be one. */
export function bumpPatternFile(path: string, text: string, pattern: VersionFilePattern, change: VersionChange): string {
  const search = new RegExp(patternSource(pattern.search, change.current), 'g');
  if (!search.test(text)) {
    throw new ReleaseProcessError(
      `${path} does not contain "${pattern.search.replace(/\{version\}/g, change.current)}"`,
      'Bring the file in step with the current version, or fix the search pattern in versionFiles',
    );
  }
  const replacement = (pattern.replace ?? pattern.search).replace(/\{version\}/g, change.next).replace(/\{date\}/g, change.date);
  return text.replace(search, () => replacement);
}

function patternSource(search: string, current: string): string {
  return search
    .split(/(\{version\}|\{date\})/)
    .map((part) => {
      if (part === '{version}') return escapeRegExp(current);
      if (part === '{date}') return '\\d{4}-\\d{2}-\\d{2}';
      return escapeRegExp(part);
    })
    .join('');
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/**
 * Updates a manifest's ranges on released workspace packages so they admit the new versions, keeping
 * the range's style (`^`, `~`, exact); `*`, `workspace:` and other protocols are left as they are.
 * Returns the text unchanged when nothing needs to change.
 */
export function updateDependencyRanges(path: string, text: string, versions: Record<string, string>): string {
  const manifest = parseJson(path, text) as Record<string, Record<string, string> | undefined>;
  let result = text;
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      const next = versions[name];
      if (!next || typeof range !== 'string') continue;
      const style = /^([~^]|>=)?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.exec(range.trim());
      if (!style) continue; // '*', 'workspace:*', 'file:', git URLs: not ours to rewrite
      const updated = `${style[1] ?? ''}${next}`;
      if (updated !== range) result = replaceDependencyRange(result, field, name, updated);
    }
  }
  return result;
}

// Edits keep the file's own formatting: only the value changes, found after its key in the raw text.
function replaceJsonField(text: string, field: string, value: string): string {
  return text.replace(new RegExp(`("${escapeRegExp(field)}"\\s*:\\s*")[^"]*(")`), `$1${value}$2`);
}

function replaceDependencyRange(text: string, field: string, name: string, range: string): string {
  const block = new RegExp(`("${field}"\\s*:\\s*\\{[^}]*?"${escapeRegExp(name)}"\\s*:\\s*")[^"]*(")`);
  return text.replace(block, `$1${range}$2`);
}

function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ReleaseProcessError(`${path} is not valid JSON: ${(error as Error).message}`, 'Fix the file, then run again');
  }
}

function outOfStep(path: string, found: string | null, current: string): ReleaseProcessError {
  return new ReleaseProcessError(
    found === null
      ? `${path} has no version to bump (expected ${current})`
      : `${path} carries version ${found}, not the current ${current}`,
    'Bring every version file of the project to the same current version before releasing',
  );
}
