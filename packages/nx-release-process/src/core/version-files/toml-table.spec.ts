import { pyprojectToml } from './pyproject-toml';
import { cargoToml } from './cargo-toml';

const change = { current: '1.1.0', next: '1.2.0', date: '2026-12-05' };

describe('TOML manifests: parsed to find the version, edited on one line', () => {
  it('finds [project] behind a header comment and keeps its single quotes and comments', () => {
    const text =
      "[build-system]\nrequires = ['setuptools']\nversion = '9.9.9'  # not the project's\n\n[project] # PEP 621\nname = 'x'\nversion = '1.1.0' # bumped\n";
    expect(pyprojectToml.read('pyproject.toml', text)).toBe('1.1.0');
    expect(pyprojectToml.write('pyproject.toml', text, change)).toBe(
      text.replace("version = '1.1.0' # bumped", "version = '1.2.0' # bumped"),
    );
  });

  it('refuses invalid TOML, naming the file, before any write', () => {
    expect(() => pyprojectToml.read('pkg/pyproject.toml', '[project\nversion = "1.1.0"\n')).toThrow('pkg/pyproject.toml is not valid TOML');
    expect(() => cargoToml.write('Cargo.toml', '[package]\nversion = "1.1.0"\nversion = "1.1.0"\n', change)).toThrow(
      'Cargo.toml is not valid TOML',
    );
  });

  it('refuses a version the one-line edit cannot reach rather than edit the wrong line', () => {
    expect(() => cargoToml.write('Cargo.toml', '[package]\nname = "x"\npackage.version = "0"\n', change)).toThrow();
    expect(() => pyprojectToml.write('pyproject.toml', 'project = { name = "x", version = "1.1.0" }\n', change)).toThrow(
      'pyproject.toml holds its [project] version in a form this edit does not reach',
    );
  });

  it('reads [workspace.package] of a Cargo workspace root, with spaces in the header', () => {
    const text = '[workspace]\nmembers = ["a"]\n\n[ workspace.package ]\nversion = "1.1.0"\n';
    expect(cargoToml.write('Cargo.toml', text, change)).toContain('version = "1.2.0"');
  });
});
