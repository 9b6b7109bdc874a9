import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { writeFileAtomic } from '../adapters/files';
import { join } from 'node:path';
import { openRepository, resolveCommit, type Repository } from '../adapters/git';
import {
  checkout,
  currentBranch,
  deleteBranch,
  deleteTag,
  gitDirectory,
  pathsAt,
  quitSequencer,
  refExists,
  resetHard,
} from '../adapters/git-operations';
import { acquireRepositoryLock, type PendingChange } from '../adapters/repository-lock';

/**
 * Puts the repository back as it was before a generator run that was killed or failed half-way, from the
 * change it recorded before its first write: the tree was clean then, so every change to tracked files is
 * the run's own, and no file it wrote existed untracked. The user's untracked files are never touched.
 * Each step is idempotent: killed in turn, the undo is run again.
 */
export async function undoChange(repo: Repository, change: PendingChange): Promise<string[]> {
  const done: string[] = [];
  // The run's git was killed with it: its index lock is stale. One older than the run belongs to another process.
  const indexLock = join(await gitDirectory(repo), 'index.lock');
  if (existsSync(indexLock) && (!change.startedAt || statSync(indexLock).mtimeMs >= Date.parse(change.startedAt) - 1000)) {
    rmSync(indexLock, { force: true });
    done.push('removed the stale .git/index.lock');
  }
  // The drafts are still on disk as the user left them: kept before the reset, written back after it.
  const drafts = (change.drafts ?? [])
    .filter((path) => existsSync(join(repo.root, path)))
    .map((path) => ({ path, text: readFileSync(join(repo.root, path), 'utf8') }));
  await quitSequencer(repo);
  await resetHard(repo);
  const onBranch = await currentBranch(repo).catch(() => null);
  if (onBranch !== change.base.branch) {
    await checkout(repo, change.base.branch);
    done.push(`back on ${change.base.branch}`);
  }
  if ((await resolveCommit(repo, 'HEAD')) !== change.base.commit) {
    await resetHard(repo, change.base.commit);
    done.push(`${change.base.branch} back at ${change.base.commit.slice(0, 7)}`);
  }
  const existedBefore = await pathsAt(repo, change.base.commit, change.paths);
  const created = change.paths.filter((path) => !existedBefore.has(path) && existsSync(join(repo.root, path)));
  for (const path of created) rmSync(join(repo.root, path), { force: true });
  if (created.length > 0) done.push(`removed ${created.join(', ')}`);
  for (const draft of drafts) writeFileAtomic(join(repo.root, draft.path), draft.text);
  if (change.branch && change.branch !== change.base.branch && (await refExists(repo, `refs/heads/${change.branch}`))) {
    await deleteBranch(repo, change.branch);
    done.push(`deleted the branch ${change.branch}`);
  }
  for (const tag of change.tags ?? []) {
    if (await refExists(repo, `refs/tags/${tag}`)) {
      await deleteTag(repo, tag);
      done.push(`deleted the tag ${tag}`);
    }
  }
  return done;
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
