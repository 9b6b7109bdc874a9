import { outOfStep, type VersionChange } from './version-file';

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

/** The version in the first of `tables` that has one (TOML manifests: pyproject.toml, Cargo.toml). */
export function readTableVersion(text: string, tables: string[]): string | null {
  return findTableVersion(text.split('\n'), tables)?.match[2] ?? null;
}

export function writeTableVersion(path: string, text: string, tables: string[], change: VersionChange): string {
  const lines = text.split('\n');
  const found = findTableVersion(lines, tables);
  if (!found) throw outOfStep(path, null, change.current);
  const [, before, version, after] = found.match;
  if (version !== change.current) throw outOfStep(path, version, change.current);
  lines[found.index] = `${before}${change.next}${after}`;
  return lines.join('\n');
}
