import { bumpPatternFile, updateDependencyRanges, VERSION_FILE_KINDS, versionFileKindOf, type VersionChange } from './index';

const kindNamed = (name: string) => VERSION_FILE_KINDS.find((kind) => kind.name === name);
const bumpBuiltInVersionFile = (name: string, path: string, text: string, change: VersionChange) =>
  kindNamed(name)!.write(path, text, change);
const builtInKind = (path: string) => versionFileKindOf(path)?.name ?? null;

const change = { current: '1.3.0', next: '1.4.0', date: '2026-11-24' };

describe('bumpBuiltInVersionFile', () => {
  it('changes only the version of package.json, keeping its formatting', () => {
    const text = '{\n    "name": "gpu-kernels",\n    "version": "1.3.0",\n    "dependencies": { "x": "1.3.0" }\n}\n';
    expect(bumpBuiltInVersionFile('package.json', 'p/package.json', text, change)).toBe(
      '{\n    "name": "gpu-kernels",\n    "version": "1.4.0",\n    "dependencies": { "x": "1.3.0" }\n}\n',
    );
  });

  it('writes __version__ and __release_date__ in version.py', () => {
    const text = "__version__ = '1.3.0'\n__release_date__ = '2026-10-15'\n__min_python_version__ = '3.8.0'\n";
    expect(bumpBuiltInVersionFile('version.py', 'version.py', text, change)).toBe(
      "__version__ = '1.4.0'\n__release_date__ = '2026-11-24'\n__min_python_version__ = '3.8.0'\n",
    );
  });

  it('bumps pyproject [project], Cargo [package] and version.ts', () => {
    expect(
      bumpBuiltInVersionFile('pyproject.toml', 'pyproject.toml', '[tool.x]\nversion = "9"\n[project]\nversion = "1.3.0"\n', change),
    ).toBe('[tool.x]\nversion = "9"\n[project]\nversion = "1.4.0"\n');
    expect(bumpBuiltInVersionFile('Cargo.toml', 'Cargo.toml', '[package]\nname = "k"\nversion = "1.3.0" # keep\n', change)).toBe(
      '[package]\nname = "k"\nversion = "1.4.0" # keep\n',
    );
    expect(bumpBuiltInVersionFile('version.ts', 'src/version.ts', "export const VERSION = '1.3.0';\n", change)).toBe(
      "export const VERSION = '1.4.0';\n",
    );
  });

  it('names a file that carries another version', () => {
    expect(() => bumpBuiltInVersionFile('version.py', 'k/version.py', "__version__ = '1.2.0'\n", change)).toThrow(
      'k/version.py carries version 1.2.0, not the current 1.3.0. Bring every version file of the project to the same current version before releasing',
    );
    expect(() => bumpBuiltInVersionFile('version.ts', 'src/version.ts', 'export const name = 1;\n', change)).toThrow(
      'src/version.ts has no version to bump (expected 1.3.0)',
    );
  });

  it('knows the built-in files by name', () => {
    expect(builtInKind('libs/k/gpu_kernels/version.py')).toBe('version.py');
    expect(builtInKind('README.md')).toBeNull();
  });
});

describe('bumpPatternFile', () => {
  it('replaces every match of a bump2version-style pattern, with the date', () => {
    const text = 'Install v1.3.0 (released 2026-10-15).\nSee v1.3.0 docs.\n';
    const pattern = { file: 'README.md', search: 'v{version} (released {date})', replace: 'v{version} (released {date})' };
    expect(bumpPatternFile('README.md', text, pattern, change)).toBe('Install v1.4.0 (released 2026-11-24).\nSee v1.3.0 docs.\n');
    expect(bumpPatternFile('README.md', text, { file: 'README.md', search: 'v{version}' }, change)).toBe(
      'Install v1.4.0 (released 2026-10-15).\nSee v1.4.0 docs.\n',
    );
  });

  it('fails when the pattern does not match the current version, naming the version the file carries', () => {
    expect(() => bumpPatternFile('conf.py', "release = '1.2.0'", { file: 'conf.py', search: "release = '{version}'" }, change)).toThrow(
      `conf.py carries version 1.2.0, not the current 1.3.0 (at "release = '{version}'")`,
    );
    expect(() => bumpPatternFile('conf.py', 'no release here', { file: 'conf.py', search: "release = '{version}'" }, change)).toThrow(
      `conf.py does not contain "release = '1.3.0'"`,
    );
  });
});

describe('updateDependencyRanges', () => {
  it('keeps each range style and leaves protocols and other packages alone', () => {
    const text = JSON.stringify(
      {
        name: 'app',
        dependencies: { 'gpu-kernels': '^1.3.0', 'pricing-engine': '~2.1.0', lodash: '^4.0.0' },
        devDependencies: { 'gpu-kernels': '1.3.0' },
        peerDependencies: { 'strategy-api': 'workspace:*' },
      },
      null,
      2,
    );
    const updated = JSON.parse(
      updateDependencyRanges('app/package.json', text, { 'gpu-kernels': '1.4.0', 'pricing-engine': '2.1.1', 'strategy-api': '0.5.0' }),
    );
    expect(updated.dependencies).toEqual({ 'gpu-kernels': '^1.4.0', 'pricing-engine': '~2.1.1', lodash: '^4.0.0' });
    expect(updated.devDependencies).toEqual({ 'gpu-kernels': '1.4.0' });
    expect(updated.peerDependencies).toEqual({ 'strategy-api': 'workspace:*' });
  });
});
