import { versionGateChecks, type VersionFacts } from './version-gate';

const prepared: VersionFacts = {
  pending: true,
  version: '1.4.0',
  manifestFile: 'packages/k/package.json',
  lastRelease: '1.3.0',
  tag: 'k@1.4.0',
  tagExists: false,
  versionFiles: [
    { path: 'packages/k/package.json', version: '1.4.0' },
    { path: 'packages/k/k/version.py', version: '1.4.0' },
  ],
  dependencyRanges: [{ dependency: 'base', range: '^2.1.0', version: '2.1.1', file: 'packages/k/package.json' }],
  changelog: { path: 'packages/k/CHANGELOG.md', hasSection: true },
};

const statuses = (facts: VersionFacts) => Object.fromEntries(versionGateChecks(facts).map((check) => [check.name, check.status]));

describe('versionGateChecks', () => {
  it('passes a prepared release', () => {
    expect(Object.values(statuses(prepared))).toEqual(['pass', 'pass', 'pass', 'pass', 'pass', 'pass']);
  });

  it('fails each rule with the file or the fix', () => {
    const checks = versionGateChecks({
      ...prepared,
      lastRelease: '1.4.0',
      tagExists: true,
      versionFiles: [...prepared.versionFiles, { path: 'packages/k/pyproject.toml', version: '1.3.0' }],
      dependencyRanges: [{ dependency: 'base', range: '^2.1.0', version: '3.0.0', file: 'packages/k/package.json' }],
      changelog: { path: 'packages/k/CHANGELOG.md', hasSection: false },
    });
    expect(checks.filter((check) => check.status === 'fail').map((check) => check.detail)).toEqual([
      '1.4.0 is not above the last release 1.4.0: prepare the release with `nx g release-branch`',
      'packages/k/pyproject.toml carries 1.3.0',
      'k@1.4.0 exists already: this version was released',
      'packages/k/package.json: base ^2.1.0 does not admit 3.0.0',
      'packages/k/CHANGELOG.md has no section for 1.4.0: run `nx g changelog`',
    ]);
  });

  it('skips a project with nothing to release', () => {
    expect(versionGateChecks({ ...prepared, pending: false, lastRelease: '1.4.0', tagExists: true })).toEqual([
      { name: 'release pending', status: 'skip', detail: 'nothing to release since k@1.4.0' },
    ]);
  });

  it('accepts release candidates and stops at an invalid version', () => {
    expect(statuses({ ...prepared, version: '1.4.0-rc.2', versionFiles: [] })['valid version']).toBe('pass');
    expect(versionGateChecks({ ...prepared, version: '1.4' })).toEqual([
      { name: 'valid version', status: 'fail', detail: '"1.4" in packages/k/package.json is not X.Y.Z or X.Y.Z-rc.N' },
    ]);
  });
});
