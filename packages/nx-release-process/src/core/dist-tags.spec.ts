import { distTagFor } from './dist-tags';

describe('distTagFor', () => {
  it.each([
    ['1.4.0', null, { tag: 'latest', latest: true, reason: 'first publish' }],
    ['2.1.0', '2.0.0', { tag: 'latest', latest: true, reason: 'above 2.0.0' }],
    ['1.4.1', '2.0.0', { tag: 'v1-latest', latest: false, reason: '2.0.0 is latest' }],
    ['2.0.1', '2.1.0', { tag: 'v2.0-latest', latest: false, reason: '2.1.0 is latest' }],
    ['2.0.0', '2.0.0', { tag: 'v2.0-latest', latest: false, reason: '2.0.0 is latest' }],
    ['3.0.0-rc.1', '2.0.0', { tag: 'rc', latest: false, reason: 'prerelease rc' }],
    ['3.0.0-beta.0', null, { tag: 'beta', latest: false, reason: 'prerelease beta' }],
    ['3.0.0-0', '2.0.0', { tag: 'next', latest: false, reason: 'prerelease next' }],
  ])('%s with latest at %s', (version, latest, choice) => {
    expect(distTagFor(version, latest)).toEqual(choice);
  });

  it('follows configured names, and refuses one npm would take for a version', () => {
    expect(distTagFor('1.4.1', '2.0.0', { prerelease: 'pre-{preid}', line: 'release-{major}' }).tag).toBe('release-1');
    expect(distTagFor('2.0.0-rc.1', null, { prerelease: 'pre-{preid}', line: 'x' }).tag).toBe('pre-rc');
    expect(() => distTagFor('1.4.1', '2.0.0', { prerelease: '{preid}', line: '{line}.x' })).toThrow(
      'the dist-tag "1.x" is not one npm takes',
    );
  });
});
