import { commitsByProjectRoot, createRangeFilter, isUnder, pathsUnder } from './commit-range';
import { rawCommit } from '../testing/commits';

describe('createRangeFilter', () => {
  // A - B - D - E (HEAD), with C branching off A and merged in D.
  const a = rawCommit('a', { hash: 'a', parents: [] });
  const b = rawCommit('b', { hash: 'b', parents: ['a'] });
  const c = rawCommit('c', { hash: 'c', parents: ['a'] });
  const d = rawCommit('d', { hash: 'd', parents: ['b', 'c'] });
  const e = rawCommit('e', { hash: 'e', parents: ['d'] });
  const window = [e, d, c, b, a];
  const newerThan = createRangeFilter(window);
  const hashes = (boundary: string | null) => window.filter(newerThan(boundary)).map((commit) => commit.hash);

  it('gives the whole window without a boundary', () => {
    expect(hashes(null)).toEqual(['e', 'd', 'c', 'b', 'a']);
  });

  it('excludes the boundary and its ancestors, keeping merged side branches', () => {
    expect(hashes('b')).toEqual(['e', 'd', 'c']);
    expect(hashes('d')).toEqual(['e']);
    expect(hashes('e')).toEqual([]);
  });

  it('treats a boundary outside the window as the window edge', () => {
    expect(hashes('zzz')).toEqual(['e', 'd', 'c', 'b', 'a']);
  });
});

describe('commitsByProjectRoot', () => {
  it('gives each file to the deepest project root and the rest to the root project', () => {
    const nested = rawCommit('n', { files: ['libs/engine/plugins/x/a.ts'] });
    const engine = rawCommit('e', { files: ['libs/engine/src/a.ts', 'libs/engine/README.md'] });
    const both = rawCommit('b', { files: ['libs/engine/a.ts', 'apps/api/main.ts'] });
    const loose = rawCommit('l', { files: ['tools/script.sh'] });
    const merge = rawCommit('m', { files: [] });
    const buckets = commitsByProjectRoot([nested, engine, both, loose, merge], ['libs/engine', 'libs/engine/plugins/x', 'apps/api/', '']);
    expect(buckets.get('libs/engine')).toEqual([engine, both]);
    expect(buckets.get('libs/engine/plugins/x')).toEqual([nested]);
    expect(buckets.get('apps/api/')).toEqual([both]);
    expect(buckets.get('')).toEqual([loose, merge]);
  });

  it('does not match a sibling whose name starts the same', () => {
    const commit = rawCommit('x', { files: ['libs/engine-ui/a.ts'] });
    expect(commitsByProjectRoot([commit], ['libs/engine']).get('libs/engine')).toEqual([]);
  });
});

describe('pathsUnder', () => {
  // Names that sort between a folder and its contents (`-`, `.` come before `/`), and look-alike prefixes.
  const paths = [
    'README.md',
    'docs',
    'docs-old/a.md',
    'docs.md',
    'docs/a.md',
    'docs/deep/b.md',
    'docsy/c.md',
    'packages/a/README.md',
    'packages/a/docs/guide.md',
    'packages/a/src/index.ts',
    'packages/ab/README.md',
    'packages/a-b/README.md',
  ].sort();

  it.each([
    [['docs']],
    [['docs', 'README.md']],
    [['packages/a/README.md', 'packages/a/docs']],
    [['packages/a']],
    [['missing', 'packages/a/docs']],
    [['']],
    [[]],
  ])('finds the same paths as isUnder, in order, for %j', (roots) => {
    expect(pathsUnder(paths, roots)).toEqual(paths.filter((path) => isUnder(path, roots)));
  });

  it('finds each path once when folders overlap', () => {
    expect(pathsUnder(paths, ['packages/a', 'packages/a/docs'])).toEqual([
      'packages/a/README.md',
      'packages/a/docs/guide.md',
      'packages/a/src/index.ts',
    ]);
  });
});
