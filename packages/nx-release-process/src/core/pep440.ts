// semver's own modules, not its index (17 ms): the plugin reads project versions on every Nx command
import parse from 'semver/functions/parse';
import { ReleaseProcessError } from './release-error';

/** Our prerelease words and PEP 440's: `alpha` is `a`, `beta` is `b`, `rc` is `rc`, `dev` is `.dev`. */
const TO_PEP440: Record<string, string> = { alpha: 'a', a: 'a', beta: 'b', b: 'b', rc: 'rc', c: 'rc', pre: 'rc', preview: 'rc' };
const FROM_PEP440: Record<string, string> = { a: 'alpha', b: 'beta', rc: 'rc' };

/**
 * The PEP 440 form of a semver version, as Python packaging names it on an index: `1.2.0-rc.1` is
 * `1.2.0rc1`, `1.2.0-beta.0` is `1.2.0b0`, `1.2.0-dev.3` is `1.2.0.dev3`. A prerelease PEP 440 has no word
 * for (`1.2.0-pr-12.1`) is refused, naming the words it has.
 */
export function toPep440(version: string): string {
  const parsed = parse(version);
  if (!parsed) throw notConvertible(version);
  const release = `${parsed.major}.${parsed.minor}.${parsed.patch}`;
  if (parsed.prerelease.length === 0) return release;
  const [word, number = 0, ...rest] = parsed.prerelease;
  if (typeof word !== 'string' || typeof number !== 'number' || rest.length > 0) throw notConvertible(version);
  if (word === 'dev') return `${release}.dev${number}`;
  const pep = TO_PEP440[word.toLowerCase()];
  if (!pep) throw notConvertible(version);
  return `${release}${pep}${number}`;
}

/**
 * The semver form of a PEP 440 version read from a Python file (`1.2.0rc1` is `1.2.0-rc.1`); any other
 * text is returned as it is, so a semver version or a malformed one is reported as written.
 */
export function fromPep440(version: string): string {
  const match = /^(\d+\.\d+\.\d+)(?:[-_.]?(a|b|rc|alpha|beta|c)[-_.]?(\d+)|[-_.]?dev[-_.]?(\d+))$/i.exec(version.trim());
  if (!match) return version;
  const [, release, word, number, dev] = match;
  if (dev !== undefined) return `${release}-dev.${Number(dev)}`;
  const lower = word.toLowerCase();
  return `${release}-${FROM_PEP440[lower] ?? (lower === 'c' ? 'rc' : lower)}.${Number(number)}`;
}

function notConvertible(version: string): ReleaseProcessError {
  return new ReleaseProcessError(
    `${version} has no PEP 440 form for a Python package`,
    'Use a prerelease id Python knows (--preid rc, alpha, beta or dev), or a plain X.Y.Z',
  );
}
