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
});
