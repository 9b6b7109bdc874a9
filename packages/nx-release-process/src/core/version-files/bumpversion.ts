import { ReleaseProcessError } from '../release-error';
import type { VersionFilePattern } from './pattern';

/** Where bump2version and bump-my-version keep their settings, relative to a project root, in their order. */
export const BUMPVERSION_FILES = ['.bumpversion.toml', '.bumpversion.cfg', 'setup.cfg', 'pyproject.toml'];

/**
 * The version files a bump2version / bump-my-version configuration lists, as version file patterns (file,
 * search, replace, relative to the project root), the configuration's own `current_version` first, so a team
 * moving over keeps its file list. Null when the file holds no such configuration.
 */
export function bumpversionPatterns(path: string, text: string): VersionFilePattern[] | null {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.endsWith('.toml') ? fromToml(path, name, text) : fromIni(path, name, text);
}

interface RawFile {
  file: string;
  search?: string;
  replace?: string;
}

/** bump2version's INI: `[bumpversion]` with `current_version`, one `[bumpversion:file:<path>]` section per file. */
function fromIni(path: string, name: string, text: string): VersionFilePattern[] | null {
  const sections = new Map<string, Record<string, string>>();
  let section: Record<string, string> | null = null;
  let key: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    const header = /^\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      section = {};
      sections.set(header[1].trim(), section);
      key = null;
    } else if (section && key && /^\s+\S/.test(line)) {
      section[key] += `\n${line.trim()}`; // a continuation line of a multi-line value
    } else {
      const entry = /^([A-Za-z_]+)\s*[=:]\s?(.*)$/.exec(line);
      if (section && entry) section[(key = entry[1])] = entry[2];
      else if (!line.trim() || /^[#;]/.test(line)) key = null;
    }
  }
  const main = sections.get('bumpversion');
  if (!main) return null;
  const files: RawFile[] = [];
  for (const [title, values] of sections) {
    const file = /^bumpversion:file\s*(?:\([^)]*\))?:(.+)$/.exec(title);
    if (file) files.push({ file: file[1].trim(), search: values.search, replace: values.replace });
  }
  const self = main.current_version !== undefined ? [{ file: name, search: 'current_version = {current_version}' }] : [];
  return [...self, ...files].map((entry) => toPattern(path, entry, main));
}

/** bump-my-version's TOML: `[tool.bumpversion]` with `current_version` and `[[tool.bumpversion.files]]` entries. */
function fromToml(path: string, name: string, text: string): VersionFilePattern[] | null {
  let current: Record<string, string> | null = null;
  const main: Record<string, string> = {};
  const files: Array<Record<string, string>> = [];
  let found = false;
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*$/.exec(line);
    if (header) {
      const table = header[2];
      current = table === 'tool.bumpversion' ? main : table === 'tool.bumpversion.files' && header[1] === '[[' ? {} : null;
      if (table === 'tool.bumpversion.files' && current) files.push(current);
      if (table.startsWith('tool.bumpversion')) found = true;
      continue;
    }
    const entry = /^\s*([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)')\s*(?:#.*)?$/.exec(line);
    if (current && entry)
      current[entry[1]] = entry[2] !== undefined ? entry[2].replace(/\\(["\\])/g, '$1').replace(/\\n/g, '\n') : entry[3];
  }
  if (!found) return null;
  const self = main.current_version !== undefined ? [{ file: name, search: 'current_version = "{current_version}"' }] : [];
  const listed = files
    .filter((entry) => entry.filename)
    .map((entry) => ({ file: entry.filename, search: entry.search, replace: entry.replace }));
  return [...self, ...listed].map((entry) => toPattern(path, entry, main));
}

function toPattern(path: string, entry: RawFile, main: Record<string, string>): VersionFilePattern {
  const search = placeholders(path, entry.search ?? main.search ?? '{current_version}', 'current_version');
  // Without a replace, the search with the new version (a bare `{new_version}` would drop the text around it).
  const given = entry.replace ?? main.replace;
  const replace = given === undefined ? search : placeholders(path, given, 'new_version');
  return { file: entry.file, search, ...(replace === search ? {} : { replace }) };
}

/** bumpversion's `{current_version}` / `{new_version}` become `{version}`; its part placeholders are not supported. */
function placeholders(path: string, text: string, name: string): string {
  const converted = text.replace(new RegExp(`\\{${name}\\}`, 'g'), '{version}').replace(/\{now:%Y-%m-%d\}|\{utcnow:%Y-%m-%d\}/g, '{date}');
  const other = /\{(?!version\}|date\})[^}]*\}/.exec(converted);
  if (other || !converted.includes('{version}')) {
    throw new ReleaseProcessError(
      `${path}: the bumpversion pattern "${text}" uses ${other ? other[0] : `no {${name}}`}, which this release process does not read`,
      `Write it with {${name}} only, or list the file under versionFiles in nx.json instead`,
    );
  }
  return converted;
}
