import { commitsByProjectRoot, createRangeFilter } from './commit-range';
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
