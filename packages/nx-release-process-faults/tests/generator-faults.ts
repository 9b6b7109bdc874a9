import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSampleMonorepo } from '../../../tools/demo/sample-monorepo';
import { GitFaults, repositoryState } from '../../nx-release-process/src/testing/git-faults';
import { startNx } from '../../nx-release-process/src/testing/interrupt';
import { runNx } from '../../nx-release-process/src/testing/run-nx';

export interface GeneratorUnderFaults {
  generator: string;
  /** The arguments of `nx` for a run, in the repository at `root`. */
  run: (root: string) => string[];
  abort: string[];
  /** The changing git steps of a clean run, in order (the wrapper kills before each in turn). */
  steps: string[];
}

/**
 * Each generator that writes, killed (SIGKILL of its process group) before each of its git steps in turn;
 * then its `--abort` puts the repository back exactly as it was, untracked files included, and the same
 * run made again succeeds. And N runs at once: one succeeds, the others refuse on the lock and change
 * nothing, and the end state is the one of a single clean run.
 */
export function describeGeneratorFaults({ generator, run, abort, steps }: GeneratorUnderFaults): void {
  describe(`${generator} killed part way, and run concurrently`, () => {
    const sample = sampleUnderFaults();
    let faults: GitFaults;
    beforeAll(() => (faults = sample.faults()));

    /** A fresh copy of the sample repository, with a user's untracked draft that must survive everything. */
    function freshRepository(): string {
      const root = sample.copy();
      writeFileSync(join(root, 'draft-notes.md'), 'my unsaved notes\n');
      return root;
    }

    it('makes exactly these git steps in a clean run', async () => {
      const root = freshRepository();
      const result = await runNx(root, run(root), faults.env(0));
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(faults.steps()).toEqual(steps);
    });

    it.each(steps.map((step, index) => ({ step, at: index + 1 })))(
      'killed before step $at ($step): --abort restores the state before',
      async ({ at }) => {
        const root = freshRepository();
        const before = repositoryState(root);
        const killed = await startNx(root, run(root), faults.env(at)).ended;
        expect(killed.code).toBeNull(); // killed, not ended
        expect(faults.steps()).toHaveLength(at);

        if (at === 1) {
          // Any later run refuses, naming the way out (checked once: each Nx start costs seconds).
          const blocked = await runNx(root, run(root));
          expect(blocked.code).toBe(1);
          expect(blocked.stderr).toContain('was interrupted');
          expect(blocked.stderr).toContain('--abort');
        }

        const undone = await runNx(root, abort);
        expect(undone.stderr).toBe('');
        expect(undone.code).toBe(0);
        expect(repositoryState(root)).toEqual(before);

        if (at === steps.length) {
          const again = await runNx(root, run(root));
          expect(again.code).toBe(0);
        }
      },
    );

    it('--abort killed before each of its own git steps in turn: the next --abort still restores the state before', async () => {
      // The run killed before its last step leaves the most to undo; a clean --abort of that state counts the undo's steps.
      const interrupted = async () => {
        const root = freshRepository();
        const before = repositoryState(root);
        expect((await startNx(root, run(root), faults.env(steps.length)).ended).code).toBeNull();
        return { root, before };
      };
      const counted = await interrupted();
      expect((await runNx(counted.root, abort, faults.env(0))).code).toBe(0);
      const undoSteps = faults.steps().length;
      expect(undoSteps).toBeGreaterThan(0);
      for (let at = 1; at <= undoSteps; at++) {
        const { root, before } = await interrupted();
        expect((await startNx(root, abort, faults.env(at)).ended).code).toBeNull();
        const undone = await runNx(root, abort);
        expect(undone.code).toBe(0);
        expect(repositoryState(root)).toEqual(before);
      }
    });

    it('a git step that fails (not killed): the run puts everything back itself and says so', async () => {
      const root = freshRepository();
      const before = repositoryState(root);
      const failed = await runNx(root, run(root), faults.failing(steps.length));
      expect(failed.stderr).toContain('injected failure');
      expect(failed.stderr).toContain('nothing was changed (files, branches and tags are as before)');
      expect(failed.code).toBe(1);
      expect(repositoryState(root)).toEqual(before);
    });

    it('three runs at once: one succeeds, two refuse on the lock, and the end state is that of one clean run', async () => {
      const clean = freshRepository();
      expect((await runNx(clean, run(clean))).code).toBe(0);
      const root = freshRepository();
      const runs = [0, 1, 2].map(() => startNx(root, run(root), faults.env(0, 1)).ended);
      const results = await Promise.all(runs);
      expect(results.map((result) => result.code).sort()).toEqual([0, 1, 1]);
      for (const loser of results.filter((result) => result.code !== 0))
        expect(loser.stderr).toContain('another release is under way (pid ');
      expect(comparable(root)).toEqual(comparable(clean));
    });
  });
}

/**
 * The sample monorepo made once for a describe block, fresh copies of it for each test, and the faulty git;
 * all removed after the block.
 */
export function sampleUnderFaults(): { faults: () => GitFaults; copy: () => string } {
  let template: string;
  let faults: GitFaults;
  const copies: string[] = [];
  beforeAll(() => {
    template = createSampleMonorepo().root;
    faults = new GitFaults();
  });
  afterAll(() => {
    for (const dir of [template, ...copies]) rmSync(dir, { recursive: true, force: true });
    faults.remove();
  });
  return {
    faults: () => faults,
    copy: () => {
      const root = join(mkdtempSync(join(tmpdir(), 'faults-')), 'repo');
      copies.push(join(root, '..'));
      cpSync(template, root, { recursive: true, verbatimSymlinks: true });
      return root;
    },
  };
}

/** The hash of the sample's `fix(kernels): race condition…` commit, picked by the hotfix. */
export function raceFix(root: string): string {
  return execFileSync('git', ['log', '--format=%H', '--grep=race condition', '-1'], { cwd: root, encoding: 'utf8' }).trim();
}

/**
 * What two runs made, without what differs between any two runs (commit times, so hashes, and the hashes
 * changelogs cite): refs by name, the last commit's subject and files, the versions it wrote.
 */
function comparable(root: string): unknown {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  return {
    head: git('symbolic-ref', '-q', 'HEAD'),
    refs: git('for-each-ref', '--format=%(refname)'),
    lastCommit: git('show', '--format=%s', '--name-status', 'HEAD'),
    versions: git('grep', '-h', '"version"', '--', '*package.json'),
    status: git('status', '--porcelain', '--untracked-files=all'),
  };
}
