import { ReleaseProcessError } from '../release-error';

/** An INI file's sections, each a map of option (lower-cased, as Python reads it) to value. */
export type IniSections = Map<string, Map<string, string>>;

/**
 * An INI file read as Python's `configparser` reads it, since bump2version and bump-my-version read
 * `setup.cfg` and `.bumpversion.cfg` with it: `=` or `:` between option and value, `#`/`;` comment lines,
 * indented continuation lines (blank lines kept inside a value), option names lower-cased, values trimmed.
 * What configparser refuses (a line before any section, a line that is no option, a section or option given
 * twice) is refused here too, naming the file and the line. Values are raw; `interpolatedSection` reads one
 * section as `ConfigParser` does.
 */
export function parsedIni(path: string, text: string): IniSections {
  const sections: IniSections = new Map();
  const defaults = new Map<string, string[] | null>();
  const raw = new Map<string, Map<string, string[] | null>>();
  let section: Map<string, string[] | null> | null = null;
  let sectionName = '';
  let option: string | null = null;
  let indent = Number.MAX_SAFE_INTEGER;
  const seen = new Set<string>();
  const refuse = (lineNumber: number, reason: string): never => {
    throw new ReleaseProcessError(`${path} is not valid INI: line ${lineNumber}: ${reason}`, 'Fix the file, then run again');
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, index) => {
    const number = index + 1;
    const comment = /^\s*[#;]/.test(line);
    const value = comment ? '' : line.trim();
    if (!value) {
      // A blank line inside a value is part of it; a comment line is not.
      const current = option !== null && section ? section.get(option) : null;
      if (!comment && current) current.push('');
      return;
    }
    const lineIndent = /\S/.exec(line)?.index ?? 0;
    const continuing = section && option !== null && section.get(option);
    if (continuing && lineIndent > indent) {
      continuing.push(value);
      return;
    }
    indent = lineIndent;
    const header = /^\[(.+)\]/.exec(value);
    if (header) {
      sectionName = header[1];
      // DEFAULT may be opened again; any other section given twice is an error to configparser.
      if (sectionName !== 'DEFAULT' && seen.has(`[${sectionName}]`)) refuse(number, `section [${sectionName}] is given twice`);
      seen.add(`[${sectionName}]`);
      if (sectionName === 'DEFAULT') section = defaults;
      else raw.set(sectionName, (section = new Map()));
      option = null;
      return;
    }
    if (!section) refuse(number, 'it comes before any [section]');
    const entry = /^(.*?)\s*([=:])\s*(.*)$/.exec(value);
    if (!entry || !entry[1]) refuse(number, `"${value.slice(0, 60)}" is neither a [section] nor an option = value`);
    option = entry![1].trimEnd().toLowerCase();
    if (seen.has(`${sectionName}\0${option}`)) refuse(number, `option ${option} is given twice in [${sectionName}]`);
    seen.add(`${sectionName}\0${option}`);
    section!.set(option, [entry![3].trim()]);
  });
  const joined = (values: string[] | null) => (values ?? []).join('\n').trimEnd();
  for (const [name, options] of raw) {
    const merged = new Map<string, string>([...defaults].map(([key, values]) => [key, joined(values)]));
    for (const [key, values] of options) merged.set(key, joined(values));
    sections.set(name, merged);
  }
  return sections;
}

/**
 * One section's values through `ConfigParser`'s basic interpolation: `%%` is a percent sign, `%(option)s`
 * another option of the section (or of DEFAULT). Only the sections read are interpolated, as Python does.
 */
export function interpolatedSection(path: string, section: string, options: Map<string, string>): Map<string, string> {
  return new Map([...options].map(([key, value]) => [key, interpolated(path, section, key, value, options)]));
}

function interpolated(path: string, section: string, key: string, value: string, options: Map<string, string>, depth = 0): string {
  if (depth > 10) throw unreadable(path, section, key, 'its %(...)s references go round in a loop');
  return value.replace(/%(%|\(([^)]+)\)s|.?)/g, (match, kind: string, name?: string) => {
    if (kind === '%') return '%';
    if (name === undefined) throw unreadable(path, section, key, `"${match}" must be written %% for a percent sign`);
    const referenced = options.get(name.toLowerCase());
    if (referenced === undefined) throw unreadable(path, section, key, `%(${name})s names no option of [${section}]`);
    return interpolated(path, section, name, referenced, options, depth + 1);
  });
}

function unreadable(path: string, section: string, key: string, reason: string): ReleaseProcessError {
  return new ReleaseProcessError(`${path} is not valid INI: [${section}] ${key}: ${reason}`, 'Fix the file, then run again');
}
