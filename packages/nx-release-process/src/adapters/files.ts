import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Writes a file whole or not at all: to a temporary file beside it, then renamed over it. */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** A file of the plugin's own cache in the workspace, in node_modules/.cache as Babel and ESLint keep theirs. */
export function toolCachePath(workspaceRoot: string, name: string): string {
  return join(workspaceRoot, 'node_modules', '.cache', 'nx-release-process', name);
}

/** A JSON file of that cache, or null when it is missing or unreadable: a cache only ever saves time. */
export function readCacheFile<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** Writes a JSON file of that cache whole or not at all; a failure (a read-only node_modules) is not an error. */
export function writeCacheFile(path: string, value: unknown): boolean {
  try {
    writeFileAtomic(path, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}
