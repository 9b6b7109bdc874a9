import { runGitSync } from './git';
import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
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
 * The working tree under `root` seen through one listing per folder, kept for the reader's life: a manifest
 * search asks a dozen "does this exist" per project, each a system call with `diskReader`. Only for reads
 * with no write in between.
 */
export function listedDiskReader(root: string): ReleaseFileReader {
  type Kind = 'folder' | 'file' | 'nowhere'; // a link may lead nowhere: then it is not there, as existsSync says
  const listings = new Map<string, Map<string, Kind>>();
  const kindOf = (path: string): Kind | undefined => (path === '' || path === '.' ? 'folder' : listing(dirname(path)).get(basename(path)));
  const listing = (path: string): Map<string, Kind> => {
    const dir = path === '.' ? '' : path;
    let entries = listings.get(dir);
    if (!entries) {
      // a folder is listed once; a file or a missing path, known from its parent's listing, costs no call
      const kindOfEntry = (entry: Dirent): Kind => {
        if (!entry.isSymbolicLink()) return entry.isDirectory() ? 'folder' : 'file';
        const target = statSync(join(root, dir, entry.name), { throwIfNoEntry: false });
        return target ? (target.isDirectory() ? 'folder' : 'file') : 'nowhere';
      };
      entries = new Map();
      try {
        if (kindOf(dir) === 'folder')
          entries = new Map(readdirSync(join(root, dir), { withFileTypes: true }).map((entry) => [entry.name, kindOfEntry(entry)]));
      } catch {
        // the root itself is not there (or went away): nothing under it
      }
      listings.set(dir, entries);
    }
    return entries;
  };
  // A path with `..` (a pattern's `../VERSION`) or outside the root is asked of the disk, as diskReader does.
  const direct = diskReader(root);
  const listed = (path: string) => {
    // most paths are plain: nothing to normalize (`/.` catches `..` and `./` anywhere but at the start)
    if (!path.startsWith('.') && !path.startsWith('/') && !path.includes('/.') && !path.includes('//')) return path;
    const clean = posix.normalize(path);
    return clean === '..' || clean.startsWith('../') || posix.isAbsolute(clean) ? null : clean;
  };
  const exists = (path: string) => {
    const clean = listed(path);
    if (clean === null) return direct.exists(path);
    const kind = kindOf(clean);
    return kind === 'folder' || kind === 'file';
  };
  return {
    exists,
    read: (path) => {
      const clean = listed(path);
      if (clean === null) return direct.read(path, 'utf-8');
      return kindOf(clean) === 'file' ? readFileSync(join(root, clean), 'utf8') : null;
    },
    children: (dir) => {
      const clean = listed(dir);
      return clean === null ? direct.children(dir) : [...listing(clean).keys()];
    },
  };
}

/**
 * Release edits read from a commit, as the files are there (a hotfix starts from its tag): the file list
 * comes from one `git ls-tree`, contents from `git show` for the few files read.
 */
export function gitRefReader(root: string, ref: string): ReleaseFileReader {
  const git = (...args: string[]) => runGitSync(root, args);
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
