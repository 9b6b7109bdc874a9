import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Loads an ESM-only package (the conventional-changelog family) from CommonJS code. Node 20.19+ can
 * `require` ES modules, but these packages export only an "import" condition, so `require(name)` is
 * refused; and `import()` is rewritten to `require()` by the transpilers that run our sources (Nx
 * loading the plugin from TypeScript, Jest). Requiring the resolved entry file works in all three.
 */
export function requireEsmPackage<T>(name: string): T {
  const directory = (require.resolve.paths(name) ?? [])
    .map((nodeModules) => join(nodeModules, name))
    .find((candidate) => existsSync(join(candidate, 'package.json')));
  if (!directory) throw new Error(`cannot find the package ${name}: run npm install`);
  const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { exports?: unknown; main?: string };
  return require(join(directory, entryOf(manifest.exports) ?? manifest.main ?? 'index.js')) as T;
}

function entryOf(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (!exports || typeof exports !== 'object') return undefined;
  const conditions = exports as Record<string, unknown>;
  if ('.' in conditions) return entryOf(conditions['.']);
  return entryOf(conditions.import ?? conditions.default ?? conditions.node);
}
