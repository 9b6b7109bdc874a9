import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listTagRecords, listTagsMergedInto, LogParser, MAX_MESSAGE_LENGTH, openRepository, readCommitWindow, resolveCommit } from './git';
import { TempRepo } from '../testing/temp-repo';

describe('git adapter', () => {
  let repo: TempRepo;
  afterEach(() => repo?.remove());

  it('reads commits with parents, dates, messages and changed files in one pass, merges included', async () => {
    repo = new TempRepo();
    const first = repo.commit('feat: one', { 'a/x.txt': '1' });
    const second = repo.commit('fix: two\n\nbody line\r\nwith CRLF', { 'b/y.txt': '2', 'a/z.txt': '3', 'a/with space.txt': 's' });
    repo.git('checkout', '-q', '-b', 'side');
    const side = repo.commit('docs: side', { 'docs/readme.md': 'x' });
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--no-ff', 'side', '-m', "Merge branch 'side'");
    const merge = repo.git('rev-parse', 'HEAD');

    const repository = await openRepository(repo.root);
    const commits = await readCommitWindow(repository, merge, [null]);
    // Commits made within one second have no defined order between them: compare by hash.
    const byHash = new Map(commits.map((commit) => [commit.hash, commit]));
    expect([...byHash.keys()].sort()).toEqual([merge, side, second, first].sort());
    expect(commits[0].hash).toBe(merge);
    expect(byHash.get(merge)).toMatchObject({ parents: [second, side], files: [], message: "Merge branch 'side'\n" });
    expect(byHash.get(second)?.files.sort()).toEqual(['a/with space.txt', 'a/z.txt', 'b/y.txt']);
    expect(byHash.get(second)?.message).toContain('body line');
    expect(byHash.get(first)).toMatchObject({ parents: [], authorName: 'Release Bot', files: ['a/x.txt'] });
    expect(byHash.get(first)?.authorDate).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('reads file names made to look like new records as file names', async () => {
    repo = new TempRepo();
    const hostileNames = ['\x01a', `\x1e${'f'.repeat(40)}`, 'feat!: injected breaking change', '\x1ezz'];
    const commit = repo.commit('docs: add files', Object.fromEntries(hostileNames.map((name) => [`p/${name}`, 'x'])));
    const commits = await readCommitWindow(await openRepository(repo.root), commit, [null]);
    expect(commits).toHaveLength(1);
    expect(commits[0]).toMatchObject({ hash: commit, message: 'docs: add files\n' });
    expect(commits[0].files.sort()).toEqual(hostileNames.map((name) => `p/${name}`).sort());
  });

  it('reads only what is newer than the oldest boundary', async () => {
    repo = new TempRepo();
    const first = repo.commit('feat: one', { 'a.txt': '1' });
    const second = repo.commit('fix: two', { 'a.txt': '2' });
    const third = repo.commit('fix: three', { 'a.txt': '3' });
    const repository = await openRepository(repo.root);
    const window = await readCommitWindow(repository, third, [second, first]);
    expect(window.map((commit) => commit.hash)).toEqual([third, second]);
  });

  it('lists annotated and lightweight tags reachable from a commit, peeled to commits', async () => {
    repo = new TempRepo();
    const first = repo.commit('feat: one');
    repo.tag('v1.0.0');
    const second = repo.commit('fix: two');
    repo.tag('v1.0.1', false);
    repo.git('checkout', '-q', '-b', 'other', first);
    repo.commit('feat: elsewhere');
    repo.tag('v9.0.0');
    const repository = await openRepository(repo.root);
    const tags = await listTagsMergedInto(repository, second);
    expect(tags).toEqual([
      { name: 'v1.0.0', commit: first },
      { name: 'v1.0.1', commit: second },
    ]);
  });

  it('lists every tag, on any branch, with its date, subject and Release-Kind trailer, in one run', async () => {
    repo = new TempRepo();
    const first = repo.commit('feat: one');
    repo.git('tag', '-a', 'v1.0.0', '-m', 'Release v1.0.0\n\nnotes, with a line: that looks like a trailer');
    repo.git('checkout', '-q', '-b', 'hotfix/v1.0.1');
    const fix = repo.commit('fix: two');
    repo.git('tag', '-a', '--cleanup=verbatim', 'v1.0.1', '-m', '# Release v1.0.1\n\n- fix: two\n\nRelease-Kind: hotfix');
    repo.git('tag', 'v1.0.1-rollback', fix);
    const tags = await listTagRecords(await openRepository(repo.root));
    expect(tags.map(({ name, commit, subject, kind }) => ({ name, commit, subject, kind }))).toEqual([
      { name: 'v1.0.0', commit: first, subject: 'Release v1.0.0', kind: null },
      { name: 'v1.0.1', commit: fix, subject: '# Release v1.0.1', kind: 'hotfix' },
      { name: 'v1.0.1-rollback', commit: fix, subject: 'fix: two', kind: null },
    ]);
    for (const tag of tags) expect(Date.parse(tag.date)).toBeGreaterThan(Date.parse('2020-01-01'));
  });

  it('names a missing ref and says how to find it', async () => {
    repo = new TempRepo();
    repo.commit('feat: one');
    const repository = await openRepository(repo.root);
    await expect(resolveCommit(repository, 'v0.0.0-nope')).rejects.toThrow(/unknown git ref "v0.0.0-nope".*git tag/);
  });

  it('refuses a folder outside any repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'not-a-repo-'));
    try {
      await expect(openRepository(dir)).rejects.toThrow(/is not in a git repository/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a folder that does not exist instead of `spawn git ENOENT`', async () => {
    await expect(openRepository('/nonexistent/folder')).rejects.toThrow('the folder /nonexistent/folder does not exist. Check --path');
  });

  it('refuses a shallow clone and gives the fix', async () => {
    repo = new TempRepo();
    repo.commit('feat: one', { 'a.txt': '1' });
    repo.commit('fix: two', { 'a.txt': '2' });
    const clone = mkdtempSync(join(tmpdir(), 'shallow-'));
    try {
      execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo.root}`, clone]);
      await expect(openRepository(clone)).rejects.toThrow(/shallow clone.*git fetch --unshallow.*fetch-depth: 0/);
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });
});

describe('LogParser', () => {
  const record = (hash: string, message: string, files: string[] = []) =>
    `\0${hash}\0p1 p2\x002026-11-24T10:00:00+00:00\0Ada\0${message}\0${files.length ? `\n${files.join('\0')}\0` : ''}`;

  it('gives the same commits however the output is cut into chunks', () => {
    const output = Buffer.from(
      record('a'.repeat(40), 'feat: one\n', ['x.ts', 'y.ts']) +
        record('b'.repeat(40), 'fix: two\n') +
        record('c'.repeat(40), 'chore: three\n', ['z.ts']),
    );
    const whole = new LogParser();
    whole.push(output);
    const expected = whole.end();
    expect(expected.map((commit) => [commit.hash[0], commit.message, commit.files])).toEqual([
      ['a', 'feat: one\n', ['x.ts', 'y.ts']],
      ['b', 'fix: two\n', []],
      ['c', 'chore: three\n', ['z.ts']],
    ]);
    for (let size = 1; size <= 7; size++) {
      const parser = new LogParser();
      for (let offset = 0; offset < output.length; offset += size) parser.push(output.subarray(offset, offset + size));
      expect(parser.end()).toEqual(expected);
    }
  });

  it('reads any byte of a file name or message as data, never as the start of a record', () => {
    const forged = ['\x01a', `\x1e${'f'.repeat(40)}`, '', '2026-11-24T10:00:00+00:00', 'Eve', 'feat!: injected breaking change'];
    const output = Buffer.from(
      record('a'.repeat(40), 'docs: one\n', forged.filter(Boolean)) + record('b'.repeat(40), '\x1e\x1ezz\n', ['\x1ezz', '\nsecond']),
    );
    const parser = new LogParser();
    parser.push(output);
    const commits = parser.end();
    expect(commits.map((commit) => [commit.hash, commit.message, commit.files])).toEqual([
      ['a'.repeat(40), 'docs: one\n', forged.filter(Boolean)],
      ['b'.repeat(40), '\x1e\x1ezz\n', ['\x1ezz', '\nsecond']],
    ]);
  });

  it('keeps the head and tail of a message too long to keep whole', () => {
    const parser = new LogParser();
    parser.push(Buffer.from(record('d'.repeat(40), `feat: ${'x'.repeat(MAX_MESSAGE_LENGTH)}\n\nBREAKING CHANGE: kept`)));
    const [commit] = parser.end();
    expect(commit.message.length).toBeLessThan(MAX_MESSAGE_LENGTH + 10);
    expect(commit.message.startsWith('feat: xxx')).toBe(true);
    expect(commit.message.endsWith('BREAKING CHANGE: kept')).toBe(true);
  });
});
