import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSampleMonorepo } from '../../../../../tools/demo/sample-monorepo';
import { assertValidRefName } from '../../adapters/git-operations';
import { repositoryState } from '../../testing/git-faults';
import { runNx } from '../../testing/run-nx';
import type { TempRepo } from '../../testing/temp-repo';

/**
 * Writing generators check all they can before the first write: each refusal below names the problem and
 * the fix, and leaves the repository exactly as it was — files, index, refs, untracked drafts (each of
 * these once left files changed on the current branch, or lost a draft).
 */
describe('generators refuse before the first write', () => {
  let repo: TempRepo;
  let before: Record<string, unknown>;
  beforeEach(() => (repo = createSampleMonorepo()));
  afterEach(() => repo.remove());

  async function expectRefused(args: string[], message: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
    before = repositoryState(repo.root);
    const result = await runNx(repo.root, args, env);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(1);
    expect(repositoryState(repo.root)).toEqual(before);
  }

  it('an untracked RELEASE_NOTES.md is kept, not replaced', async () => {
    writeFileSync(join(repo.root, 'RELEASE_NOTES.md'), 'my draft\n');
    await expectRefused(['g', 'release-branch'], 'RELEASE_NOTES.md exists but git does not track it, and this run would write there');
    expect(readFileSync(join(repo.root, 'RELEASE_NOTES.md'), 'utf8')).toBe('my draft\n');
  });

  it('a hotfix keeps an untracked draft CHANGELOG.md (it once wrote over it, then cleaned it away)', async () => {
    writeFileSync(join(repo.root, 'packages/gpu-kernels/CHANGELOG.md'), 'draft\n');
    const fix = repo.git('log', '--format=%H', '--grep=race condition', '-1');
    await expectRefused(
      ['g', 'hotfix', 'gpu-kernels@1.3.0', `--commits=${fix}`],
      'packages/gpu-kernels/CHANGELOG.md exists but git does not track it',
    );
    expect(readFileSync(join(repo.root, 'packages/gpu-kernels/CHANGELOG.md'), 'utf8')).toBe('draft\n');
  });

  it('another git process holding the index lock', async () => {
    writeFileSync(join(repo.root, '.git/index.lock'), '');
    await expectRefused(['g', 'release-branch'], 'another git process is working in this repository (.git/index.lock exists)');
  });

  it('a file it would write that is read-only', async () => {
    if (process.getuid?.() === 0) return; // root writes read-only files: nothing to refuse
    chmodSync(join(repo.root, 'packages/gpu-kernels/package.json'), 0o444);
    await expectRefused(['g', 'release-branch'], 'packages/gpu-kernels/package.json is not writable');
  });

  it('a branch name that is an option, invalid, or too long', async () => {
    await expectRefused(['g', 'release-branch', '--branch=-x'], '"-x" cannot be a git branch name');
    // The same check, without an Nx run each
    const repository = { root: repo.root };
    await expect(assertValidRefName(repository, 'branch', 'release/a..b')).rejects.toThrow('cannot be a git branch name');
    await expect(assertValidRefName(repository, 'branch', `release/${'x'.repeat(250)}`)).rejects.toThrow('(a part is over 200 bytes)');
    await expect(assertValidRefName(repository, 'tag', 'v1.2.0-rollback')).resolves.toBeUndefined();
  });

  it('a notes file outside the workspace', async () => {
    await expectRefused(['g', 'release-branch', '--notesFile=../outside.md'], 'file ../outside.md leads outside');
    expect(existsSync(join(repo.root, '..', 'outside.md'))).toBe(false);
  });

  it('no git identity to commit with', async () => {
    repo.git('config', 'user.useConfigOnly', 'true');
    const noIdentity = {
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: '',
      GIT_AUTHOR_EMAIL: '',
      GIT_COMMITTER_NAME: '',
      GIT_COMMITTER_EMAIL: '',
      EMAIL: '',
    };
    await expectRefused(['g', 'release-branch'], 'git has no identity to commit with', noIdentity);
  });
});
