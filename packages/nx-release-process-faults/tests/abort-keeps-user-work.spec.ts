import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitFaults, repositoryState } from '../../nx-release-process/src/testing/git-faults';
import { startNx } from '../../nx-release-process/src/testing/interrupt';
import { runCli } from '../../nx-release-process/src/testing/run-cli';
import { runNx } from '../../nx-release-process/src/testing/run-nx';
import { raceFix, sampleUnderFaults } from './generator-faults';

/**
 * A run killed part way, then the user goes on working before undoing it: `--abort` puts back only what
 * the run did, and refuses (changing nothing) where undoing it would take the user's work with it.
 */
describe('undoing an interrupted run keeps what the user did since', () => {
  const sample = sampleUnderFaults();
  let faults: GitFaults;
  beforeAll(() => (faults = sample.faults()));

  function freshRepository(): { root: string; git: (...args: string[]) => string } {
    const root = sample.copy();
    return { root, git: (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim() };
  }

  /** Runs nx killed before its last changing git step (the commit), as a cancelled CI job dies. */
  async function killedBeforeCommit(root: string, args: string[]): Promise<void> {
    const clean = freshRepository();
    expect((await runNx(clean.root, args, faults.env(0))).code).toBe(0);
    const steps = faults.steps();
    const killed = await startNx(root, args, faults.env(steps.lastIndexOf('commit') + 1)).ended;
    expect(killed.code).toBeNull();
  }

  it('a hotfix: the user edits and creates files after the kill; --abort removes the hotfix and keeps both', async () => {
    const { root, git } = freshRepository();
    const args = ['g', 'hotfix', 'gpu-kernels@1.3.0', `--commits=${raceFix(root)}`];
    await killedBeforeCommit(root, args);
    expect(git('symbolic-ref', '--short', 'HEAD')).toBe('hotfix/gpu-kernels@1.3.1');
    // A file the tag and main agree on, so it goes back to main with the user's edit on it.
    const unchanged = git('ls-files', 'packages/strategy-api')
      .split('\n')
      .find((file) => file.endsWith('.ts') && git('diff', '--name-only', 'gpu-kernels@1.3.0', 'main', '--', file) === '') as string;
    appendFileSync(join(root, unchanged), '// my edit after the kill\n');
    writeFileSync(join(root, 'my-notes.md'), 'mine\n');

    const undone = await runNx(root, ['g', 'hotfix', 'gpu-kernels@1.3.0', '--abort']);
    expect(undone.stderr).toBe('');
    expect(undone.code).toBe(0);
    expect(git('symbolic-ref', '--short', 'HEAD')).toBe('main');
    expect(git('branch', '--list', 'hotfix/*')).toBe('');
    expect(readFileSync(join(root, unchanged), 'utf8')).toContain('// my edit after the kill');
    expect(readFileSync(join(root, 'my-notes.md'), 'utf8')).toBe('mine\n');
    expect(git('status', '--porcelain')).toBe(` M ${unchanged}\n?? my-notes.md`.trim());
  });

  it('a rollback: a commit the user made after the kill stops --abort, which names it and changes nothing', async () => {
    const { root, git } = freshRepository();
    await killedBeforeCommit(root, ['g', 'rollback', 'gpu-kernels@1.3.0', '--reason=fp8 kernels crash on A100']);
    writeFileSync(join(root, 'my-notes.md'), 'mine\n');
    git('add', 'my-notes.md');
    git('commit', '-q', '-m', 'docs: my notes', '--', 'my-notes.md');
    const mine = git('rev-parse', '--short=7', 'HEAD');
    const before = repositoryState(root);

    const refused = await runCli(root, ['abort']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `undoing the interrupted run would drop a commit made since it stopped: ${mine} "docs: my notes"; nothing was changed`,
    );
    expect(repositoryState(root)).toEqual(before);
  });

  it('a release branch: an edit to a file the run wrote stops --abort, which names the file and changes nothing', async () => {
    const { root, git } = freshRepository();
    await killedBeforeCommit(root, ['g', 'release-branch']);
    const changelog = 'packages/gpu-kernels/CHANGELOG.md';
    appendFileSync(join(root, changelog), '\nA line of mine.\n');
    const before = repositoryState(root);

    const refused = await runNx(root, ['g', 'release-branch', '--abort']);
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toContain(`undoing the interrupted run would lose your edits to ${changelog} since it stopped`);
    expect(repositoryState(root)).toEqual(before);
    // Their edit kept elsewhere and taken off, the undo goes through.
    git('checkout', '--', changelog);
    expect((await runNx(root, ['g', 'release-branch', '--abort'])).code).toBe(0);
    expect(git('status', '--porcelain')).toBe('');
  });
});
