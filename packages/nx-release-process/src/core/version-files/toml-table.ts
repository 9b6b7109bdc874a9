import { parse } from 'smol-toml';
import { reasonOf, ReleaseProcessError } from '../release-error';
import { outOfStep, type VersionChange } from './version-file';

/**
 * A TOML file's text parsed, to know what its tables hold (an edit stays a one-line change that keeps every
 * other byte: comments, quotes, order). Invalid TOML is refused, naming the file and the place.
 */
export function parsedToml(path: string, text: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (error) {
    const reason = reasonOf(error);
    throw new ReleaseProcessError(`${path} is not valid TOML: ${reason}`, 'Fix the file, then run again');
  }
}

/** The `version` a parsed table holds, for the first of `tables` that holds a string one. */
function parsedVersion(toml: Record<string, unknown>, tables: string[]): { table: string; version: string } | null {
  for (const table of tables) {
    let node: unknown = toml;
    for (const key of table.split('.'))
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    const version = typeof node === 'object' && node !== null ? (node as Record<string, unknown>).version : undefined;
    if (typeof version === 'string') return { table, version };
  }
  return null;
}

/** The `version = "..."` line inside `table`: its index and match (group 2 is the version). */
function findTableVersion(lines: string[], table: string): { index: number; match: RegExpExecArray } | null {
  let current = '';
  for (let index = 0; index < lines.length; index++) {
    // A header may carry a comment (`[project] # PEP 621`) and spaces inside its brackets.
    const header = /^\s*\[([^\][]+)\]\s*(?:#.*)?$/.exec(lines[index]);
    if (header)
      current = header[1]
        .split('.')
        .map((part) => part.trim().replace(/^["']|["']$/g, ''))
        .join('.');
    const match = /^(\s*version\s*=\s*["'])([^"']*)(["'].*)$/.exec(lines[index]);
    if (match && current === table) return { index, match };
  }
  return null;
}

/** The version in the first of `tables` that has one (TOML manifests: pyproject.toml, Cargo.toml). */
export function readTableVersion(path: string, text: string, tables: string[]): string | null {
  return parsedVersion(parsedToml(path, text), tables)?.version ?? null;
}

export function writeTableVersion(path: string, text: string, tables: string[], change: VersionChange): string {
  const parsed = parsedVersion(parsedToml(path, text), tables);
  if (!parsed) throw outOfStep(path, null, change.current);
  if (parsed.version !== change.current) throw outOfStep(path, parsed.version, change.current);
  const lines = text.split('\n');
  const found = findTableVersion(lines, parsed.table);
  // A version the one-line edit cannot reach (a dotted key, a multi-line string) is refused, not guessed at.
  if (!found || found.match[2] !== parsed.version) {
    throw new ReleaseProcessError(
      `${path} holds its [${parsed.table}] version in a form this edit does not reach`,
      `Write it as one line, version = "${parsed.version}", inside [${parsed.table}]`,
    );
  }
  const [, before, , after] = found.match;
  lines[found.index] = `${before}${change.next}${after}`;
  return lines.join('\n');
}
