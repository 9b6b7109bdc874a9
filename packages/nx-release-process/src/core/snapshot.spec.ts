import { assertSnapshotTag, snapshotManifest, snapshotVersion } from './snapshot';

const now = new Date('2026-12-05T08:04:09.123Z');

describe('snapshotVersion', () => {
  it('fills the template after the next version', () => {
    expect(snapshotVersion('1.4.0', '{preid}.{datetime}', { preid: 'pr-123', now, commit: 'abcdef0123' })).toBe(
      '1.4.0-pr-123.20261205080409',
    );
    expect(snapshotVersion('2.0.0-rc.1', '{tag}-{commit}', { preid: 'canary', now, commit: 'abcdef0123' })).toBe('2.0.0-canary-abcdef0');
    expect(snapshotVersion('0.5.0', '{preid}.{timestamp}', { preid: 'x', now, commit: 'a' })).toBe(`0.5.0-x.${now.getTime()}`);
  });

  it('refuses a template that gives no version', () => {
    expect(() => snapshotVersion('1.0.0', '{preid} {datetime}', { preid: 'pr', now, commit: 'a' })).toThrow(
      'the snapshot template "{preid} {datetime}" gives "1.0.0-pr 20261205080409", which is no version',
    );
    expect(() => snapshotVersion('1.0.0', '{branch}', { preid: 'pr', now, commit: 'a' })).toThrow('which is no version');
  });

  it('takes a tag npm can use and a version cannot be mistaken for', () => {
    expect(() => assertSnapshotTag('pr-123')).not.toThrow();
    for (const bad of ['1.2.3', '-x', 'a b', '']) expect(() => assertSnapshotTag(bad)).toThrow('cannot name a snapshot');
  });
});

describe('snapshotManifest', () => {
  it('pins the other snapshots and resolves workspace ranges, leaving the rest', () => {
    const manifest = {
      name: 'a',
      version: '1.0.0',
      dependencies: { b: 'workspace:^', c: '^2.0.0', d: 'workspace:*', lodash: '^4.17.21' },
      peerDependencies: { e: 'workspace:~' },
      devDependencies: { b: 'workspace:*' },
    };
    expect(snapshotManifest(manifest, '1.1.0-pr.1', { b: '1.2.0-pr.1', c: '2.1.0-pr.1' }, { d: '3.0.0', e: '4.1.0' })).toEqual({
      name: 'a',
      version: '1.1.0-pr.1',
      dependencies: { b: '1.2.0-pr.1', c: '2.1.0-pr.1', d: '3.0.0', lodash: '^4.17.21' },
      peerDependencies: { e: '~4.1.0' },
      devDependencies: { b: '1.2.0-pr.1' },
    });
    expect(manifest.version).toBe('1.0.0');
  });
});
