import {
  accessSync,
  appendFileSync,
  chmodSync,
  closeSync,
  constants,
  fsyncSync,
  openSync,
  statSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ReleaseProcessError } from '../core/release-error';

/**
 * Writes a file whole or not at all: to a temporary file beside it, flushed to the disk (unless `durable`
 * is false, for a file made again by running again), given the mode the file had (an executable script
 * stays executable), then renamed over it.
 */
export function writeFileAtomic(path: string, content: string, options: { durable?: boolean } = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${process.pid}.${Date.now()}.tmp`);
  try {
    const mode = existingMode(path);
    const fd = openSync(temporary, 'wx', mode ?? 0o666);
    try {
      writeFileSync(fd, content);
      if (options.durable !== false) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // The umask narrows the mode a file is created with: the file's own mode is given back explicitly.
    if (mode !== null) chmodSync(temporary, mode);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function existingMode(path: string): number | null {
  try {
    return statSync(path).mode & 0o7777;
  } catch {
    return null;
  }
}

/**
 * Writes edits into the working tree, each whole; every path is checked (see pathInside) before the first
 * write. A file that already reads as planned (Nx flushed it from its tree) is not written again.
 */
export function writeEditsToDisk(root: string, edits: Array<{ path: string; content: string }>): void {
  const targets = edits.map((edit) => pathInside(root, edit.path, 'file'));
  edits.forEach((edit, index) => {
    if (!hasContent(targets[index], edit.content)) writeFileAtomic(targets[index], edit.content);
  });
}

function hasContent(path: string, content: string): boolean {
  try {
    return readFileSync(path, 'utf8') === content;
  } catch {
    return false;
  }
}

/** Refuses, before the first write, files (or the folders of new files) this process may not write. */
export function assertWritable(root: string, paths: string[]): void {
  for (const path of paths) {
    let target = resolve(root, path);
    while (!exists(target)) target = dirname(target);
    try {
      accessSync(target, constants.W_OK);
    } catch {
      throw new ReleaseProcessError(
        `${relative(root, target) || root} is not writable, and this run would write ${path}`,
        'Make it writable (chmod u+w), then run again',
      );
    }
  }
}

/** A file of the plugin's own cache in the workspace, in node_modules/.cache as Babel and ESLint keep theirs. */
export function toolCachePath(workspaceRoot: string, name: string): string {
  return join(workspaceRoot, 'node_modules', '.cache', 'nx-release-process', name);
}

/** A JSON file, or null when it is missing or unreadable (a cache, an optional report). */
export function readJsonFile<T>(path: string): T | null {
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

/**
 * The absolute path of `path` (relative to `root`), refused when a write there would land outside `root`:
 * through `..`, an absolute path, or a symbolic link (a link, even a dangling one, is followed as a write
 * through it would be). `what` names the path in the error ("release notes file", "gate report").
 */
export function pathInside(root: string, path: string, what: string): string {
  const base = realpath(root);
  const absolute = resolve(base, path);
  if (!isWithin(base, whereWritten(absolute))) {
    throw new ReleaseProcessError(`${what} ${path} leads outside ${root}`, 'Give a path inside the workspace (no "..", no link out of it)');
  }
  return absolute;
}

/** Where a write to `absolute` ends up: links resolved along the part of the path that exists. */
function whereWritten(absolute: string, depth = 0): string {
  let existing = absolute;
  while (!exists(existing)) existing = dirname(existing);
  const rest = relative(existing, absolute);
  if (lstatSync(existing).isSymbolicLink() && depth < 40) {
    try {
      return join(realpath(existing), rest);
    } catch {
      // a dangling link: a write creates its target
      return whereWritten(join(resolve(dirname(existing), readlinkSync(existing)), rest), depth + 1);
    }
  }
  return join(realpath(existing), rest);
}

/**
 * One system call, where Node's own `realpathSync` asks for every folder along the path: a batch checks
 * the path of each of its hundreds of reports.
 */
const realpath = (path: string) => realpathSync.native(path);

/** Appends text to a file another tool reads as it grows (GitHub's step summary). */
export function appendToFile(path: string, text: string): void {
  appendFileSync(path, text);
}

/** Whether anything is at the path (a dangling link counts). */
export function pathExists(path: string): boolean {
  return exists(path);
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function isWithin(base: string, path: string): boolean {
  const fromBase = relative(base, path);
  return fromBase === '' || (fromBase !== '..' && !fromBase.startsWith(`..${sep}`) && !isAbsolute(fromBase));
}

/** A workspace-relative path as a repository-relative one, with `/` (what git reports and takes). */
export function repositoryRelative(repositoryRoot: string, workspaceRoot: string, path: string): string {
  return relative(resolve(repositoryRoot), join(workspaceRoot, path)).split(sep).join('/');
}
