import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readManifestVersion } from './manifest-version';

describe('readManifestVersion', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'manifest-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prefers package.json, and refuses manifests that disagree, naming both', () => {
    writeFileSync(join(dir, 'package.json'), '{"name":"a","version":"1.2.3"}');
    writeFileSync(join(dir, 'version.py'), "__version__ = '1.2.3'\n");
    expect(readManifestVersion(dir)).toEqual({ file: 'package.json', version: '1.2.3' });
    // npm init -y beside a Python package: which one is the version?
    writeFileSync(join(dir, 'package.json'), '{"name":"a","version":"1.0.0"}');
    writeFileSync(join(dir, 'pyproject.toml'), '[project]\nname = "a"\nversion = "1.2.3"\n');
    expect(() => readManifestVersion(dir, 'pkg')).toThrow(
      "pkg/package.json carries 1.0.0 but pkg/pyproject.toml carries 1.2.3: a project's manifests must agree",
    );
  });

  it('reads pyproject [project] and skips other tables', () => {
    writeFileSync(join(dir, 'pyproject.toml'), '[tool.black]\nversion = "x"\n\n[project]\nname = "k"\nversion = "0.4.0"\n');
    expect(readManifestVersion(dir)).toEqual({ file: 'pyproject.toml', version: '0.4.0' });
  });

  it('reads Cargo.toml and version.py', () => {
    writeFileSync(join(dir, 'Cargo.toml'), '[package]\nname = "k"\nversion = "2.0.0-rc.1"\n');
    expect(readManifestVersion(dir)?.version).toBe('2.0.0-rc.1');
    rmSync(join(dir, 'Cargo.toml'));
    writeFileSync(join(dir, 'version.py'), '__version__ = "1.0.0"\n__release_date__ = "2026-01-01"\n');
    expect(readManifestVersion(dir)).toEqual({ file: 'version.py', version: '1.0.0' });
  });

  it('follows a pyproject.toml with a dynamic version to the package module that carries it', () => {
    writeFileSync(join(dir, 'pyproject.toml'), '[project]\nname = "pyproj"\ndynamic = ["version"]\n');
    mkdirSync(join(dir, 'src/pyproj'), { recursive: true });
    writeFileSync(join(dir, 'src/pyproj/__init__.py'), 'from .solver import solve\n');
    expect(readManifestVersion(dir)).toBeNull();
    writeFileSync(join(dir, 'src/pyproj/__init__.py'), '__version__ = "0.4.0"\n');
    expect(readManifestVersion(dir)).toEqual({ file: 'src/pyproj/__init__.py', version: '0.4.0' });
    writeFileSync(join(dir, 'src/pyproj/version.py'), '__version__ = "0.4.0"\n');
    expect(readManifestVersion(dir)).toEqual({ file: 'src/pyproj/version.py', version: '0.4.0' });
  });

  it('reads the [workspace.package] version of a Cargo workspace root', () => {
    writeFileSync(join(dir, 'Cargo.toml'), '[workspace]\nmembers = ["crates/*"]\n\n[workspace.package]\nversion = "0.7.0"\n');
    expect(readManifestVersion(dir)).toEqual({ file: 'Cargo.toml', version: '0.7.0' });
  });

  it('skips a package.json without a version and returns null when nothing has one', () => {
    writeFileSync(join(dir, 'package.json'), '{"private":true}');
    expect(readManifestVersion(dir)).toBeNull();
  });

  it('names the file of an invalid version', () => {
    writeFileSync(join(dir, 'package.json'), '{"version":"one"}');
    expect(() => readManifestVersion(dir, 'libs/a')).toThrow('invalid version "one" in libs/a/package.json');
  });

  it('names the file that does not parse', () => {
    writeFileSync(join(dir, 'package.json'), '{"version":');
    expect(() => readManifestVersion(dir, 'libs/a')).toThrow(/cannot read the version in libs\/a\/package.json/);
  });

  it('refuses a version not written as plain semver, instead of tagging `vv1.2.3`', () => {
    writeFileSync(join(dir, 'package.json'), '{"name":"a","version":"v1.2.3"}');
    expect(() => readManifestVersion(dir, 'packages/a')).toThrow(
      'version "v1.2.3" in packages/a/package.json is not written as plain semver',
    );
  });

  it('names a byte order mark instead of a JSON error', () => {
    writeFileSync(join(dir, 'package.json'), '\ufeff{"name":"a","version":"1.2.3"}');
    expect(() => readManifestVersion(dir, 'packages/a')).toThrow('packages/a/package.json starts with a byte order mark (BOM)');
  });
});
