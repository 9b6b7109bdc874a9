import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Repository } from './git';
import { gitDirectory } from './git-operations';
import { writeFileAtomic } from './files';
import { reasonOf, ReleaseProcessError } from '../core/release-error';

/**
 * What a generator run changes in the repository, recorded before its first write so that the state a
 * kill leaves behind can be put back by one command (see use-cases/undo-change.ts).
 */
export interface PendingChange {
  /** The branch and commit the run started on. */
  base: { branch: string; commit: string };
  /** A branch the run creates. */
  branch?: string;
  /** Tags the run creates. */
  tags?: string[];
  /** Files it writes, workspace-relative; none existed untracked before (checked first). */
  paths: string[];
  /** Where the run's branch starts (a hotfix branch at its tag); the base commit when not given. */
  branchFrom?: string;
  /** The subjects of the commits the run makes: any other commit found by an undo is the user's, and stops it. */
  commits?: string[];
  /** Files its reverts or cherry-picks may change besides `paths`. */
  touches?: string[];
  /** The object ids of what it writes to each file, where known: other content found by an undo is the user's edit. */
  written?: Record<string, string[]>;
  /** The user's uncommitted drafts it commits as they are (a hand-edited CHANGELOG.md): an undo leaves them as they were. */
  drafts?: string[];
  /** The command that finishes or undoes it, for messages. */
  recovery: string;
  /** When the run began: an index lock older than this is another process's, never removed. */
  startedAt?: string;
  /** What a run stopped on a conflict needs to go on with `--continue` (the steps left, its inputs). */
  resume?: Record<string, unknown>;
}

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
  change?: PendingChange;
}

/** One writer per repository: every command and generator that writes holds this lock while it works. */
export class RepositoryLock {
  private released = false;
  private keep = false;
  private readonly onExit = (code: number) => this.releaseOnExit(code);

  constructor(
    readonly path: string,
    private holder: LockHolder,
    /** The change a dead holder left unfinished, handed to the run that took the lock over (for --abort and --continue). */
    readonly interrupted: PendingChange | null,
  ) {
    // A dry run never reaches the callback that releases the lock: the process's exit does.
    process.once('exit', this.onExit);
  }

  /** Records the change this run is about to make (before its first write). */
  record(change: PendingChange): void {
    this.holder = { ...this.holder, change };
    writeFileAtomic(this.path, `${JSON.stringify(this.holder, null, 2)}\n`);
  }

  /** Leaves the lock and its change in place when the process ends: a paused run (a conflict to resolve) is resumed later. */
  keepForRecovery(): void {
    this.keep = true;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    process.removeListener('exit', this.onExit);
    if (this.ownsFile()) rmSync(this.path, { force: true });
  }

  /**
   * A dry run ends here with nothing written. A run that recorded its change and ends in failure before its
   * git steps (Nx failed writing the tree: a full disk) may have written part of it: the record stays, so
   * `--abort` puts the files back, and the user is told so.
   */
  private releaseOnExit(code: number): void {
    if (this.keep) return;
    const change = this.holder.change;
    if (code !== 0 && change) {
      process.stderr.write(
        `release-process: the run stopped after its change was recorded; finish or undo it with \`${change.recovery}\`\n`,
      );
      return;
    }
    // A dry run of `--continue` ends here too: the interrupted run's record it took over stays for the real one.
    if (this.interrupted) return;
    this.release();
  }

  private ownsFile(): boolean {
    return readHolder(this.path)?.pid === this.holder.pid;
  }
}

export interface AcquireOptions {
  /** `release`, `nx g release-branch`: named in the message another run gets. */
  command: string;
  /**
   * Whether this run finishes or undoes what an interrupted run left (`--continue`, `--abort`): it takes the
   * lock over and is handed the change. Any other run refuses while such a change is unfinished.
   */
  recovers?: boolean;
}

/**
 * Takes the repository's lock (in the git folder, with pid, host, command and start time). A lock whose
 * holder is alive refuses; one whose holder died is taken over, unless it left a change half-made.
 */
export async function acquireRepositoryLock(repo: Repository, options: AcquireOptions): Promise<RepositoryLock> {
  const path = await lockPath(repo);
  const holder: LockHolder = { pid: process.pid, host: hostname(), command: options.command, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(path, holder)) return new RepositoryLock(path, holder, null);
    const current = readHolder(path);
    if (!current) {
      // Empty or damaged (a full disk under an older version): no run can own it, since a lock is made whole.
      if (clearUnreadable(path)) continue;
      throw new ReleaseProcessError(
        `the lock ${path} is unreadable and could not be cleared`,
        'If no release command is running, delete it and run again',
      );
    }
    if (current.pid !== process.pid && isAlive(current)) {
      throw new ReleaseProcessError(
        `another release is under way (pid ${current.pid}, \`${current.command}\`, since ${current.since})`,
        `Wait for it to finish; if no such process runs, delete ${path}`,
      );
    }
    if (current.change && current.pid !== process.pid && !options.recovers) {
      throw new ReleaseProcessError(
        `\`${current.command}\` was interrupted (pid ${current.pid}, since ${current.since}) and left its work unfinished`,
        `Finish or undo it first: ${current.change.recovery}`,
      );
    }
    if (takeOver(path, current) && createExclusive(path, holder)) {
      const interrupted = current.pid === process.pid ? null : (current.change ?? null);
      const lock = new RepositoryLock(path, holder, interrupted);
      // Still recorded while this run finishes or undoes it: killed in turn, the next run finds it again.
      if (interrupted) lock.record(interrupted);
      return lock;
    }
  }
  throw new ReleaseProcessError(`could not take the lock ${path}`, 'Another run is starting at the same moment; run again');
}

async function lockPath(repo: Repository): Promise<string> {
  return join(await gitDirectory(repo), 'release-process', 'lock.json');
}

/**
 * Creates the lock with its content in one step: written whole to a file of this run's own, flushed, then
 * linked to the lock's name (which fails if a lock is there). A full disk leaves no lock, never an empty one.
 */
function createExclusive(path: string, holder: LockHolder): boolean {
  mkdirSync(join(path, '..'), { recursive: true });
  const own = `${path}.${process.pid}.new`;
  try {
    const fd = openSync(own, 'w');
    try {
      writeSync(fd, `${JSON.stringify(holder, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(own, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new ReleaseProcessError(
      `cannot write the lock ${path}: ${reasonOf(error)}`,
      'Free space on that disk (or fix its permissions), then run again; nothing was changed',
    );
  } finally {
    try {
      unlinkSync(own);
    } catch {
      // not made, or already gone
    }
  }
}

/**
 * Moves a dead holder's lock aside and takes its place. Two runs taking over at once: the rename lets only
 * one of them move that very file; a run that moved a newer lock by mistake puts it back.
 */
function takeOver(path: string, dead: LockHolder): boolean {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return false;
  }
  const moved = readHolder(aside);
  if (!moved || moved.pid !== dead.pid || moved.since !== dead.since) {
    if (!existsSync(path)) renameSync(aside, path);
    return false;
  }
  rmSync(aside, { force: true });
  return true;
}

/** Moves an unreadable lock aside and removes it, unless a readable one took its place meanwhile. */
function clearUnreadable(path: string): boolean {
  const aside = `${path}.${process.pid}.unreadable`;
  try {
    renameSync(path, aside);
  } catch {
    return existsSync(path) === false;
  }
  if (readHolder(aside)) {
    // A real lock was made between the read and the move: it is put back where it was.
    if (!existsSync(path)) renameSync(aside, path);
    return false;
  }
  rmSync(aside, { force: true });
  return true;
}

function readHolder(path: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return typeof holder.pid === 'number' ? holder : null;
  } catch {
    return null;
  }
}

function isAlive(holder: LockHolder): boolean {
  // A holder on another machine (a repository on a shared disk) cannot be checked: it counts as alive.
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `work` as the repository's one writer, the lock let go however it ends; a dry run only reads and takes none. */
export async function whileLocked<T>(repo: Repository, command: string, dryRun: boolean | undefined, work: () => Promise<T>): Promise<T> {
  const lock = dryRun ? null : await acquireRepositoryLock(repo, { command });
  try {
    return await work();
  } finally {
    lock?.release();
  }
}
