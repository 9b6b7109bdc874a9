import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
