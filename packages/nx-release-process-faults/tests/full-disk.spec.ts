import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryState } from '../../nx-release-process/src/testing/git-faults';
import { runNx } from '../../nx-release-process/src/testing/run-nx';
import { sampleUnderFaults } from './generator-faults';

const PRELOAD = join(__dirname, '../../nx-release-process/src/testing/fs-faults.cjs');

/**
 * `nx g release-branch` on a disk that fills up: each of its file writes in turn fails with ENOSPC. The
 * run stops with the disk's error, and `--abort` (the one command the README gives) puts the repository
 * back exactly as it was, untracked files included; then the same run succeeds.
 */
describe('release-branch on a full disk', () => {
  const sample = sampleUnderFaults();
  const faultEnv = (root: string, at: number) => {
    const log = join(root, '..', 'writes.log');
    rmSync(log, { force: true });
    return { env: { NODE_OPTIONS: `--require ${PRELOAD}`, FS_FAULT_ROOT: root, FS_FAULT_AT: String(at), FS_FAULT_LOG: log }, log };
  };

  it('fails at each of its writes in turn with the disk error, and --abort restores the state before', async () => {
    const counting = sample.copy();
    const clean = faultEnv(counting, 0);
    expect((await runNx(counting, ['g', 'release-branch'], clean.env)).code).toBe(0);
    const writes = readFileSync(clean.log, 'utf8').split('\n').filter(Boolean);
    expect(writes).toEqual(expect.arrayContaining(['RELEASE_NOTES.md', 'packages/gpu-kernels/package.json']));

    for (let at = 1; at <= writes.length; at++) {
      const root = sample.copy();
      const before = repositoryState(root);
      const failed = await runNx(root, ['g', 'release-branch'], faultEnv(root, at).env);
      expect([at, writes[at - 1], failed.code]).toEqual([at, writes[at - 1], 1]);
      expect(failed.stdout + failed.stderr).toContain('ENOSPC');
      const undone = await runNx(root, ['g', 'release-branch', '--abort']);
      expect(undone.code).toBe(0);
      expect([at, writes[at - 1], repositoryState(root)]).toEqual([at, writes[at - 1], before]);
      if (at === writes.length) expect((await runNx(root, ['g', 'release-branch'])).code).toBe(0);
    }
    // Two Nx runs for each of its writes (the journal's lines included): minutes, not the default minute.
  }, 300_000);
});
