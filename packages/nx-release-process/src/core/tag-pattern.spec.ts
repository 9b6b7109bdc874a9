import { lastReleases, tagFor, tagMatcher } from './tag-pattern';

describe('tag patterns', () => {
  it('fills project, group and version', () => {
    expect(tagFor('{projectName}@{version}', { projectName: 'pricing-engine' }, '1.2.0')).toBe('pricing-engine@1.2.0');
    expect(tagFor('{releaseGroupName}-v{version}', { projectName: 'a', releaseGroupName: 'core' }, '2.0.0')).toBe('core-v2.0.0');
  });

  it('reads the version back from a matching tag only', () => {
    const versionOf = tagMatcher('{projectName}@{version}', { projectName: 'gpu.kernels' });
    expect(versionOf('gpu.kernels@1.2.0-rc.1')).toBe('1.2.0-rc.1');
    expect(versionOf('gpuXkernels@1.2.0')).toBeNull(); // the dot is literal
    expect(versionOf('gpu.kernels@latest')).toBeNull();
  });

  it('reads only the canonical spelling: a stray `vv9.0.0` is no release 9.0.0', () => {
    const versionOf = tagMatcher('v{version}', { projectName: 'a' });
    expect(versionOf('v9.0.0')).toBe('9.0.0');
    expect(versionOf('vv9.0.0')).toBeNull();
    expect(versionOf('v 9.0.0')).toBeNull();
  });

  it('refuses a pattern without {version}', () => {
    expect(() => tagMatcher('release', { projectName: 'a' })).toThrow(/no \{version\} placeholder.*v\{version\}/);
  });

  it('finds the highest release and the highest stable release by semver, not by name', () => {
    const tags = ['v1.9.0', 'v1.10.0', 'v1.11.0-rc.2', 'v1.11.0-rc.10', 'other@9.0.0', 'v2-final', 'v1.12.0-rollback'].map(
      (name, index) => ({
        name,
        commit: String(index),
      }),
    );
    const { latest, latestStable } = lastReleases(tags, 'v{version}', { projectName: 'x' });
    expect(latest).toEqual({ version: '1.11.0-rc.10', tag: 'v1.11.0-rc.10', commit: '3' });
    expect(latestStable).toEqual({ version: '1.10.0', tag: 'v1.10.0', commit: '1' });
  });

  it('finds nothing when no tag matches', () => {
    expect(lastReleases([{ name: 'v1.0.0', commit: 'a' }], '{projectName}@{version}', { projectName: 'x' })).toEqual({
      latest: null,
      latestStable: null,
    });
  });
});
