// semver's own module, not its index (17 ms): the plugin reads project versions on every Nx command
import parse from 'semver/functions/parse';
import { ReleaseProcessError } from '../release-error';

/** bump-my-version's own version format: `parse` (named groups), `serialize` (formats in order), its parts. */
export interface BumpversionFormat {
  parse: string;
  serialize: string[];
  /** Parts with a list of values (`release = dev | rc | final`), and the value that leaves them out. */
  parts: Record<string, { values?: string[]; optionalValue?: string }>;
}

const DEFAULT_PARSE = '(?P<major>\\d+)\\.(?P<minor>\\d+)\\.(?P<patch>\\d+)';

/** The format a configuration declares; null when it keeps bump-my-version's default (plain X.Y.Z). */
export function bumpversionFormat(settings: { parse?: unknown; serialize?: unknown; parts?: unknown }): BumpversionFormat | null {
  const serialize =
    typeof settings.serialize === 'string'
      ? settings.serialize
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
      : Array.isArray(settings.serialize)
        ? settings.serialize.filter((entry): entry is string => typeof entry === 'string')
        : [];
  if (serialize.length === 0 && typeof settings.parse !== 'string') return null;
  const parts: BumpversionFormat['parts'] = {};
  for (const [name, part] of Object.entries((settings.parts as Record<string, Record<string, unknown>> | undefined) ?? {})) {
    const values = Array.isArray(part.values) ? part.values.filter((value): value is string => typeof value === 'string') : undefined;
    const optional = typeof part.optional_value === 'string' ? part.optional_value : values?.[values.length - 1];
    parts[name] = { ...(values ? { values } : {}), ...(optional !== undefined ? { optionalValue: optional } : {}) };
  }
  return {
    parse: typeof settings.parse === 'string' ? settings.parse : DEFAULT_PARSE,
    serialize: serialize.length > 0 ? serialize : ['{major}.{minor}.{patch}'],
    parts,
  };
}

/**
 * A semver version as the configuration writes it, choosing the serialize format as bump-my-version does:
 * the first whose parts all have a value and that leaves out no part with a value of its own. A
 * prerelease fills the part with a list of values (its preid) and the number part parsed after it:
 * `1.4.0-rc.1` is `1.4.0-rc1` under `{major}.{minor}.{patch}-{release}{build}`.
 */
export function serializeVersion(version: string, format: BumpversionFormat, path: string): string {
  const parsed = parse(version);
  if (!parsed) throw unserializable(version, path, 'it is not a semver version');
  const values: Record<string, string> = { major: String(parsed.major), minor: String(parsed.minor), patch: String(parsed.patch) };
  const required = new Set(Object.keys(values));
  if (parsed.prerelease.length > 0) {
    const [word, number = 0] = parsed.prerelease;
    const groups = [...format.parse.matchAll(/\(\?P<(\w+)>/g)].map((match) => match[1]);
    const label = groups.find((group) => format.parts[group]?.values?.includes(String(word)));
    const numberPart = label
      ? groups.slice(groups.indexOf(label) + 1).find((group) => !(group in values) && !format.parts[group]?.values)
      : undefined;
    if (!label || !numberPart) throw unserializable(version, path, `no part of its parse takes "${word}" and a number after it`);
    values[label] = String(word);
    values[numberPart] = String(number);
    required.add(label).add(numberPart);
  }
  for (const serialize of format.serialize) {
    const names = [...serialize.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
    if (!names.every((name) => name in values) || [...required].some((name) => !names.includes(name) && !isLeftOut(name, values))) continue;
    return serialize.replace(/\{(\w+)\}/g, (_, name: string) => values[name]);
  }
  throw unserializable(version, path, 'none of its serialize formats holds every part of it');
}

/** major, minor and patch at 0 may be left out of a format (`{major}.{minor}` for 1.2.0), as bump-my-version does. */
function isLeftOut(name: string, values: Record<string, string>): boolean {
  return ['major', 'minor', 'patch'].includes(name) && values[name] === '0';
}

function unserializable(version: string, path: string, why: string): ReleaseProcessError {
  return new ReleaseProcessError(
    `${path}: version ${version} cannot be written with its bumpversion parse/serialize: ${why}`,
    'Add a serialize format for it (e.g. "{major}.{minor}.{patch}-{release}{build}" with release values including the preid), or release a plain X.Y.Z',
  );
}
