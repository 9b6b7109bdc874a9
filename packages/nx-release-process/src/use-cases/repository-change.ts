import { assertWritable, pathInside } from '../adapters/files';
import { resolveCommit, type Repository } from '../adapters/git';
import {
  assertGitIdentity,
  assertGitIdle,
  assertNoUntrackedFiles,
  blobIds,
  currentBranch,
  restorePaths,
  workingBlobIds,
} from '../adapters/git-operations';
import { acquireRepositoryLock, type PendingChange, type RepositoryLock } from '../adapters/repository-lock';
import { reasonOf, ReleaseProcessError } from '../core/release-error';
import type { FileEdit } from '../core/release-edits';
import { openStepJournal, type StepRecord } from '../adapters/step-journal';
import { runPlannedSteps, type PlannedStep } from './planned-steps';
import { undoChange } from './undo-change';
import { nowIso } from '../adapters/clock';

/**
 * A run that changes the repository (prepare, hotfix, revert; through Nx or the CLI), made whole or not
 * at all: the repository lock first, every check before the first write, the change recorded in the lock,
 * and on a failure of its steps the state before put back. A run killed half-way leaves its record, and
 * `--abort` puts the state back.
 */
export class RepositoryChange {
  /** The change recorded for this run, or taken over from an interrupted one. */
  private current: PendingChange | null;

  private constructor(
    readonly repo: Repository,
    readonly lock: RepositoryLock,
  ) {
    this.current = lock.interrupted;
  }

  /** Takes the lock; `recovers` for `--abort` / `--continue`, which take over an interrupted run's record. */
  static async start(root: string, command: string, recovers = false): Promise<RepositoryChange> {
    const repo = { root };
    return new RepositoryChange(repo, await acquireRepositoryLock(repo, { command, recovers }));
  }

  /**
   * Takes the lock and plans a change under it. A plan that fails before its first write lets go of the
   * lock; with a change recorded (this run's, or an interrupted one taken over) the record stays for
   * `--abort`, as the process ends.
   */
  static async plan(
    root: string,
    command: string,
    recovers: boolean | undefined,
    plan: (change: RepositoryChange) => Promise<PlannedChange>,
  ): Promise<PlannedChange> {
    const change = await RepositoryChange.start(root, command, recovers);
    try {
      return await plan(change);
    } catch (error) {
      if (change.current === null) change.lock.release();
      throw error;
    }
  }

  /** Where the run starts: the current branch and its commit. */
  async base(): Promise<PendingChange['base']> {
    return { branch: await currentBranch(this.repo), commit: await resolveCommit(this.repo, 'HEAD') };
  }

  /** The last checks (paths inside, identity, files it would replace, permissions), then the record; call before the tree is written. */
  async record(change: PendingChange): Promise<void> {
    for (const path of change.paths) pathInside(this.repo.root, path, 'file');
    await assertGitIdentity(this.repo);
    await assertGitIdle(this.repo);
    await assertNoUntrackedFiles(this.repo, change.paths);
    assertWritable(this.repo.root, change.paths);
    this.current = { ...change, startedAt: nowIso() };
    this.lock.record(this.current);
  }

  /** More files than first recorded (a picked commit brought version files): recorded before they are written. */
  addPaths(paths: string[]): void {
    if (!this.current) throw new Error('addPaths before record');
    this.current = { ...this.current, paths: [...new Set([...this.current.paths, ...paths])] };
    this.lock.record(this.current);
  }

  /**
   * What the run is about to write to each file (recorded before the write): an undo then tells the user's
   * later edits from the run's own, and keeps them.
   */
  async wrote(edits: Array<{ path: string; content: string }>): Promise<void> {
    if (!this.current) throw new Error('wrote before record');
    const ids = await blobIds(
      this.repo,
      edits.map((edit) => edit.content),
    );
    const written = { ...this.current.written };
    edits.forEach((edit, index) => (written[edit.path] = [...new Set([...(written[edit.path] ?? []), ids[index]])]));
    this.current = { ...this.current, written };
    this.lock.record(this.current);
  }

  /** Keeps in the record what `--continue` needs to go on (before a `PausedChange` is thrown). */
  remember(resume: Record<string, unknown>): void {
    if (!this.current) throw new Error('remember before record');
    this.current = { ...this.current, resume };
    this.lock.record(this.current);
  }

  /**
   * The files an interrupted run wrote and left uncommitted, as it wrote them (the record's blob ids): a
   * `--continue` after a kill takes them as its own, not as the user's uncommitted work.
   */
  async ownUncommittedWrites(): Promise<string[]> {
    const written = this.lock.interrupted?.written ?? {};
    const now = await workingBlobIds(this.repo, Object.keys(written));
    return [...now].filter(([path, id]) => id !== null && written[path].includes(id)).map(([path]) => path);
  }

  /** What the stopped run remembered for `--continue`, or null when no run is stopped here. */
  get resume(): Record<string, unknown> | null {
    return this.lock.interrupted?.resume ?? null;
  }

  /**
   * Runs the change's steps. On failure the repository is put back as before and the
   * lock released; a `PausedChange` (a conflict for the user to resolve) keeps both for `--continue` / `--abort`.
   */
  async run(steps: () => Promise<void>): Promise<void> {
    const change = this.current;
    if (!change) throw new Error('run before record');
    try {
      await steps();
    } catch (error) {
      if (error instanceof PausedChange) {
        this.lock.keepForRecovery();
        throw error;
      }
      // The record as it is now: the steps may have added files and contents to it.
      await this.undoAfter(this.current ?? change, error as Error);
    }
    this.lock.release();
  }

  /** `--abort`: puts back what an interrupted run left; returns what was done (nothing when no run was interrupted). */
  async abort(): Promise<string[] | null> {
    const change = this.lock.interrupted;
    if (!change) {
      this.lock.release();
      return null;
    }
    try {
      const done = await undoChange(this.repo, change);
      this.lock.release();
      return done;
    } catch (error) {
      // Refused or failed: the record stays, for the next --abort once the user has dealt with it.
      this.lock.keepForRecovery();
      throw error;
    }
  }

  private async undoAfter(change: PendingChange, error: Error): Promise<never> {
    const reason = reasonOf(error);
    try {
      await undoChange(this.repo, change);
    } catch (undoError) {
      this.lock.keepForRecovery();
      throw new ReleaseProcessError(`${reason}; putting things back failed too (${reasonOf(undoError)})`, `Run ${change.recovery}`);
    }
    this.lock.release();
    const fix = error instanceof ReleaseProcessError ? error.fix : 'Fix the cause and run again';
    throw new ReleaseProcessError(`${reason.replace(/\.$/, '')}; nothing was changed (files, branches and tags are as before)`, fix);
  }
}

/** A stop for the user to resolve (a conflict): the run's record stays for `--continue` / `--abort`. */
export class PausedChange extends ReleaseProcessError {}

/** A change to the repository, planned whole before anything is written: what each run mode needs of it. */
export interface PlannedChange {
  /** The files as the change leaves them, for a preview: `nx g` shows them on --dry-run and writes them. */
  preview: { edits: FileEdit[]; deletes: string[]; notices: string[] };
  steps: PlannedStep[];
  /** What to tell the user once every step is done. */
  outcome: string;
  /**
   * The real run: the steps under the change's record, put back on a failure; returns the steps done.
   * `previewWritten`: Nx has written the preview (its tree flushed before the generator's callback).
   */
  apply(log: (line: string) => void, options?: { previewWritten?: boolean }): Promise<StepRecord[]>;
  /** The dry run: the same steps listed, nothing changed, the record dropped. */
  dryRun(log: (line: string) => void): Promise<StepRecord[]>;
}

/**
 * Binds a change's steps to its record and its journal. `restorePreview`: the preview Nx writes is not the
 * change's first step (a hotfix writes on its new branch, a revert after the reverts), so a run through Nx
 * puts the previewed files back as committed before its first step; the CLI writes no preview.
 */
export function plannedChange(
  change: RepositoryChange,
  journalName: string,
  preview: PlannedChange['preview'],
  steps: PlannedStep[],
  { restorePreview = false, outcome }: { restorePreview?: boolean; outcome: string },
): PlannedChange {
  return {
    preview,
    steps,
    outcome,
    async apply(log, { previewWritten = false } = {}) {
      let done: StepRecord[] = [];
      await change.run(async () => {
        if (restorePreview && previewWritten)
          await restorePaths(
            change.repo,
            preview.edits.map((edit) => edit.path),
          );
        done = await runPlannedSteps(steps, { log, journal: await openStepJournal(change.repo, journalName) });
      });
      return done;
    },
    async dryRun(log) {
      const done = await runPlannedSteps(steps, { log, dryRun: true });
      // Dry, a `--continue` keeps the interrupted run's record it took over, for the real one.
      if (!change.lock.interrupted) change.lock.release();
      return done;
    },
  };
}
