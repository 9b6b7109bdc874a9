import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ReleaseFileReader } from '../core/release-edits';

/** Release edits read from the working tree under `root`. */
export function diskReader(root: string): ReleaseFileReader {
  return {
    exists: (path) => existsSync(join(root, path)),
    read: (path) => (existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : null),
    children: (dir) => (existsSync(join(root, dir)) && statSync(join(root, dir)).isDirectory() ? readdirSync(join(root, dir)) : []),
  };
}

/**
 * Release edits read from a commit, as the files are there (a hotfix starts from its tag): the file list
 * comes from one `git ls-tree`, contents from `git show` for the few files read.
 */
export function gitRefReader(root: string, ref: string): ReleaseFileReader {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const files = git('ls-tree', '-r', '--name-only', '-z', '--end-of-options', ref).split('\0').filter(Boolean);
  const fileSet = new Set(files);
  const under = (dir: string) => (dir ? `${dir.replace(/\/+$/, '')}/` : '');
  return {
    exists: (path) => fileSet.has(path) || files.some((file) => file.startsWith(under(path))),
    read: (path) => (fileSet.has(path) ? git('show', '--end-of-options', `${ref}:${path}`) : null),
    children: (dir) => [
      ...new Set(files.filter((file) => file.startsWith(under(dir))).map((file) => file.slice(under(dir).length).split('/')[0])),
    ],
  };
}
