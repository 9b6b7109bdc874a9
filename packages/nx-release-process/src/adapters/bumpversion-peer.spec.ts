import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bumpversionPatterns } from '../core/version-files/bumpversion';
import { bumpPatternFile } from '../core/version-files/pattern';
import { PYTHON_VENV_BIN } from '../testing/python-index';

const change = { current: '1.2.0', next: '1.3.0', date: '2026-12-05' };

/** bump-my-version's own version format, with a release part for candidates. */
const PARSE_SERIALIZE: Record<string, string> = {
  '.bumpversion.toml': [
    '[tool.bumpversion]',
    'current_version = "1.2.0"',
    'parse = "(?P<major>\\\\d+)\\\\.(?P<minor>\\\\d+)\\\\.(?P<patch>\\\\d+)(?:-(?P<release>[a-z]+)(?P<build>\\\\d+))?"',
    'serialize = ["{major}.{minor}.{patch}-{release}{build}", "{major}.{minor}.{patch}"]',
    '',
    '[tool.bumpversion.parts.release]',
    'values = ["dev", "rc", "final"]',
    'optional_value = "final"',
    '',
    '[[tool.bumpversion.files]]',
    'filename = "VERSION.txt"',
    '',
  ].join('\n'),
  'VERSION.txt': '1.2.0\n',
};

/** Layouts teams keep bump-my-version in: where the config lives, how its values are written. */
const LAYOUTS: Array<{ name: string; config: string; files: Record<string, string>; next?: [string, string] }> = [
  {
    name: 'pyproject.toml with [tool.bumpversion], a default search and a search/replace pair',
    config: 'pyproject.toml',
    files: {
      'pyproject.toml': [
        '[project]',
        'name = "pyproj"',
        'dynamic = ["version"]',
        '',
        '[tool.bumpversion]',
        'current_version = "1.2.0"',
        '',
        '[[tool.bumpversion.files]]',
        'filename = "src/pyproj/__init__.py"',
        '',
        '[[tool.bumpversion.files]]',
        'filename = "README.md"',
        'search = "pip install pyproj=={current_version}"',
        'replace = "pip install pyproj=={new_version}"',
        '',
      ].join('\n'),
      'src/pyproj/__init__.py': "__version__ = '1.2.0'\n",
      'README.md': '# pyproj\n\n    pip install pyproj==1.2.0\n\nSince 1.0.0.\n',
    },
  },
  {
    name: '.bumpversion.toml with single quotes and multi-line search and replace',
    config: '.bumpversion.toml',
    files: {
      '.bumpversion.toml': [
        '[tool.bumpversion]',
        "current_version = '1.2.0'  # in step with the package",
        '',
        '[[tool.bumpversion.files]]',
        "filename = 'CHANGES.md'",
        'search = """',
        '## {current_version}',
        '"""',
        'replace = """',
        '## {new_version}',
        '',
        '## {current_version}',
        '"""',
        '',
      ].join('\n'),
      'CHANGES.md': '# Changes\n\n## 1.2.0\n- fused kernels\n',
    },
  },
  { name: '.bumpversion.toml with parse, serialize and a release part', config: '.bumpversion.toml', files: PARSE_SERIALIZE },
  {
    name: 'the same parse/serialize, cutting a release candidate (1.4.0-rc.1 written 1.4.0-rc1)',
    config: '.bumpversion.toml',
    files: PARSE_SERIALIZE,
    next: ['1.4.0-rc.1', '1.4.0-rc1'],
  },
  {
    name: 'bump2version INI (.bumpversion.cfg) with no spaces around current_version',
    config: '.bumpversion.cfg',
    files: {
      '.bumpversion.cfg': [
        '[bumpversion]',
        'current_version=1.2.0',
        '',
        '[bumpversion:file:setup.py]',
        "search = version='{current_version}'",
        "replace = version='{new_version}'",
        '',
      ].join('\n'),
      'setup.py': "from setuptools import setup\n\nsetup(name='pyproj', version='1.2.0')\n",
    },
  },
];

/** Our edits of every file the configuration lists, beside bump-my-version's own, byte for byte. */
describe.each(LAYOUTS)('bump-my-version peer check: $name', ({ config, files, next = [change.next, change.next] }) => {
  it('edits every file exactly as `bump-my-version bump` does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bmv-'));
    try {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const ours = { ...files };
      for (const pattern of bumpversionPatterns(config, files[config]) ?? []) {
        ours[pattern.file] = bumpPatternFile(pattern.file, ours[pattern.file], pattern, { ...change, next: next[0] });
      }
      execFileSync(
        join(PYTHON_VENV_BIN, 'bump-my-version'),
        ['bump', '--new-version', next[1], '--allow-dirty', '--no-commit', '--no-tag'],
        {
          cwd: dir,
          stdio: 'pipe',
          env: { ...process.env, NO_COLOR: '1' },
        },
      );
      for (const path of Object.keys(files)) expect([path, ours[path]]).toEqual([path, readFileSync(join(dir, path), 'utf8')]);
      expect(Object.keys(files).some((path) => ours[path] !== files[path])).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
