import { escapeRegExp } from '../regexp';
import { ReleaseProcessError } from '../release-error';
import type { VersionChange } from './version-file';
import { serializeVersion, type BumpversionFormat } from './bumpversion-format';

/** A user-configured version file, as bump2version / bump-my-version describe them. */
export interface VersionFilePattern {
  /** Project patterns this applies to (names, globs, tag:x); all projects when absent. */
  projects?: string | string[];
  /** Path relative to the project root. */
  file: string;
  /** Text to find, with `{version}` (the current version) and `{date}` (any YYYY-MM-DD) placeholders. */
  search: string;
  /** How the versions are written in this file (a bump-my-version config's parse/serialize): plain semver when absent. */
  format?: BumpversionFormat & { path: string };
  /**
   * Replacement, with `{version}` (the new version), `{previous}` (the version replaced, as bump-my-version's
   * `{current_version}` in a replace) and `{date}` (the release date); `search` when absent.
   */
  replace?: string;
}

/** Whether a configured pattern finds the given version in the text. */
export function patternCarries(text: string, pattern: VersionFilePattern, version: string): boolean {
  return new RegExp(patternSource(pattern.search, written(pattern, version))).test(text);
}

/** A version as this file writes it. */
function written(pattern: VersionFilePattern, version: string): string {
  return pattern.format ? serializeVersion(version, pattern.format, pattern.format.path) : version;
}

/** Applies a configured search/replace pattern; every occurrence is replaced, and there must be one. */
export function bumpPatternFile(path: string, text: string, pattern: VersionFilePattern, given: VersionChange): string {
  const change = { ...given, current: written(pattern, given.current), next: written(pattern, given.next) };
  const search = new RegExp(patternSource(pattern.search, change.current), 'g');
  if (!search.test(text)) {
    // The same text with any version in it: the file is out of step, and says with which version.
    const anyVersion = patternSource(pattern.search, '\u0000').split('\u0000').join('(\\d+\\.\\d+(?:\\.\\d+)?[0-9A-Za-z.+-]*)');
    const found = new RegExp(anyVersion).exec(text);
    throw new ReleaseProcessError(
      found
        ? `${path} carries version ${found[1]}, not the current ${change.current} (at "${pattern.search}")`
        : `${path} does not contain "${pattern.search.replace(/\{version\}/g, change.current)}"`,
      'Bring the file in step with the current version, or fix its search pattern',
    );
  }
  const replacement = (pattern.replace ?? pattern.search)
    .replace(/\{version\}/g, change.next)
    .replace(/\{previous\}/g, change.current)
    .replace(/\{date\}/g, change.date);
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
