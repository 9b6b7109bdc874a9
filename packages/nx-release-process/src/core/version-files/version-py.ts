import { inPep440Form, replaceVersionMatch, type VersionFileKind } from './version-file';

// Group 2 is the version: the bump replaces it, the version gate reads it.
const VERSION = /^(__version__\s*=\s*['"])([^'"]*)(['"])/m;
const RELEASE_DATE = /^(__release_date__\s*=\s*['"])([^'"]*)(['"])/m;

/** A Python package's `__version__`, and `__release_date__` when it has one (the release process's version.py). */
export const versionPy: VersionFileKind = inPep440Form({
  name: 'version.py',
  locations: ['version.py', 'src/version.py', '*/version.py', 'src/*/version.py'],
  manifest: true,
  read: (_path, text) => VERSION.exec(text)?.[2] ?? null,
  write: (path, text, change) => replaceVersionMatch(path, text, VERSION, change).replace(RELEASE_DATE, `$1${change.date}$3`),
});
