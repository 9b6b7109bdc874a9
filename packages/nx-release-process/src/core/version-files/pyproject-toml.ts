import { readTableVersion, writeTableVersion } from './toml-table';
import { inPep440Form, type VersionFileKind } from './version-file';

const TABLES = ['project', 'tool.poetry'];

/** Python's manifest: `version` in `[project]` (PEP 621) or `[tool.poetry]`. */
export const pyprojectToml: VersionFileKind = inPep440Form({
  name: 'pyproject.toml',
  locations: ['pyproject.toml'],
  manifest: true,
  read: (path, text) => readTableVersion(path, text, TABLES),
  write: (path, text, change) => writeTableVersion(path, text, TABLES, change),
});
