import { DEPENDENCY_FIELDS, parsePackageJson, updatedRange } from './package-json';

type LockEntry = Record<string, unknown> & { version?: string };

/**
 * npm's lock file after a release of workspace packages: each released package's own entry
 * (`packages["packages/core"].version`) and the ranges other workspace packages hold on it, as the bumped
 * package.json files say, so `npm ci` agrees with them. Other entries (registry packages) are left alone,
 * and the text is unchanged when nothing needs to change. `released` maps project roots to name and version.
 */
export function updatePackageLock(path: string, text: string, released: Array<{ root: string; name: string; version: string }>): string {
  const lock = parsePackageJson(path, text) as { lockfileVersion?: number; packages?: Record<string, LockEntry> };
  const entries = lock.packages;
  if (!entries) return text; // lockfile v1 has no workspace entries to keep in step
  const versions = Object.fromEntries(released.map((pkg) => [pkg.name, pkg.version]));
  let changed = false;
  for (const pkg of released) {
    const entry = entries[pkg.root];
    if (entry && entry.name === pkg.name && entry.version !== pkg.version) {
      entry.version = pkg.version;
      changed = true;
    }
  }
  for (const [key, entry] of Object.entries(entries)) {
    if (key.startsWith('node_modules/') || key.includes('/node_modules/')) continue; // installed copies, not workspace packages
    for (const field of DEPENDENCY_FIELDS) {
      const ranges = entry[field] as Record<string, string> | undefined;
      for (const [name, range] of Object.entries(ranges ?? {})) {
        const updated = updatedRange(range, versions[name]);
        if (updated !== null && updated !== range) {
          (ranges as Record<string, string>)[name] = updated;
          changed = true;
        }
      }
    }
  }
  if (!changed) return text;
  const indent = /^\{\r?\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  return `${JSON.stringify(lock, null, indent).replace(/\n/g, newline)}${newline}`;
}
