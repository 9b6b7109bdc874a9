import { inPep440Form, replaceVersionMatch, type VersionFileKind } from './version-file';

const VERSION = /^(__version__\s*(?::\s*str\s*)?=\s*(?:version\s*=\s*)?['"])([^'"]*)(['"])/m;

/**
 * A Python module that carries `__version__` for a pyproject.toml with `dynamic = ["version"]`: setuptools'
 * `attr`, hatch's `[tool.hatch.version] path`, flit and pdm read it from `__init__.py`, `__about__.py` or
 * `_version.py` of the package (flat or src layout).
 */
function pythonModule(name: string): VersionFileKind {
  return inPep440Form({
    name,
    locations: [name, `src/${name}`, `*/${name}`, `src/*/${name}`],
    manifest: true,
    read: (_path, text) => VERSION.exec(text)?.[2] ?? null,
    write: (path, text, change) => replaceVersionMatch(path, text, VERSION, change),
  });
}

export const initPy = pythonModule('__init__.py');
export const aboutPy = pythonModule('__about__.py');
export const underscoreVersionPy = pythonModule('_version.py');

/** A `VERSION` file holding only the version (setuptools' `version = {file = "VERSION"}`, many Makefiles). */
export const versionText: VersionFileKind = {
  name: 'VERSION',
  locations: ['VERSION'],
  manifest: true,
  read: (_path, text) => /^\s*(\d+\.\d+\.\d+\S*)\s*$/.exec(text)?.[1] ?? null,
  write: (path, text, change) => replaceVersionMatch(path, text, /^(\s*)(\S+)(\s*)$/, change),
};
