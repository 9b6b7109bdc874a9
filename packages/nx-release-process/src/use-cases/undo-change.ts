import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { writeFileAtomic } from '../adapters/files';
import { join } from 'node:path';
import { openRepository, readCommitWindow, resolveCommit, type Repository } from '../adapters/git';
import {
  checkout,
  committedBlobIds,
  currentBranch,
  deleteBranch,
  deleteTag,
  gitDirectory,
  moveBranchTo,
  pathsChanged,
  quitSequencer,
  refExists,
  restorePathsFrom,
  workingBlobIds,
} from '../adapters/git-operations';
import { acquireRepositoryLock, type PendingChange } from '../adapters/repository-lock';
import { ReleaseProcessError } from '../core/release-error';
import type { RawCommit } from '../core/commit-classification';

/**
 * Puts back exactly what a generator run that was killed or failed half-way changed, from the record it
 * made before its first write: its files (as they were at its start), its commits, branch and tags. Nothing
 * else is touched: the user's other edits, untracked files and commits stay. Work the user did since that
 * the undo would take away (a commit on top of the run's, an edit to a file the run wrote) stops it, listed,
 * before anything is changed. Each step is idempotent: killed in turn, the undo is run again.
 */
export async function undoChange(repo: Repository, change: PendingChange): Promise<string[]> {
  const done: string[] = [];
  // The run's git was killed with it: its index lock is stale. One older than the run belongs to another process.
  const indexLock = join(await gitDirectory(repo), 'index.lock');
  if (existsSync(indexLock) && (!change.startedAt || statSync(indexLock).mtimeMs >= Date.parse(change.startedAt) - 1000)) {
    rmSync(indexLock, { force: true });
    done.push('removed the stale .git/index.lock');
  }
  const { base } = change;
  const runBranch = change.branch && change.branch !== base.branch ? change.branch : null;
  const hasRunBranch = runBranch !== null && (await refExists(repo, `refs/heads/${runBranch}`));
  const onBranch = await currentBranch(repo).catch(() => null);
  if (onBranch !== base.branch && !(hasRunBranch && onBranch === runBranch)) {
    throw new ReleaseProcessError(
      `the interrupted run was on ${hasRunBranch ? `${base.branch} or ${runBranch}` : base.branch}, and ${onBranch ? `${onBranch} is checked out` : 'HEAD is detached'} now`,
      `Check out ${hasRunBranch && runBranch ? runBranch : base.branch} again, then run ${change.recovery}`,
    );
  }
  // The commits the run made: on its own branch since that branch's start, on the base branch since the run's.
  const made: RawCommit[] = [];
  if (hasRunBranch) made.push(...(await readCommitWindow(repo, `refs/heads/${runBranch}`, [change.branchFrom ?? base.commit])));
  if (onBranch === base.branch) made.push(...(await readCommitWindow(repo, 'HEAD', [base.commit])));
  assertOnlyOwnCommits(change, made, onBranch ?? base.branch);
  // The files it changed: those it writes, those its reverts and picks touch, those its commits changed.
  const ours = [...new Set([...change.paths, ...(change.touches ?? []), ...made.flatMap((commit) => commit.files)])];
  await assertNoEditsSince(repo, change, made);

  // The drafts are still on disk as the user left them: kept before the files are put back, written back after.
  const drafts = (change.drafts ?? [])
    .filter((path) => existsSync(join(repo.root, path)))
    .map((path) => ({ path, text: readFileSync(join(repo.root, path), 'utf8') }));
  const leaving = onBranch === runBranch;
  // Going back to the base branch, where it is now (the user may have committed there meanwhile).
  const target = leaving ? await resolveCommit(repo, `refs/heads/${base.branch}`) : base.commit;
  if (leaving) await assertEditsCarryOver(repo, change, target, ours);
  const now = await workingBlobIds(repo, ours);
  const before = await committedBlobIds(repo, target, ours);
  const restored = ours.filter((path) => (now.get(path) ?? null) !== (before.get(path) ?? null));
  await quitSequencer(repo);
  // Its files as they are where it goes back to, then back there: git carries the user's other edits over,
  // and moving the branch back over the run's own commits keeps the index and the working tree.
  await restorePathsFrom(repo, target, ours);
  if (leaving) {
    await checkout(repo, base.branch);
    done.push(`back on ${base.branch}`);
  } else if ((await resolveCommit(repo, 'HEAD')) !== base.commit) {
    await moveBranchTo(repo, base.commit);
    done.push(`${base.branch} back at ${base.commit.slice(0, 7)}`);
  }
  if (restored.length > 0) done.push(`put back ${restored.length > 5 ? `${restored.length} files` : restored.join(', ')}`);
  for (const draft of drafts) writeFileAtomic(join(repo.root, draft.path), draft.text);
  if (hasRunBranch && runBranch) {
    await deleteBranch(repo, runBranch);
    done.push(`deleted the branch ${runBranch}`);
  }
  for (const tag of change.tags ?? []) {
    if (await refExists(repo, `refs/tags/${tag}`)) {
      await deleteTag(repo, tag);
      done.push(`deleted the tag ${tag}`);
    }
  }
  return done;
}

/** A commit the run does not make (by its subject) is the user's: the undo would drop it, so it stops. */
function assertOnlyOwnCommits(change: PendingChange, made: RawCommit[], branch: string): void {
  const own = new Set(change.commits ?? []);
  const foreign = made.filter((commit) => !own.has(commit.message.split('\n')[0]));
  if (foreign.length === 0) return;
  const listed = foreign.slice(0, 5).map((commit) => `${commit.hash.slice(0, 7)} "${commit.message.split('\n')[0].slice(0, 60)}"`);
  throw new ReleaseProcessError(
    `undoing the interrupted run would drop ${foreign.length === 1 ? 'a commit' : `${foreign.length} commits`} made since it stopped: ${listed.join(', ')}${foreign.length > 5 ? ', …' : ''}; nothing was changed`,
    `Keep them on a branch of their own and take them off ${branch} (git branch my-work ${foreign[0].hash.slice(0, 7)}; git reset --keep ${foreign[foreign.length - 1].parents[0]?.slice(0, 7) ?? 'HEAD~1'}), then run ${change.recovery}`,
  );
}

/** The user's uncommitted edits to files the base branch has otherwise stop the way back there: said before any change. */
async function assertEditsCarryOver(repo: Repository, change: PendingChange, target: string, ours: string[]): Promise<void> {
  const differ = new Set(await pathsChanged(repo, 'HEAD', target));
  const blocking = (await pathsChanged(repo, 'HEAD')).filter((path) => differ.has(path) && !ours.includes(path));
  if (blocking.length === 0) return;
  throw new ReleaseProcessError(
    `going back to ${change.base.branch} would overwrite your uncommitted changes to ${blocking.join(', ')}; nothing was changed`,
    `Commit or stash them (git stash), then run ${change.recovery}`,
  );
}

/**
 * A file the run wrote whose content is neither what it was, nor what the run wrote, nor what the run
 * committed was edited by the user since: the undo would lose that edit, so it stops.
 */
async function assertNoEditsSince(repo: Repository, change: PendingChange, made: RawCommit[]): Promise<void> {
  const written = change.written ?? {};
  // A file a revert or pick also changes holds git's merge (or the user's resolution of it): not checked.
  const touched = new Set(change.touches ?? []);
  const paths = Object.keys(written).filter((path) => !touched.has(path));
  if (paths.length === 0) return;
  const now = await workingBlobIds(repo, paths);
  const known = [change.base.commit, change.branchFrom, ...made.map((commit) => commit.hash)].filter(
    (commit): commit is string => !!commit,
  );
  const allowed = new Map<string, Set<string | null>>(paths.map((path) => [path, new Set(written[path])]));
  for (const commit of known) {
    const ids = await committedBlobIds(repo, commit, paths);
    for (const path of paths) allowed.get(path)?.add(ids.get(path) ?? null);
  }
  const edited = paths.filter((path) => !allowed.get(path)?.has(now.get(path) ?? null));
  if (edited.length === 0) return;
  throw new ReleaseProcessError(
    `undoing the interrupted run would lose your edits to ${edited.join(', ')} since it stopped; nothing was changed`,
    `Keep a copy of ${edited.length === 1 ? 'it' : 'them'} elsewhere (or commit it on a branch of its own), put ${edited.length === 1 ? 'it' : 'them'} back with git checkout -- <file>, then run ${change.recovery}`,
  );
}

/**
 * `release-process abort`: undoes whatever generator run was interrupted or stopped on a conflict here, from
 * the record in the repository's lock, without Nx: a conflict in a package.json leaves a workspace Nx cannot
 * read, so `nx g … --abort` cannot run. Returns what was done, or null when nothing was interrupted.
 */
export async function abortInterruptedChange(path: string): Promise<{ command: string; done: string[] } | null> {
  const repo = await openRepository(path);
  const lock = await acquireRepositoryLock(repo, { command: 'release-process abort', recovers: true });
  const change = lock.interrupted;
  if (!change) {
    lock.release();
    return null;
  }
  try {
    const done = await undoChange(repo, change);
    lock.release();
    return { command: change.recovery, done };
  } catch (error) {
    lock.keepForRecovery();
    throw error;
  }
}
