import { fromPep440, toPep440 } from '../pep440';
import { ReleaseProcessError } from '../release-error';

export interface VersionChange {
  current: string;
  next: string;
  /** Release date, YYYY-MM-DD. */
  date: string;
}

/**
 * One kind of file that carries a project's version (release-please's updaters, one per file kind).
 * Adding a kind is adding one module that implements this and one line in the registry (index.ts).
 */
export interface VersionFileKind {
  /** The file name it handles (`package.json`, `version.py`). */
  name: string;
  /** Where in a project it is looked for, relative to the root; `*` is any one folder (`*\/version.py`). */
  locations: string[];
  /** Whether it can be the project's manifest: the file its version is read from, in registry order. */
  manifest: boolean;
  /** The version it carries, or null when it carries none. */
  read(path: string, text: string): string | null;
  /** The text with the version (and any release date) replaced; throws, naming the file, when out of step. */
  write(path: string, text: string, change: VersionChange): string;
}

export function outOfStep(path: string, found: string | null, current: string): ReleaseProcessError {
  return new ReleaseProcessError(
    found === null
      ? `${path} has no version to bump (expected ${current})`
      : `${path} carries version ${found}, not the current ${current}`,
    'Bring every version file of the project to the same current version before releasing',
  );
}

/** Replaces group 2 of `pattern`'s first match, which must be the current version. */
export function replaceVersionMatch(path: string, text: string, pattern: RegExp, change: VersionChange): string {
  const match = pattern.exec(text);
  if (!match) throw outOfStep(path, null, change.current);
  if (match[2] !== change.current) throw outOfStep(path, match[2], change.current);
  return text.replace(pattern, `$1${change.next}$3`);
}

/**
 * A Python file's kind, carrying the PEP 440 form Python packaging reads (`1.2.0rc1` for `1.2.0-rc.1`): it
 * reads back as semver, accepts the current version in either form, and writes the next in PEP 440's.
 */
export function inPep440Form(kind: VersionFileKind): VersionFileKind {
  return {
    ...kind,
    read: (path, text) => {
      const found = kind.read(path, text);
      return found === null ? null : fromPep440(found);
    },
    write: (path, text, change) => {
      const found = kind.read(path, text);
      const current = found !== null && fromPep440(found) === change.current ? found : change.current;
      return kind.write(path, text, { ...change, current, next: toPep440(change.next) });
    },
  };
}
