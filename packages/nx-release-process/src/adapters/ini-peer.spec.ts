import { execFileSync } from 'node:child_process';
import { interpolatedSection, parsedIni } from '../core/version-files/ini';

/** What Python's configparser makes of a text: every section's items, or the error it raises. */
function pythonReads(text: string, interpolate: boolean): Record<string, Record<string, string>> | { error: true } {
  const script = [
    'import configparser, json, sys',
    `parser = configparser.${interpolate ? 'ConfigParser' : 'RawConfigParser'}()`,
    'try:',
    '    parser.read_string(sys.stdin.read())',
    '    print(json.dumps({name: dict(parser.items(name)) for name in parser.sections()}))',
    'except configparser.Error:',
    '    print(json.dumps({"error": True}))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script], { input: text, encoding: 'utf8' }));
}

function oursReads(text: string, interpolate: boolean): Record<string, Record<string, string>> | { error: true } {
  try {
    const sections = parsedIni('setup.cfg', text);
    return Object.fromEntries(
      [...sections].map(([name, options]) => [
        name,
        Object.fromEntries(interpolate ? interpolatedSection('setup.cfg', name, options) : options),
      ]),
    );
  } catch {
    return { error: true };
  }
}

/** How teams write setup.cfg and .bumpversion.cfg, and the mistakes configparser refuses. */
const TEXTS: Record<string, string> = {
  'bump2version with files and a multi-line serialize': [
    '[bumpversion]',
    'current_version = 1.2.0-rc1',
    'commit = True',
    'parse = (?P<major>\\d+)\\.(?P<minor>\\d+)\\.(?P<patch>\\d+)(\\-(?P<release>[a-z]+)(?P<build>\\d+))?',
    'serialize =',
    '\t{major}.{minor}.{patch}-{release}{build}',
    '\t{major}.{minor}.{patch}',
    '',
    '[bumpversion:file:setup.py]',
    'search = version="{current_version}"',
    '',
    '[bumpversion:file (badge):README.rst]',
    '',
  ].join('\n'),
  'no spaces, colons, upper-case keys, comments and CRLF':
    '[bumpversion]\r\ncurrent_version=1.1.0\r\n# a comment\r\n; another\r\nCommit: False\r\n',
  'a multi-line value with a blank line and a comment inside':
    '[bumpversion:file:CHANGELOG.md]\nsearch =\n  ## Unreleased\n\n  # not part of it\n  ## end\nreplace = x\n',
  'indented section headers and options': '  [metadata]\n  name = pkg\n    continued\n[bumpversion]\ncurrent_version = 1.0.0\n',
  'DEFAULT values in every section':
    '[DEFAULT]\nsearch = v{current_version}\n[bumpversion]\ncurrent_version = 1.0.0\n[bumpversion:file:a.txt]\n',
  'percent signs and references': '[bumpversion]\ncurrent_version = 1.0.0\nmessage = 100%% ready: %(current_version)s\n',
  'a value with = and : in it': '[bumpversion:file:a.py]\nsearch = VERSION: str = "{current_version}"\n',
  'a header with text after it': '[bumpversion] trailing\ncurrent_version = 1.0.0\n',
  'a line before any section': 'current_version = 1.0.0\n[bumpversion]\n',
  'a line that is no option': '[bumpversion]\ncurrent_version 1.0.0\n',
  'a section given twice': '[bumpversion]\ncurrent_version = 1.0.0\n[bumpversion]\ncommit = True\n',
  'an option given twice': '[bumpversion]\ncurrent_version = 1.0.0\nCurrent_Version = 1.1.0\n',
  'an option with no name': '[bumpversion]\n= 1.0.0\n',
  'a lone percent sign': '[bumpversion]\ncurrent_version = 1.0.0\nmessage = 100% ready\n',
  'a reference to nothing': '[bumpversion]\ncurrent_version = 1.0.0\nmessage = %(nothing)s\n',
};

describe.each(Object.entries(TEXTS))('INI read as configparser reads it: %s', (_name, text) => {
  it.each([false, true])('gives the same sections, or refuses as Python does (interpolation %p)', (interpolate) => {
    expect(oursReads(text, interpolate)).toEqual(pythonReads(text, interpolate));
  });
});
