import { interpolatedSection, parsedIni } from './ini';

describe('parsedIni', () => {
  it('keeps a multi-line value with its blank line and without its comment line, and lower-cases option names', () => {
    const sections = parsedIni(
      'setup.cfg',
      '[bumpversion:file:CHANGELOG.md]\nSearch =\n  Unreleased\n\n  ; a comment\n  ----------\nreplace: x\n',
    );
    expect(sections).toEqual(
      new Map([
        [
          'bumpversion:file:CHANGELOG.md',
          new Map([
            ['search', '\nUnreleased\n\n----------'],
            ['replace', 'x'],
          ]),
        ],
      ]),
    );
  });

  it('gives every section the DEFAULT values it does not set itself', () => {
    const sections = parsedIni(
      '.bumpversion.cfg',
      '[DEFAULT]\nsearch = v{current_version}\n[bumpversion:file:a.txt]\n[bumpversion:file:b.txt]\nsearch = {current_version}\n',
    );
    expect(sections.get('bumpversion:file:a.txt')?.get('search')).toBe('v{current_version}');
    expect(sections.get('bumpversion:file:b.txt')?.get('search')).toBe('{current_version}');
    expect(sections.has('DEFAULT')).toBe(false);
  });

  it.each([
    ['current_version = 1.0.0\n', 'line 1: it comes before any [section]'],
    ['[bumpversion]\ncurrent_version 1.0.0\n', 'line 2: "current_version 1.0.0" is neither a [section] nor an option = value'],
    ['[bumpversion]\n[bumpversion]\n', 'line 2: section [bumpversion] is given twice'],
    ['[bumpversion]\na = 1\nA = 2\n', 'line 3: option a is given twice in [bumpversion]'],
  ])('refuses %j, naming the file and the line', (text, reason) => {
    expect(() => parsedIni('pkg/setup.cfg', text)).toThrow(`pkg/setup.cfg is not valid INI: ${reason}`);
  });
});

describe('interpolatedSection', () => {
  const section = (text: string) => parsedIni('setup.cfg', `[bumpversion]\n${text}`).get('bumpversion')!;

  it('reads %% as a percent sign and %(name)s as another option, as ConfigParser does', () => {
    const options = section('current_version = 1.0.0\nmessage = 100%% ready: %(Current_Version)s\n');
    expect(interpolatedSection('setup.cfg', 'bumpversion', options).get('message')).toBe('100% ready: 1.0.0');
  });

  it.each([
    ['message = 100% ready\n', '"% " must be written %% for a percent sign'],
    ['message = %(nothing)s\n', '%(nothing)s names no option of [bumpversion]'],
    ['message = %(message)s\n', 'its %(...)s references go round in a loop'],
  ])('refuses %j, naming the option', (text, reason) => {
    expect(() => interpolatedSection('setup.cfg', 'bumpversion', section(text))).toThrow(
      `setup.cfg is not valid INI: [bumpversion] message: ${reason}`,
    );
  });
});
