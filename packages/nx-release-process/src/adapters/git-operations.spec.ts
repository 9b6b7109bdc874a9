import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TempRepo } from '../testing/temp-repo';
import {
  blobIds,
  changedFilesSinceBase,
  folderIds,
  restorePathsFrom,
  revertWithoutCommit,
  uncommittedBlobIds,
  workingBlobIds,
} from './git-operations';

describe('revertWithoutCommit', () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo('revert-');
    repo.commit('feat: start', { 'package.json': '{ "version": "1.0.0" }\n', '.changeset/a.md': '---\n"x": minor\n---\n\nA\n' });
  });
  afterEach(() => repo.remove());

  it('reverts a release of the whole repository but brings back none of the intents it consumed', async () => {
    repo.git('rm', '-q', '.changeset/a.md');
    const release = repo.commit('chore: prepare release v1.1.0', { 'package.json': '{ "version": "1.1.0" }\n' });
    await revertWithoutCommit(repo, release, [''], ['.changeset', '.nx/version-plans']);
    expect(readFileSync(join(repo.root, 'package.json'), 'utf8')).toBe('{ "version": "1.0.0" }\n');
    expect(existsSync(join(repo.root, '.changeset/a.md'))).toBe(false);
    expect(repo.git('status', '--porcelain')).toBe('M  package.json');
  });

  it('reverts everything with git revert when nothing is excluded', async () => {
    repo.git('rm', '-q', '.changeset/a.md');
    const release = repo.commit('chore: prepare release v1.1.0', { 'package.json': '{ "version": "1.1.0" }\n' });
    await revertWithoutCommit(repo, release, ['']);
    expect(existsSync(join(repo.root, '.changeset/a.md'))).toBe(true);
  });
});

describe('changedFilesSinceBase', () => {
  it('lists what a branch changed since it left the base: commits, staged, modified and new files', async () => {
    const repo = new TempRepo('changed-');
    try {
      repo.commit('chore: start', { 'a/one.ts': '1\n', 'b/two.ts': '2\n', 'c/three.ts': '3\n' });
      repo.git('checkout', '-q', '-b', 'feature');
      repo.commit('feat: one', { 'a/one.ts': '1.1\n' });
      repo.git('checkout', '-q', 'main');
      repo.commit('feat: elsewhere on main', { 'c/three.ts': '3.1\n' }); // not the branch's change
      repo.git('checkout', '-q', 'feature');
      rmSync(join(repo.root, 'b/two.ts'));
      repo.write({ 'd/new.ts': 'new\n' });
      const { files } = await changedFilesSinceBase(repo, 'main');
      expect(files.sort()).toEqual(['a/one.ts', 'b/two.ts', 'd/new.ts']);
    } finally {
      repo.remove();
    }
  });
});

describe('restorePathsFrom', () => {
  it('puts back exactly the paths given, in the index and the working tree, and nothing else', async () => {
    const repo = new TempRepo('restore-');
    try {
      const start = repo.commit('chore: start', { 'a.txt': 'a\n', 'b.txt': 'b\n' });
      repo.write({ 'a.txt': 'a run wrote\n', 'b.txt': 'b the user wrote\n', 'new.txt': 'a run made\n' });
      repo.git('add', 'a.txt', 'new.txt');
      await restorePathsFrom(repo, start, ['a.txt', 'new.txt']);
      expect(readFileSync(join(repo.root, 'a.txt'), 'utf8')).toBe('a\n');
      expect(existsSync(join(repo.root, 'new.txt'))).toBe(false);
      expect(repo.git('status', '--porcelain')).toBe('M b.txt');
    } finally {
      repo.remove();
    }
  });
});

describe('blobIds and workingBlobIds', () => {
  it('give the ids git gives the same contents, and null for a missing file', async () => {
    const repo = new TempRepo('blobs-');
    try {
      repo.commit('chore: start', { 'a.txt': 'ä\n' });
      const [id] = await blobIds(repo, ['ä\n']);
      expect(id).toBe(repo.git('rev-parse', 'HEAD:a.txt'));
      expect(await workingBlobIds(repo, ['a.txt', 'gone.txt'])).toEqual(
        new Map([
          ['a.txt', id],
          ['gone.txt', null],
        ]),
      );
    } finally {
      repo.remove();
    }
  });

  it('give a symlink the id of its target text, as git stores it, even when it points to a folder', async () => {
    const repo = new TempRepo('blobs-link-');
    try {
      repo.commit('chore: start', { 'dir/a.txt': 'a\n' });
      symlinkSync('dir', join(repo.root, 'link'));
      repo.git('add', 'link');
      expect(await workingBlobIds(repo, ['link'])).toEqual(new Map([['link', repo.git('rev-parse', ':link')]]));
    } finally {
      repo.remove();
    }
  });

  it('uncommittedBlobIds: changed, deleted and untracked files against HEAD; ignored ones left out', async () => {
    const repo = new TempRepo('blobs-uncommitted-');
    try {
      repo.commit('chore: start', { 'a.txt': 'a\n', 'b.txt': 'b\n', '.gitignore': 'out/\n' });
      writeFileSync(join(repo.root, 'a.txt'), 'changed\n');
      rmSync(join(repo.root, 'b.txt'));
      writeFileSync(join(repo.root, 'new.txt'), 'new\n');
      mkdirSync(join(repo.root, 'out'));
      writeFileSync(join(repo.root, 'out/x.txt'), 'x\n');
      const [changed, created] = await blobIds(repo, ['changed\n', 'new\n']);
      expect(await uncommittedBlobIds(repo)).toEqual(
        new Map<string, string | null>([
          ['a.txt', changed],
          ['b.txt', null],
          ['new.txt', created],
        ]),
      );
    } finally {
      repo.remove();
    }
  });
});

describe('folderIds', () => {
  it("names each folder's tree at a commit in one answer: nested ones, the whole tree (''), and null for an absent one", async () => {
    const repo = new TempRepo('folder-ids-');
    try {
      const commit = repo.commit('chore: start', {
        'libs/x/a.txt': 'a\n',
        'libs/x/y/b.txt': 'b\n',
        'libs/xy/c.txt': 'c\n',
        'odd name/d.txt': 'd\n',
      });
      const tree = (path: string) => repo.git('rev-parse', `${commit}:${path}`);
      expect(await folderIds(repo, commit, ['libs/x', 'libs/x/y', '', 'odd name', 'libs/gone', 'libs/x'])).toEqual(
        new Map([
          ['libs/x', tree('libs/x')],
          ['libs/x/y', tree('libs/x/y')],
          ['', repo.git('rev-parse', `${commit}^{tree}`)],
          ['odd name', tree('odd name')],
          ['libs/gone', null],
        ]),
      );
      // a name holding a line break is not taken for the folders it seems to name
      expect(await folderIds(repo, commit, ['libs/x\nlibs/xy', 'libs\nx', 'libs\nx/a'])).toEqual(
        new Map([
          ['libs/x\nlibs/xy', null],
          ['libs\nx', null],
          ['libs\nx/a', null],
        ]),
      );
      // a folder asked for alone, beside its sibling, and a file
      expect(await folderIds(repo, commit, ['libs/xy', 'libs/x/a.txt'])).toEqual(
        new Map([
          ['libs/xy', tree('libs/xy')],
          ['libs/x/a.txt', tree('libs/x/a.txt')],
        ]),
      );
      // the same files in another commit: the same id
      const later = repo.commit('docs: elsewhere', { 'README.md': 'r\n' });
      expect((await folderIds(repo, later, ['libs/x'])).get('libs/x')).toBe(tree('libs/x'));
    } finally {
      repo.remove();
    }
  });
});
