import { bumpPatternFile } from './pattern';
import { bumpversionPatterns } from './bumpversion';

const change = { current: '1.2.0', next: '1.3.0', date: '2026-11-25' };

describe('bumpversion configurations as version files', () => {
  it('reads bump2version INI: its own current_version, then each file with its search and replace', () => {
    const cfg = [
      '[bumpversion]',
      'current_version = 1.2.0',
      'commit = True',
      '',
      '[bumpversion:file:setup.py]',
      "search = version='{current_version}'",
      "replace = version='{new_version}'",
      '',
      '[bumpversion:file (badge):README.md]',
      'search = pyproj-{current_version}',
      '',
      '[bumpversion:file:src/pyproj/__init__.py]',
    ].join('\n');
    const patterns = bumpversionPatterns('packages/pyproj/.bumpversion.cfg', cfg)!;
    expect(patterns).toEqual([
      { file: '.bumpversion.cfg', search: 'current_version = {version}' },
      { file: 'setup.py', search: "version='{version}'" },
      { file: 'README.md', search: 'pyproj-{version}' },
      { file: 'src/pyproj/__init__.py', search: '{version}' },
    ]);
    expect(bumpPatternFile('.bumpversion.cfg', cfg, patterns[0], change)).toContain('current_version = 1.3.0\ncommit = True');
  });

  it('reads bump-my-version TOML in pyproject.toml and leaves a pyproject without it alone', () => {
    const toml = [
      '[project]',
      'name = "pyproj"',
      'dynamic = ["version"]',
      '',
      '[tool.bumpversion]',
      'current_version = "1.2.0"',
      '',
      '[[tool.bumpversion.files]]',
      'filename = "src/pyproj/version.py"',
      '',
      '[[tool.bumpversion.files]]',
      'filename = "CHANGES.md"',
      'search = "Unreleased"',
      'replace = "{new_version} ({now:%Y-%m-%d})"',
    ].join('\n');
    expect(() => bumpversionPatterns('pyproject.toml', toml)).toThrow(
      'pyproject.toml: the bumpversion pattern "Unreleased" uses no {current_version}, which this release process does not read',
    );
    const usable = toml
      .replace('search = "Unreleased"', 'search = "## {current_version}"')
      .replace('replace = "{new_version}', 'replace = "## {new_version}');
    expect(bumpversionPatterns('pyproject.toml', usable)).toEqual([
      { file: 'pyproject.toml', search: 'current_version = "{version}"' },
      { file: 'src/pyproj/version.py', search: '{version}' },
      { file: 'CHANGES.md', search: '## {version}', replace: '## {version} ({date})' },
    ]);
    expect(bumpversionPatterns('pyproject.toml', '[project]\nversion = "1.2.0"\n')).toBeNull();
    expect(bumpversionPatterns('setup.cfg', '[metadata]\nname = x\n')).toBeNull();
  });

  it('finds its own current_version however it is written: single quotes, no spaces', () => {
    const toml = "[tool.bumpversion]\ncurrent_version = '1.2.0'  # kept in step\n";
    const [own] = bumpversionPatterns('.bumpversion.toml', toml)!;
    expect(bumpPatternFile('.bumpversion.toml', toml, own, change)).toBe("[tool.bumpversion]\ncurrent_version = '1.3.0'  # kept in step\n");
    const cfg = '[bumpversion]\ncurrent_version=1.2.0\n';
    const [ownIni] = bumpversionPatterns('.bumpversion.cfg', cfg)!;
    expect(bumpPatternFile('.bumpversion.cfg', cfg, ownIni, change)).toBe('[bumpversion]\ncurrent_version=1.3.0\n');
  });

  it('reads multi-line TOML strings, and refuses invalid TOML naming the file', () => {
    const toml = [
      '[tool.bumpversion]',
      'current_version = "1.2.0"',
      '[[tool.bumpversion.files]]',
      'filename = "CHANGES.md"',
      'search = """',
      '## Unreleased {current_version}',
      '"""',
      "replace = '''",
      '## {new_version}',
      "'''",
    ].join('\n');
    expect(bumpversionPatterns('.bumpversion.toml', toml)![1]).toEqual({
      file: 'CHANGES.md',
      search: '## Unreleased {version}\n',
      replace: '## {version}\n',
    });
    expect(() => bumpversionPatterns('.bumpversion.toml', '[tool.bumpversion\ncurrent_version = "1"')).toThrow(
      '.bumpversion.toml is not valid TOML',
    );
  });
});
