import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GitFaults } from '../../nx-release-process/src/testing/git-faults';
import { repositoryState } from '../../nx-release-process/src/testing/git-faults';
import { startNx } from '../../nx-release-process/src/testing/interrupt';
import { runNx } from '../../nx-release-process/src/testing/run-nx';
import { sampleUnderFaults } from './generator-faults';

const HOTFIX = ['g', 'hotfix', 'gpu-kernels@1.3.0'];

/**
 * A hotfix stopped on a conflict, resolved by the user, then `--continue` killed before each of its own git
 * steps in turn: running `--continue` again finishes the hotfix as a clean run does, and `--abort` instead
 * puts back the state before the hotfix.
 */
describe('hotfix --continue killed part way', () => {
  const sample = sampleUnderFaults();
  let faults: GitFaults;
  beforeAll(() => (faults = sample.faults()));

  /** A copy with a later fix that conflicts on the tag's code, before the hotfix and after the user resolved it. */
  async function resolvedConflict(): Promise<{ root: string; before: Record<string, unknown> }> {
    const root = sample.copy();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    writeFileSync(join(root, 'packages/gpu-kernels/src/matmul.cu'), '// tiled, synced, unrolled\n');
    git('-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', 'commit', '-qam', 'fix(kernels): unroll the reduction');
    const later = git('rev-parse', 'HEAD');
    const before = repositoryState(root);
    const stopped = await runNx(root, [...HOTFIX, `--commits=${later}`]);
    expect(stopped.stdout + stopped.stderr).toContain('conflicts in packages/gpu-kernels/src/matmul.cu');
    writeFileSync(join(root, 'packages/gpu-kernels/src/matmul.cu'), '// tiled, unrolled\n');
    git('add', '-A');
    git('-c', 'core.editor=true', '-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', 'cherry-pick', '--continue');
    return { root, before };
  }

  const finished = (root: string) => {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    return {
      branch: git('rev-parse', '--abbrev-ref', 'HEAD'),
      subjects: git('log', '-2', '--format=%s'),
      version: JSON.parse(readFileSync(join(root, 'packages/gpu-kernels/package.json'), 'utf8')).version,
      status: git('status', '--porcelain', '--untracked-files=all'),
      lock: existsSync(join(root, '.git/release-process/lock.json')),
    };
  };

  it('running --continue again finishes it, and --abort undoes the whole hotfix, after a kill before each step', async () => {
    const clean = await resolvedConflict();
    expect((await runNx(clean.root, [...HOTFIX, '--continue'], faults.env(0))).code).toBe(0);
    const steps = faults.steps();
    expect(steps.length).toBeGreaterThan(0);
    const expected = finished(clean.root);
    expect(expected).toMatchObject({ branch: 'hotfix/gpu-kernels@1.3.1', version: '1.3.1', status: '' });

    for (let at = 1; at <= steps.length; at++) {
      const killed = await resolvedConflict();
      expect((await startNx(killed.root, [...HOTFIX, '--continue'], faults.env(at)).ended).code).toBeNull();
      const again = await runNx(killed.root, [...HOTFIX, '--continue']);
      expect([at, steps[at - 1], again.code]).toEqual([at, steps[at - 1], 0]);
      expect([at, finished(killed.root)]).toEqual([at, expected]);
    }

    const undone = await resolvedConflict();
    expect((await startNx(undone.root, [...HOTFIX, '--continue'], faults.env(steps.length)).ended).code).toBeNull();
    expect((await runNx(undone.root, [...HOTFIX, '--abort'])).code).toBe(0);
    expect(repositoryState(undone.root)).toEqual(undone.before);
  });
});

const ROLLBACK = ['g', 'rollback', 'gpu-kernels@1.3.0', '--reason=fp8 kernels crash on A100'];

/**
 * A rollback stopped on a conflict with later work, resolved by the user, then `--continue` killed before
 * each of its own git steps in turn: running `--continue` again finishes the rollback as a clean run does.
 */
describe('rollback --continue killed part way', () => {
  const sample = sampleUnderFaults();
  let faults: GitFaults;
  beforeAll(() => (faults = sample.faults()));

  async function resolvedConflict(): Promise<string> {
    const root = sample.copy();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    const kernel = join(root, 'packages/gpu-kernels/src/attention.cu');
    // Work after the release changed the kernel the release added.
    writeFileSync(kernel, '// fused attention, tuned\n');
    git('-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', 'commit', '-qam', 'perf(kernels): tune attention');
    const stopped = await runNx(root, ROLLBACK);
    expect(stopped.stdout + stopped.stderr).toMatch(/reverting [0-9a-f]{7} of gpu-kernels@1\.3\.0 conflicts/);
    // The user takes the kernel out, as the rollback meant to.
    git('rm', '-q', '--', 'packages/gpu-kernels/src/attention.cu');
    return root;
  }

  const finished = (root: string) => {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    return {
      subject: git('log', '-1', '--format=%s'),
      tagged: git('rev-parse', 'gpu-kernels@1.3.0-rollback^{commit}') === git('rev-parse', 'HEAD'),
      version: JSON.parse(readFileSync(join(root, 'packages/gpu-kernels/package.json'), 'utf8')).version,
      status: git('status', '--porcelain', '--untracked-files=all'),
      lock: existsSync(join(root, '.git/release-process/lock.json')),
    };
  };

  it('running --continue again finishes it after a kill before each step', async () => {
    const clean = await resolvedConflict();
    expect((await runNx(clean, ['g', 'rollback', '--continue'], faults.env(0))).code).toBe(0);
    const steps = faults.steps();
    const expected = finished(clean);
    expect(expected).toMatchObject({ subject: 'revert: roll back gpu-kernels@1.3.0 to 1.2.0', tagged: true, status: '', lock: false });

    for (let at = 1; at <= steps.length; at++) {
      const root = await resolvedConflict();
      expect((await startNx(root, ['g', 'rollback', '--continue'], faults.env(at)).ended).code).toBeNull();
      const again = await runNx(root, ['g', 'rollback', '--continue']);
      expect([at, steps[at - 1], again.code]).toEqual([at, steps[at - 1], 0]);
      expect([at, finished(root)]).toEqual([at, expected]);
    }
  });
});
