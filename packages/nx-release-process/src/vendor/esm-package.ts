import { join } from 'node:path';

/**
 * Loads an ESM-only package (the conventional-changelog family) from CommonJS code. Node 20.19+ can
 * `require` ES modules, but these packages export only an "import" condition, so `require(name)` is
 * refused; and `import()` is rewritten to `require()` by the transpilers that run our sources (Nx
 * loading the plugin from TypeScript, Jest). Requiring the resolved entry file works in all three.
 * The package is found by module resolution alone (its package.json required by path, which `exports`
 * does not govern). It lives here, outside core, so that core holds no `require` at all: core imports the
 * libraries it computes with through this loader, as it imports `semver`.
 */
export function requireEsmPackage<T>(name: string): T {
  for (const nodeModules of require.resolve.paths(name) ?? []) {
    const directory = join(nodeModules, name);
    let manifest: { exports?: unknown; main?: string };
    try {
      manifest = require(join(directory, 'package.json')) as typeof manifest;
    } catch {
      continue; // not installed in this node_modules
    }
    return require(join(directory, entryOf(manifest.exports) ?? manifest.main ?? 'index.js')) as T;
  }
  throw new Error(`cannot find the package ${name}: run npm install`);
}

function entryOf(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (!exports || typeof exports !== 'object') return undefined;
  const conditions = exports as Record<string, unknown>;
  if ('.' in conditions) return entryOf(conditions['.']);
  return entryOf(conditions.import ?? conditions.default ?? conditions.node);
}
