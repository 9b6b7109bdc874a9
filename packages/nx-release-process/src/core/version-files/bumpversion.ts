import { escapeRegExp } from '../regexp';
import { bumpversionFormat, type BumpversionFormat } from './bumpversion-format';
import { parsedToml } from './toml-table';
import { interpolatedSection, parsedIni } from './ini';
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
  // bump-my-version reads its own sections of setup.cfg with interpolation (`%%` is a percent sign), .bumpversion.cfg raw.
  const own = [...parsedIni(path, text)].filter(([title]) => title.startsWith('bumpversion'));
  const sections = new Map(
    own.map(([title, options]) => [title, Object.fromEntries(name === 'setup.cfg' ? interpolatedSection(path, title, options) : options)]),
  );
  const main = sections.get('bumpversion');
  if (!main) return null;
  const files: RawFile[] = [];
  for (const [title, values] of sections) {
    const file = /^bumpversion:file\s*(?:\([^)]*\))?:(.+)$/.exec(title);
    if (file) files.push({ file: file[1].trim(), search: values.search, replace: values.replace });
  }
  const format = bumpversionFormat(main);
  return [...ownVersion(path, name, text, main), ...files].map((entry) => toPattern(path, entry, main, format));
}

/** bump-my-version's TOML: `[tool.bumpversion]` with `current_version` and `[[tool.bumpversion.files]]` entries. */
function fromToml(path: string, name: string, text: string): VersionFilePattern[] | null {
  const parsed = parsedToml(path, text);
  const tool = (parsed.tool as Record<string, unknown> | undefined)?.bumpversion;
  if (typeof tool !== 'object' || tool === null) return null;
  const strings = (table: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(table).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const main = strings(tool as Record<string, unknown>);
  const files = Array.isArray((tool as { files?: unknown }).files)
    ? ((tool as { files: unknown[] }).files as Array<Record<string, unknown>>)
    : [];
  const listed = files
    .map(strings)
    .filter((entry) => entry.filename)
    .map((entry) => ({ file: entry.filename, search: entry.search, replace: entry.replace }));
  const format = bumpversionFormat(tool as Record<string, unknown>);
  return [...ownVersion(path, name, text, main), ...listed].map((entry) => toPattern(path, entry, main, format));
}

/**
 * The configuration's own `current_version`, as the line is written (`current_version = '1.1.0'`,
 * `current_version=1.1.0`), so the bump finds it whatever its quotes and spaces.
 */
function ownVersion(path: string, name: string, text: string, main: Record<string, string>): RawFile[] {
  const version = main.current_version;
  if (version === undefined) return [];
  const line = new RegExp(`^\\s*current_version\\s*[=:]\\s*(["']?)${escapeRegExp(version)}\\1`, 'm').exec(text);
  if (!line) {
    throw new ReleaseProcessError(
      `${path}: its current_version ${version} is not written on one line this release process can edit`,
      'Write it as current_version = "X.Y.Z"',
    );
  }
  return [{ file: name, search: line[0].trim().replace(version, '{current_version}') }];
}

function toPattern(path: string, entry: RawFile, main: Record<string, string>, format: BumpversionFormat | null): VersionFilePattern {
  const search = placeholders(path, entry.search ?? main.search ?? '{current_version}', 'current_version');
  // Without a replace, the search with the new version (a bare `{new_version}` would drop the text around it).
  const given = entry.replace ?? main.replace;
  // A replace may keep the version it replaces (`## {new_version}\n\n## {current_version}`).
  const replace = given === undefined ? search : placeholders(path, given.replace(/\{current_version\}/g, '{previous}'), 'new_version');
  return { file: entry.file, search, ...(replace === search ? {} : { replace }), ...(format ? { format: { ...format, path } } : {}) };
}

/** bumpversion's `{current_version}` / `{new_version}` become `{version}`; its part placeholders are not supported. */
function placeholders(path: string, text: string, name: string): string {
  const converted = text.replace(new RegExp(`\\{${name}\\}`, 'g'), '{version}').replace(/\{now:%Y-%m-%d\}|\{utcnow:%Y-%m-%d\}/g, '{date}');
  const other = /\{(?!version\}|date\}|previous\})[^}]*\}/.exec(converted);
  if (other || !converted.includes('{version}')) {
    throw new ReleaseProcessError(
      `${path}: the bumpversion pattern "${text}" uses ${other ? other[0] : `no {${name}}`}, which this release process does not read`,
      `Write it with {current_version} and {new_version} only (a part such as {major} in a search or replace is not read here)`,
    );
  }
  return converted;
}
