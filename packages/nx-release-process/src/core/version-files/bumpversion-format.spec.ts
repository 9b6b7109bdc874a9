import { bumpversionFormat, serializeVersion } from './bumpversion-format';

const format = bumpversionFormat({
  parse: '(?P<major>\\d+)\\.(?P<minor>\\d+)\\.(?P<patch>\\d+)(?:-(?P<release>[a-z]+)(?P<build>\\d+))?',
  serialize: ['{major}.{minor}.{patch}-{release}{build}', '{major}.{minor}.{patch}'],
  parts: { release: { values: ['dev', 'rc', 'final'], optional_value: 'final' } },
})!;

describe('serializeVersion: our versions as a bump-my-version parse/serialize writes them', () => {
  it('writes a release with the shortest format that holds it, and a candidate with its release part', () => {
    expect(serializeVersion('1.3.0', format, '.bumpversion.toml')).toBe('1.3.0');
    expect(serializeVersion('1.4.0-rc.1', format, '.bumpversion.toml')).toBe('1.4.0-rc1');
    expect(serializeVersion('1.4.0-dev.0', format, '.bumpversion.toml')).toBe('1.4.0-dev0');
  });

  it('leaves a zero patch out where a format has no {patch}, and keeps bump-my-version defaults without one', () => {
    const short = bumpversionFormat({ serialize: '{major}.{minor}' })!;
    expect(serializeVersion('2.1.0', short, 'setup.cfg')).toBe('2.1');
    expect(() => serializeVersion('2.1.3', short, 'setup.cfg')).toThrow(
      'setup.cfg: version 2.1.3 cannot be written with its bumpversion parse/serialize: none of its serialize formats holds every part of it',
    );
    expect(bumpversionFormat({})).toBeNull();
  });

  it('refuses a preid its parts have no value for, naming the file', () => {
    expect(() => serializeVersion('1.4.0-beta.1', format, '.bumpversion.toml')).toThrow(
      '.bumpversion.toml: version 1.4.0-beta.1 cannot be written with its bumpversion parse/serialize: no part of its parse takes "beta"',
    );
  });
});
