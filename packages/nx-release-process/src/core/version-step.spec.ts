import { nextVersion, parseVersion, type VersionStepInput } from './version-step';

const stable = (current: string, bump: VersionStepInput['bump'], extra: Partial<VersionStepInput> = {}) =>
  nextVersion({ current, released: true, lastStable: current, bump, changedSinceCurrent: true, ...extra });

describe('nextVersion', () => {
  it.each([
    ['1.1.0', 'patch', '1.1.1'],
    ['1.1.1', 'minor', '1.2.0'],
    ['1.2.0', 'major', '2.0.0'],
  ] as const)('%s + %s = %s', (current, bump, expected) => {
    expect(stable(current, bump)).toBe(expected);
  });

  it('releases nothing without a bump or without changes', () => {
    expect(stable('1.0.0', 'none')).toBeNull();
    expect(stable('1.0.0', 'minor', { changedSinceCurrent: false })).toBeNull();
  });

  it('runs rc.0 -> rc.1 -> final', () => {
    const rc0 = stable('1.1.0', 'minor', { preid: 'rc' });
    expect(rc0).toBe('1.2.0-rc.0');
    const rc1 = nextVersion({ current: rc0!, released: true, lastStable: '1.1.0', bump: 'patch', changedSinceCurrent: true, preid: 'rc' });
    expect(rc1).toBe('1.2.0-rc.1');
    const final = nextVersion({
      current: rc1!,
      released: true,
      lastStable: '1.1.0',
      bump: 'minor',
      changedSinceCurrent: false,
      promote: true,
    });
    expect(final).toBe('1.2.0');
  });

  it('restarts the candidate line when the changes since the last stable outgrow it', () => {
    const next = nextVersion({
      current: '1.2.0-rc.1',
      released: true,
      lastStable: '1.1.0',
      bump: 'major',
      changedSinceCurrent: true,
      preid: 'rc',
    });
    expect(next).toBe('2.0.0-rc.0');
  });

  it('finishes a candidate without --promote at the higher of its base and the bump', () => {
    expect(nextVersion({ current: '1.2.0-rc.1', released: true, lastStable: '1.1.0', bump: 'patch', changedSinceCurrent: true })).toBe(
      '1.2.0',
    );
    expect(nextVersion({ current: '1.2.0-rc.1', released: true, lastStable: '1.1.0', bump: 'major', changedSinceCurrent: true })).toBe(
      '2.0.0',
    );
  });

  it('starts a new preid line rather than continuing another one', () => {
    expect(
      nextVersion({ current: '1.2.0-beta.3', released: true, lastStable: '1.1.0', bump: 'minor', changedSinceCurrent: true, preid: 'rc' }),
    ).toBe('1.2.0-rc.0');
  });

  it('releases the manifest version as it is the first time', () => {
    expect(nextVersion({ current: '0.3.0', released: false, lastStable: null, bump: 'none', changedSinceCurrent: true })).toBe('0.3.0');
    expect(nextVersion({ current: '0.3.0', released: false, lastStable: null, bump: 'none', changedSinceCurrent: true, preid: 'rc' })).toBe(
      '0.3.0-rc.0',
    );
  });

  it('refuses to promote a stable version, saying what to do', () => {
    expect(() => stable('1.2.0', 'patch', { promote: true })).toThrow(/not a release candidate.*--preid rc/s);
  });

  it('names the bad version and where it came from', () => {
    expect(() => parseVersion('1.2', 'libs/a/package.json')).toThrow('invalid version "1.2" in libs/a/package.json');
  });
});
