import { fromPep440, toPep440 } from './pep440';

describe('toPep440', () => {
  it.each([
    ['1.2.0', '1.2.0'],
    ['1.2.0-rc.1', '1.2.0rc1'],
    ['1.2.0-rc.0', '1.2.0rc0'],
    ['2.0.0-beta.3', '2.0.0b3'],
    ['2.0.0-alpha.0', '2.0.0a0'],
    ['2.0.0-dev.7', '2.0.0.dev7'],
    ['2.0.0-rc', '2.0.0rc0'],
  ])('%s is %s on a Python index', (semverVersion, pep) => {
    expect(toPep440(semverVersion)).toBe(pep);
  });

  it.each(['1.2.0-pr-12.1', '1.2.0-rc.1.2', '1.2.0-0', 'not-a-version'])('refuses %s, naming the prerelease ids Python has', (version) => {
    expect(() => toPep440(version)).toThrow(`${version} has no PEP 440 form for a Python package. Use a prerelease id Python knows`);
  });
});

describe('fromPep440', () => {
  it.each([
    ['1.2.0rc1', '1.2.0-rc.1'],
    ['1.2.0-rc.1', '1.2.0-rc.1'],
    ['1.2.0b3', '1.2.0-beta.3'],
    ['1.2.0a0', '1.2.0-alpha.0'],
    ['1.2.0.dev7', '1.2.0-dev.7'],
    ['1.2.0', '1.2.0'],
    ['1.2', '1.2'],
  ])('reads %s as %s', (pep, semverVersion) => {
    expect(fromPep440(pep)).toBe(semverVersion);
  });

  it('turns every convertible version back into itself', () => {
    for (const version of ['0.1.0', '1.2.0-rc.4', '3.0.0-beta.0', '3.0.0-alpha.2', '3.0.0-dev.1']) {
      expect(fromPep440(toPep440(version))).toBe(version);
    }
  });
});
