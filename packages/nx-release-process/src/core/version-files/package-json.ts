import { replaceJsonString } from './json-span';
import { ReleaseProcessError } from '../release-error';
import { outOfStep, type VersionFileKind } from './version-file';

/** npm's manifest: `"version"`, edited in place so the file keeps its own formatting. */
export const packageJson: VersionFileKind = {
  name: 'package.json',
  locations: ['package.json'],
  manifest: true,
  read(path, text) {
    const version = (parsePackageJson(path, text) as { version?: unknown }).version;
    return version === undefined ? null : String(version); // a non-string version is invalid, not absent
  },
  write(path, text, change) {
    const manifest = parsePackageJson(path, text) as { version?: unknown };
    if (manifest.version !== change.current) throw outOfStep(path, String(manifest.version), change.current);
    // The top-level key only: a "version" inside "engines", "config" or "__proto__" is not the manifest's.
    return replaceJsonString(text, ['version'], change.next);
  },
};

/** The fields of a package.json that name other packages with a range. */
export const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/**
 * Updates a manifest's ranges on released workspace packages so they admit the new versions, keeping
 * the range's style (`^`, `~`, exact); `*`, `workspace:` and other protocols are left as they are.
 * Returns the text unchanged when nothing needs to change.
 */
export function updateDependencyRanges(path: string, text: string, versions: Record<string, string>): string {
  const manifest = parsePackageJson(path, text) as Record<string, Record<string, string> | undefined>;
  let result = text;
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      const updated = updatedRange(range, versions[name]);
      if (updated !== null && updated !== range) result = replaceJsonString(result, [field, name], updated);
    }
  }
  return result;
}

/** The range in its own style (`^`, `~`, `>=`, exact) admitting `next`; null for `*`, `workspace:`, `file:`, git URLs. */
export function updatedRange(range: unknown, next: string | undefined): string | null {
  if (!next || typeof range !== 'string') return null;
  const style = /^([~^]|>=)?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.exec(range.trim());
  return style ? `${style[1] ?? ''}${next}` : null;
}

export function parsePackageJson(path: string, text: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) {
    throw new ReleaseProcessError(`${path} starts with a byte order mark (BOM)`, 'Save it as UTF-8 without a BOM, then run again');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ReleaseProcessError(`${path} is not valid JSON: ${(error as Error).message}`, 'Fix the file, then run again');
  }
}

/** The export conditions Node and TypeScript resolve for a package's users. */
const USER_CONDITIONS = new Set(['import', 'require', 'default', 'types', 'node', 'browser', 'module']);

/**
 * The files a package.json promises its users (`main`, `module`, `types`, `bin`, and the targets of
 * `exports` under subpaths and the standard conditions), as package-relative paths: a package published
 * without them installs but cannot be used. Custom conditions for the workspace itself
 * (`"@ws/source": "./src/index.ts"`, as Nx writes them) are not for users and are left out.
 */
export function packageEntryPoints(manifest: Record<string, unknown>): string[] {
  const paths = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string' && !value.includes('*')) paths.add(value.replace(/^\.\//, ''));
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value))
        if (key.startsWith('.') || USER_CONDITIONS.has(key) || /^\d+$/.test(key)) add(inner);
    }
  };
  for (const field of ['main', 'module', 'types', 'typings', 'exports']) add(manifest[field]);
  const bin = manifest.bin;
  for (const command of typeof bin === 'string' ? [bin] : Object.values(bin && typeof bin === 'object' ? bin : {})) add(command);
  paths.delete('package.json');
  return [...paths].sort();
}
