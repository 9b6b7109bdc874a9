import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_KINDS, VERSION_FILE_KINDS, versionFileKindOf, versionFilesOf, type VersionFileLister } from './index';
import { packageEntryPoints } from './package-json';

// One fixture per kind: each must read 1.2.0 and write 1.3.0 in place, changing nothing else.
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const change = { current: '1.2.0', next: '1.3.0', date: '2026-11-25' };

describe.each(VERSION_FILE_KINDS.map((kind) => [kind.name, kind] as const))('%s', (name, kind) => {
  it('reads the version it carries', () => {
    expect(kind.read(name, fixture(name))).toBe('1.2.0');
  });

  it('writes the new version and keeps every other byte', () => {
    const before = fixture(name);
    const after = kind.write(name, before, change);
    expect(kind.read(name, after)).toBe('1.3.0');
    const changedLines = after.split('\n').filter((line, index) => line !== before.split('\n')[index]);
    expect(changedLines.every((line) => line.includes('1.3.0') || line.includes(change.date))).toBe(true);
    expect(changedLines.length).toBeLessThanOrEqual(2);
  });

  it('refuses a file out of step, naming it', () => {
    expect(() => kind.write(`packages/x/${name}`, fixture(name), { ...change, current: '1.1.0' })).toThrow(
      `packages/x/${name} carries version 1.2.0, not the current 1.1.0`,
    );
  });

  it('is found by its name', () => {
    expect(versionFileKindOf(`packages/x/${name}`)).toBe(kind);
  });
});

describe('the registry of version file kinds', () => {
  it('keeps the manifest precedence', () => {
    expect(MANIFEST_KINDS.map((kind) => kind.name)).toEqual([
      'package.json',
      'pyproject.toml',
      'Cargo.toml',
      'version.py',
      '__about__.py',
      '_version.py',
      '__init__.py',
      'VERSION',
    ]);
  });

  it('sets the release date in version.py', () => {
    expect(versionFileKindOf('version.py')?.write('version.py', fixture('version.py'), change)).toContain(
      "__release_date__ = '2026-11-25'",
    );
  });

  it('leaves a table other than the manifest one alone', () => {
    expect(versionFileKindOf('pyproject.toml')?.write('pyproject.toml', fixture('pyproject.toml'), change)).toContain('version = "9.9.9"');
  });

  it('lists the version files of a project that carry a version, one package folder down too', () => {
    const tree: Record<string, string> = {
      'libs/k/package.json': '{"name":"k","version":"1.2.0"}',
      'libs/k/pyproject.toml': '[project]\nname = "k"\ndynamic = ["version"]\n',
      'libs/k/gpu_kernels/version.py': "__version__ = '1.2.0'\n",
      'libs/k/src/version.ts': "export const VERSION = '1.2.0';\n",
      'libs/k/node_modules/x/version.py': "__version__ = '0.0.1'\n",
    };
    const lister: VersionFileLister = {
      exists: (path) => path in tree || Object.keys(tree).some((file) => file.startsWith(`${path}/`)),
      read: (path) => tree[path] ?? null,
      children: (dir) => [
        ...new Set(
          Object.keys(tree)
            .filter((file) => file.startsWith(`${dir}/`))
            .map((file) => file.slice(dir.length + 1).split('/')[0]),
        ),
      ],
    };
    expect(versionFilesOf('libs/k', lister)).toEqual(['libs/k/package.json', 'libs/k/gpu_kernels/version.py', 'libs/k/src/version.ts']);
  });
});

describe('packageEntryPoints', () => {
  it('lists what a package.json promises: main, types, bin and the targets of exports', () => {
    expect(
      packageEntryPoints({
        main: './dist/index.js',
        types: './dist/index.d.ts',
        bin: { ws: './bin/ws.js' },
        exports: {
          './package.json': './package.json',
          '.': { '@ws/source': './src/index.ts', import: './dist/index.js' },
          './x/*': './dist/x/*.js',
        },
      }),
    ).toEqual(['bin/ws.js', 'dist/index.d.ts', 'dist/index.js']);
    expect(packageEntryPoints({ name: 'plain' })).toEqual([]);
  });
});

describe.each(['pyproject.toml', 'version.py', '__init__.py', '_version.py', '__about__.py'])('%s, a Python file', (name) => {
  const kind = versionFileKindOf(name);
  it('carries a release candidate in its PEP 440 form, and reads it back as ours', () => {
    const candidate = kind!.write(name, fixture(name), { ...change, next: '1.3.0-rc.1' });
    expect(candidate).toContain('1.3.0rc1');
    expect(candidate).not.toContain('1.3.0-rc.1');
    expect(kind!.read(name, candidate)).toBe('1.3.0-rc.1');
    // Promoting the candidate finds it as the current version, in either form.
    expect(kind!.read(name, kind!.write(name, candidate, { ...change, current: '1.3.0-rc.1', next: '1.3.0' }))).toBe('1.3.0');
  });

  it('refuses a prerelease Python has no word for, naming it', () => {
    expect(() => kind!.write(name, fixture(name), { ...change, next: '1.3.0-pr-7.0' })).toThrow('1.3.0-pr-7.0 has no PEP 440 form');
  });
});
