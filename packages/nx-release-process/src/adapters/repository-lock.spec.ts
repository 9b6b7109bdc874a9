import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TempRepo } from '../testing/temp-repo';
import { writeFileAtomic } from './files';
import { acquireRepositoryLock } from './repository-lock';

describe('the repository lock', () => {
  let repo: TempRepo;
  const folder = () => join(repo.root, '.git', 'release-process');
  beforeEach(() => {
    repo = new TempRepo('lock-');
    repo.commit('chore: start', { 'a.txt': 'a' });
  });
  afterEach(() => repo.remove());

  it('is made whole, with its holder, and leaves nothing of this run behind once released', async () => {
    const lock = await acquireRepositoryLock(repo, { command: 'test' });
    expect(JSON.parse(readFileSync(join(folder(), 'lock.json'), 'utf8'))).toMatchObject({ pid: process.pid, command: 'test' });
    lock.release();
    expect(readdirSync(folder())).toEqual([]);
  });

  it('clears an empty or damaged lock (a full disk under an older version) instead of blocking every command', async () => {
    mkdirSync(folder(), { recursive: true });
    for (const damaged of ['', '{"pid": 12', 'not json']) {
      writeFileSync(join(folder(), 'lock.json'), damaged);
      const lock = await acquireRepositoryLock(repo, { command: 'after the crash' });
      expect(JSON.parse(readFileSync(join(folder(), 'lock.json'), 'utf8'))).toMatchObject({ command: 'after the crash' });
      lock.release();
    }
    expect(readdirSync(folder())).toEqual([]);
  });

  it('when it cannot be written, says so and leaves no lock at all', async () => {
    // The run's own file cannot be made (a folder holds its name), as a full disk would refuse it.
    mkdirSync(join(folder(), `lock.json.${process.pid}.new`), { recursive: true });
    await expect(acquireRepositoryLock(repo, { command: 'test' })).rejects.toThrow(
      /^cannot write the lock .*lock\.json: .*nothing was changed$/,
    );
    expect(existsSync(join(folder(), 'lock.json'))).toBe(false);
  });
});

describe('writeFileAtomic', () => {
  it('keeps the mode of the file it replaces: an executable script stays executable', () => {
    const repo = new TempRepo('mode-');
    try {
      const script = join(repo.root, 'release.sh');
      writeFileSync(script, '#!/bin/sh\necho 1.0.0\n');
      chmodSync(script, 0o755);
      writeFileAtomic(script, '#!/bin/sh\necho 1.1.0\n');
      expect(statSync(script).mode & 0o777).toBe(0o755);
      expect(readFileSync(script, 'utf8')).toBe('#!/bin/sh\necho 1.1.0\n');
      chmodSync(script, 0o600);
      writeFileAtomic(script, 'x');
      expect(statSync(script).mode & 0o777).toBe(0o600);
      writeFileAtomic(join(repo.root, 'new.txt'), 'new');
      expect(readdirSync(repo.root).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } finally {
      repo.remove();
    }
  });
});
