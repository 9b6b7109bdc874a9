import type { RawCommit } from './commit-classification';

/**
 * Answers "is this commit newer than that boundary?" for any number of boundaries, on commits read once.
 * A commit is in a boundary's range when it is neither the boundary nor one of its ancestors (git's
 * `boundary..HEAD`); a null boundary takes the whole window.
 */
export function createRangeFilter(window: RawCommit[]): (boundary: string | null) => (commit: RawCommit) => boolean {
  const byHash = new Map(window.map((commit) => [commit.hash, commit]));
  const filters = new Map<string, (commit: RawCommit) => boolean>();
  return (boundary) => {
    if (boundary === null) return () => true;
    let filter = filters.get(boundary);
    if (!filter) {
      const ancestors = ancestorsWithin(byHash, boundary);
      filter = (commit) => !ancestors.has(commit.hash);
      filters.set(boundary, filter);
    }
    return filter;
  };
}

function ancestorsWithin(byHash: Map<string, RawCommit>, start: string): Set<string> {
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    const commit = byHash.get(stack.pop() as string);
    if (!commit) continue; // outside the window: all its ancestors are outside too
    for (const parent of commit.parents) {
      if (!seen.has(parent)) {
        seen.add(parent);
        stack.push(parent);
      }
    }
  }
  return seen;
}

/** Whether a repository-relative path lies in one of the folders (or is one of them); '' is the whole repository. */
export function isUnder(path: string, roots: string[]): boolean {
  return roots.some((root) => root === '' || path === root || path.startsWith(`${root}/`));
}

/**
 * The paths of a list sorted in JavaScript's default order that lie in one of the folders (or are one of
 * them), in that order: found by binary search, where a batch of checklists asked `isUnder` of the same
 * thousands of paths for every project.
 */
export function pathsUnder(sorted: readonly string[], roots: string[]): string[] {
  if (roots.includes('')) return [...sorted];
  const found = new Set<string>();
  for (const root of roots) {
    // `root` itself and the paths under `root/` (between them may sort `root-x` or `root.md`)
    if (sorted[lowerBound(sorted, root)] === root) found.add(root);
    const prefix = `${root}/`;
    for (let index = lowerBound(sorted, prefix); index < sorted.length && sorted[index].startsWith(prefix); index++)
      found.add(sorted[index]);
  }
  return [...found].sort();
}

/** The first index whose path is not below `value` in the list's order. */
function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Maps each project root to the commits that touched a file under it. A file belongs to the deepest
 * project root that contains it, as in Nx's file map; the root project ('') takes what no other claims,
 * including commits without files (merges, empty commits).
 */
export function commitsByProjectRoot(commits: RawCommit[], roots: string[]): Map<string, RawCommit[]> {
  const normalised = new Map(roots.map((root) => [trimSlashes(root), root]));
  const buckets = new Map<string, RawCommit[]>(roots.map((root) => [root, []]));
  const rootProject = normalised.get('');
  for (const commit of commits) {
    const touched = new Set<string>();
    for (const file of commit.files) {
      const owner = ownerOf(file, normalised);
      if (owner !== undefined) touched.add(owner);
    }
    if (commit.files.length === 0 && rootProject !== undefined) touched.add(rootProject);
    for (const root of touched) buckets.get(root)?.push(commit);
  }
  return buckets;
}

function ownerOf(file: string, roots: Map<string, string>): string | undefined {
  let directory = file;
  for (let slash = directory.lastIndexOf('/'); slash > 0; slash = directory.lastIndexOf('/')) {
    directory = directory.slice(0, slash);
    const owner = roots.get(directory);
    if (owner !== undefined) return owner;
  }
  return roots.get('');
}

function trimSlashes(path: string): string {
  return path
    .replace(/^\.?\/+/, '')
    .replace(/\/+$/, '')
    .replace(/^\.$/, '');
}
