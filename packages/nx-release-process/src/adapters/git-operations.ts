import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { GitError, resolveCommit, runGit, type Repository } from './git';
import { reasonOf, ReleaseProcessError } from '../core/release-error';

/** The git steps of a release, each one git process with arguments (no shell). */

/** Refuses uncommitted changes to tracked files, but for `allowed` ones (drafts the run commits itself). */
export async function assertCleanWorkingTree(repo: Repository, allowed: string[] = []): Promise<void> {
  // Porcelain lines are "XY path": keep the leading status column, trim only the end.
  const lines = (await runGit(repo.root, ['status', '--porcelain', '--untracked-files=no']))
    .trimEnd()
    .split('\n')
    .filter((line) => line && !allowed.includes(line.slice(3)));
  if (lines.length > 0) {
    const files = lines
      .slice(0, 5)
      .map((line) => line.slice(3))
      .join(', ');
    throw new ReleaseProcessError(`the working tree has uncommitted changes (${files})`, 'Commit or stash them first');
  }
}

export async function currentBranch(repo: Repository): Promise<string> {
  try {
    return (await runGit(repo.root, ['symbolic-ref', '--quiet', '--short', 'HEAD'])).trim();
  } catch {
    throw new ReleaseProcessError('HEAD is detached', 'Check out the branch to release from, e.g. `git checkout main`');
  }
}

export async function refExists(repo: Repository, ref: string): Promise<boolean> {
  try {
    await runGit(repo.root, ['rev-parse', '--verify', '--quiet', '--end-of-options', ref]);
    return true;
  } catch {
    return false;
  }
}

export async function assertNewBranch(repo: Repository, branch: string): Promise<void> {
  if (await refExists(repo, `refs/heads/${branch}`)) {
    throw new ReleaseProcessError(`branch ${branch} already exists`, `Delete it with \`git branch -D ${branch}\`, or choose another name`);
  }
}

export async function checkoutNewBranch(repo: Repository, branch: string, startPoint?: string): Promise<void> {
  await runGit(repo.root, ['switch', '-q', '-c', branch, '--end-of-options', ...(startPoint ? [startPoint] : [])]);
}

/** A full SHA-1 or SHA-256 commit hash: never read as an option or a branch name. */
const FULL_HASH = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** `git checkout <commit> -- …` and `git reset` take no --end-of-options (git 2.39): a full hash never reads as an option. */
function assertFullHash(commit: string): void {
  if (!FULL_HASH.test(commit)) throw new ReleaseProcessError(`"${commit}" is not a commit hash`, 'Pass a full hash');
}

/** Switches to a branch, or to a commit (detached) when given a hash. */
export async function checkout(repo: Repository, ref: string): Promise<void> {
  const detach = FULL_HASH.test(ref) ? ['--detach'] : [];
  await runGit(repo.root, ['switch', '-q', ...detach, '--end-of-options', ref]);
}

export async function deleteBranch(repo: Repository, branch: string): Promise<void> {
  await runGit(repo.root, ['branch', '-q', '-D', '--end-of-options', branch]);
}

/** Stages exactly these paths (additions, changes and deletions) and commits them. */
export async function commitPaths(repo: Repository, paths: string[], message: string): Promise<string> {
  // A symlinked manifest was written through its link: the file that changed is the link's target.
  const targets = paths.map((path) => realPathInRepository(repo, path)).filter((path): path is string => path !== null);
  await runGit(repo.root, ['add', '-A', '--', ...new Set([...paths, ...targets])]);
  await runGit(repo.root, ['commit', '-q', '-m', message]);
  return (await runGit(repo.root, ['rev-parse', 'HEAD'])).trim();
}

/** Puts tracked paths back as they are at HEAD and removes the untracked ones. */
export async function restorePaths(repo: Repository, paths: string[]): Promise<void> {
  await restorePathsFrom(repo, await resolveCommit(repo, 'HEAD'), paths);
}

/**
 * Puts exactly these paths back as `commit` has them, in the index and the working tree (a conflicted path
 * too); a path `commit` does not have is removed from both. Every other file stays as it is.
 */
export async function restorePathsFrom(repo: Repository, commit: string, paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  assertFullHash(commit);
  const present = await pathsAt(repo, commit, paths);
  const kept = paths.filter((path) => present.has(path));
  if (kept.length > 0) await runGit(repo.root, ['checkout', '-q', commit, '--', ...kept]);
  const gone = paths.filter((path) => !present.has(path));
  if (gone.length === 0) return;
  await runGit(repo.root, ['rm', '-q', '--cached', '--ignore-unmatch', '--', ...gone]);
  for (const path of gone) rmSync(join(repo.root, path), { force: true });
}

/** Moves the current branch to `commit`, leaving the index and the working tree as they are. */
export async function moveBranchTo(repo: Repository, commit: string): Promise<void> {
  assertFullHash(commit);
  await runGit(repo.root, ['reset', '-q', '--soft', commit]);
}

export async function createAnnotatedTag(repo: Repository, tag: string, message: string, commit = 'HEAD'): Promise<void> {
  // verbatim: git would otherwise strip the markdown headings of release notes as comment lines.
  await runGit(repo.root, ['tag', '-a', '--cleanup=verbatim', '-m', message, '--end-of-options', tag, commit]);
}

export async function deleteTag(repo: Repository, tag: string): Promise<void> {
  await runGit(repo.root, ['tag', '-d', '--end-of-options', tag]);
}

export interface CherryPickConflict {
  commit: string;
  files: string[];
}

/**
 * Cherry-picks the commits in order (with `-x`, recording where each came from). On a conflict the
 * cherry-pick is left in progress for the user and the conflict is returned.
 */
export async function cherryPick(repo: Repository, commits: string[]): Promise<CherryPickConflict | null> {
  for (const commit of commits) {
    try {
      await runGit(repo.root, ['cherry-pick', '-x', '--end-of-options', commit]);
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      const files = (await runGit(repo.root, ['diff', '--name-only', '--diff-filter=U'])).split('\n').filter(Boolean);
      if (files.length === 0) throw error;
      return { commit, files };
    }
  }
  return null;
}

export async function cherryPickInProgress(repo: Repository): Promise<boolean> {
  return refExists(repo, 'CHERRY_PICK_HEAD');
}

export async function abortCherryPick(repo: Repository): Promise<void> {
  await runGit(repo.root, ['cherry-pick', '--abort']);
}

/**
 * Reverts a commit into the index and working tree without committing. Within `within` folders only (not
 * the root): the commit's changes to those folders are reversed with a three-way `git apply`, so its changes
 * elsewhere (a shared sign-off file, another project) are never touched and cannot conflict. A conflict
 * leaves markers in the files and throws.
 */
/** Files git still marks as conflicted (unmerged in the index): resolved files are `git add`ed. */
export async function unmergedPaths(repo: Repository): Promise<string[]> {
  return (await runGit(repo.root, ['diff', '--name-only', '--diff-filter=U'])).split('\n').filter(Boolean);
}

/**
 * Reverts a commit in the working tree and index, within `within` (folders; '' is the whole repository) and
 * never in `excluded` (release intents a release consumed: a rollback brings none of them back).
 */
export async function revertWithoutCommit(repo: Repository, commit: string, within?: string[], excluded: string[] = []): Promise<void> {
  const parents = (await runGit(repo.root, ['rev-list', '--parents', '-n', '1', '--end-of-options', commit])).trim().split(' ').length - 1;
  const whole = !within || within.some((folder) => folder === '');
  if (whole && excluded.length === 0) {
    await runGit(repo.root, ['revert', '--no-commit', ...(parents > 1 ? ['-m', '1'] : []), '--end-of-options', commit]);
    return;
  }
  const base = parents === 0 ? EMPTY_TREE : `${commit}^1`;
  const paths = [...(whole ? ['.'] : (within as string[])), ...excluded.map((path) => `:(exclude)${path}`)];
  const patch = await runGit(repo.root, ['diff', '--binary', '--full-index', base, commit, '--', ...paths]);
  if (!patch.trim()) return;
  const file = join(await gitDirectory(repo), 'release-process', 'revert.patch');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, patch);
  try {
    await runGit(repo.root, ['apply', '--reverse', '--index', '--3way', file]);
  } finally {
    rmSync(file, { force: true });
  }
}

/** git's empty tree: the parent side of a root commit's diff. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** Contents of a file at a ref, or null when the file does not exist there. */
export async function showFile(repo: Repository, ref: string, path: string): Promise<string | null> {
  try {
    return await runGit(repo.root, ['show', '--end-of-options', `${ref}:${path}`]);
  } catch {
    return null;
  }
}

/** Tags on a remote with the commits they point to (annotated tags peeled). One `git ls-remote`. */
export async function listRemoteTags(repo: Repository, remote: string): Promise<Map<string, string>> {
  return (await readRemoteTags(repo, remote)).commits;
}

/** The remote's tags in one `ls-remote`: each tag's commit (annotated tags peeled), and its own object id. */
export async function readRemoteTags(
  repo: Repository,
  remote: string,
): Promise<{ commits: Map<string, string>; objects: Map<string, string> }> {
  let output: string;
  try {
    output = await runGit(repo.root, ['ls-remote', '--tags', '--end-of-options', remote]);
  } catch (error) {
    throw new ReleaseProcessError(
      `cannot read tags from the remote "${remote}": ${reasonOf(error)}`,
      `Check \`git remote -v\` and your access to it, or release without pushing (--no-push)`,
    );
  }
  const commits = new Map<string, string>();
  const objects = new Map<string, string>();
  for (const line of output.split('\n').filter(Boolean)) {
    const [id, ref] = line.split('\t');
    const name = ref.replace(/^refs\/tags\//, '');
    if (name.endsWith('^{}')) commits.set(name.slice(0, -3), id);
    else {
      objects.set(name, id);
      if (!commits.has(name)) commits.set(name, id);
    }
  }
  return { commits, objects };
}

/** The object a ref names (a tag's own object, not its commit), or null when there is no such ref. */
export async function refObject(repo: Repository, ref: string): Promise<string | null> {
  try {
    return (await runGit(repo.root, ['rev-parse', '--verify', '--quiet', '--end-of-options', ref])).trim() || null;
  } catch {
    return null;
  }
}

/** Takes the remote's tag as it is (its own object, annotation and all); `replace` drops the one made here first. */
export async function fetchTag(repo: Repository, remote: string, tag: string, replace: boolean): Promise<void> {
  await runGit(repo.root, [
    'fetch',
    '--quiet',
    ...(replace ? ['--force'] : []),
    '--end-of-options',
    remote,
    `refs/tags/${tag}:refs/tags/${tag}`,
  ]);
}

/**
 * Claims a release step on the remote by creating `ref` there, which only one of several clones racing can
 * do: true when this run made it, false when the remote has it already. The ref points to a commit of its
 * own on top of `commit`, saying who claimed it (`note`): two clones never push the same object, which git
 * would take as "up to date" instead of refusing.
 */
export async function claimOnRemote(repo: Repository, remote: string, ref: string, commit: string, note: string): Promise<boolean> {
  const claim = (await runGit(repo.root, ['commit-tree', '-p', commit, '-m', note, '--end-of-options', `${commit}^{tree}`])).trim();
  try {
    await runGit(repo.root, ['push', '--quiet', `--force-with-lease=${ref}:`, '--end-of-options', remote, `${claim}:${ref}`]);
    return true;
  } catch (error) {
    const there = await runGit(repo.root, ['ls-remote', '--end-of-options', remote, ref]).catch(() => '');
    if (there.trim()) return false;
    throw error;
  }
}

/** Pushes the refs in one `git push --atomic`: all of them or none. */
export async function pushAtomic(repo: Repository, remote: string, refspecs: string[]): Promise<void> {
  await runGit(repo.root, ['push', '--atomic', '--quiet', '--end-of-options', remote, ...refspecs]);
}

/** Records which branch a hotfix branch started from, in the repository's config (`--abort` returns there). */
export async function setBranchBase(repo: Repository, branch: string, base: string): Promise<void> {
  await runGit(repo.root, ['config', '--end-of-options', `branch.${branch}.hotfixBase`, base]);
}

/** The branch a hotfix branch started from, or null when none was recorded. */
export async function branchBase(repo: Repository, branch: string): Promise<string | null> {
  try {
    return (await runGit(repo.root, ['config', '--end-of-options', `branch.${branch}.hotfixBase`])).trim() || null;
  } catch {
    return null;
  }
}

/**
 * Refuses to write where a file git does not track already is (a draft CHANGELOG.md, an ignored file):
 * writing would replace it, and undoing the write would delete it.
 */
export async function assertNoUntrackedFiles(repo: Repository, paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  const tracked = new Set((await runGit(repo.root, ['ls-files', '-z', '--', ...paths])).split('\0').filter(Boolean));
  const untracked = paths.filter((path) => !tracked.has(path) && existsSync(join(repo.root, path)));
  if (untracked.length > 0) {
    throw new ReleaseProcessError(
      `${untracked.join(', ')} ${untracked.length === 1 ? 'exists' : 'exist'} but git does not track ${untracked.length === 1 ? 'it' : 'them'}, and this run would write there`,
      'Commit, move or delete the file first',
    );
  }
}

/** Refuses to start while git is busy here: another git process (its index lock) or a merge, cherry-pick or revert in progress. */
export async function assertGitIdle(repo: Repository): Promise<void> {
  const gitDir = await gitDirectory(repo);
  if (existsSync(join(gitDir, 'index.lock'))) {
    throw new ReleaseProcessError(
      'another git process is working in this repository (.git/index.lock exists)',
      'Wait for it to finish; if no git process runs, delete .git/index.lock',
    );
  }
  const busy = ['MERGE_HEAD', 'CHERRY_PICK_HEAD', 'REVERT_HEAD'].find((name) => existsSync(join(gitDir, name)));
  if (busy) {
    throw new ReleaseProcessError(
      `a ${busy.split('_')[0].toLowerCase().replace('cherry', 'cherry-pick')} is in progress`,
      'Finish or abort it first',
    );
  }
}

/** Refuses to start without a git identity: the commit would fail after the files are written. */
export async function assertGitIdentity(repo: Repository): Promise<void> {
  try {
    await runGit(repo.root, ['var', 'GIT_COMMITTER_IDENT']);
  } catch {
    throw new ReleaseProcessError(
      'git has no identity to commit with',
      'Set one: git config user.name "Release Bot" && git config user.email "release-bot@example.com"',
    );
  }
}

/** Refuses a branch or tag name git would reject, before anything is written. */
export async function assertValidRefName(repo: Repository, kind: 'branch' | 'tag', name: string): Promise<void> {
  const ref = kind === 'branch' ? `refs/heads/${name}` : `refs/tags/${name}`;
  // Each part of a ref is a file name, with `.lock` appended while git writes it.
  const tooLong = name.split('/').some((part) => Buffer.byteLength(part) > 200);
  let valid = !tooLong && !name.startsWith('-');
  if (valid)
    valid = await runGit(repo.root, ['check-ref-format', ref]).then(
      () => true,
      () => false,
    );
  if (!valid) {
    throw new ReleaseProcessError(
      `"${name.length > 80 ? `${name.slice(0, 80)}…` : name}" cannot be a git ${kind} name${tooLong ? ' (a part is over 200 bytes)' : ''}`,
      `Choose another ${kind} name (letters, digits, . _ - /; not starting with -)`,
    );
  }
}

/** The git folder of the repository (absolute). */
export async function gitDirectory(repo: Repository): Promise<string> {
  return (await runGit(repo.root, ['rev-parse', '--absolute-git-dir'])).trim();
}

/** Ends a cherry-pick or revert left in progress, keeping the working tree as it is (reset afterwards). */
export async function quitSequencer(repo: Repository): Promise<void> {
  if (await refExists(repo, 'CHERRY_PICK_HEAD')) await runGit(repo.root, ['cherry-pick', '--quit']);
  if (await refExists(repo, 'REVERT_HEAD')) await runGit(repo.root, ['revert', '--quit']);
}

/** The object ids git gives these contents (blobs), in the repository's hash (SHA-1, or SHA-256). */
export async function blobIds(repo: Repository, contents: Array<string | Buffer>): Promise<string[]> {
  if (contents.length === 0) return []; // a clean working tree asks nothing of git
  const format = (await runGit(repo.root, ['rev-parse', '--show-object-format'])).trim() === 'sha256' ? 'sha256' : 'sha1';
  return contents.map((content) => {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    return createHash(format).update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
  });
}

/** The object ids of files as the working tree has them now (null for a missing one); git stores a symlink as its target. */
export async function workingBlobIds(repo: Repository, paths: string[]): Promise<Map<string, string | null>> {
  const present = paths.filter((path) => {
    const full = join(repo.root, path);
    return (existsSync(full) || lstatSync(full, { throwIfNoEntry: false })?.isSymbolicLink()) && !lstatSync(full).isDirectory();
  });
  const ids = await blobIds(
    repo,
    present.map((path) => {
      const full = join(repo.root, path);
      return lstatSync(full).isSymbolicLink() ? Buffer.from(readlinkSync(full)) : readFileSync(full);
    }),
  );
  const found = new Map(present.map((path, index) => [path, ids[index]]));
  return new Map(paths.map((path) => [path, found.get(path) ?? null]));
}

/** The object ids of files as a commit has them (absent ones are left out). */
export async function committedBlobIds(repo: Repository, commit: string, paths: string[]): Promise<Map<string, string>> {
  if (paths.length === 0) return new Map();
  const output = await runGit(repo.root, ['ls-tree', '-r', '-z', '--end-of-options', commit, '--', ...paths]);
  return new Map(
    output
      .split('\0')
      .filter(Boolean)
      .map((line) => {
        const [info, path] = line.split('\t');
        return [path, info.split(' ')[2]] as [string, string];
      }),
  );
}

/**
 * The object id of each folder as a commit has it (its tree: equal ids, equal content), null when the commit
 * has no such folder; '' is the whole tree. At most two git runs, whatever the number of folders: one lists
 * the entries of the folders' parents (`packages/` holds hundreds of projects: asking `<commit>:<folder>`
 * for each unpacked that parent each time, 33 ms for 500 folders against 3 ms), the other asks by name for
 * the few that listing cannot show: the whole tree, and a folder holding another one asked for (git lists
 * no entry it has to walk into).
 */
export async function folderIds(repo: Repository, commit: string, folders: string[]): Promise<Map<string, string | null>> {
  const asked = [...new Set(folders)];
  const ancestors = new Set(
    asked.flatMap((folder) =>
      folder
        .split('/')
        .slice(0, -1)
        .map((_, depth, parts) => parts.slice(0, depth + 1).join('/')),
    ),
  );
  const holdsAnother = (folder: string) => folder === '' || ancestors.has(folder);
  // a name holding a line break cannot be asked on a line of its own: left unanswered
  const byName = asked.filter((folder) => holdsAnother(folder) && !/[\r\n]/.test(folder));
  const listed = asked.filter((folder) => !holdsAnother(folder));
  const parents = [...new Set(listed.map((folder) => (folder.includes('/') ? `${folder.slice(0, folder.lastIndexOf('/'))}/` : folder)))];
  const [listing, named] = await Promise.all([
    parents.length === 0 ? '' : runGit(repo.root, ['--literal-pathspecs', 'ls-tree', '-z', '--end-of-options', commit, '--', ...parents]),
    byName.length === 0
      ? ''
      : runGit(
          repo.root,
          ['cat-file', '--batch-check=%(objectname) %(objecttype)'],
          byName.map((folder) => `${commit}:${folder}\n`).join(''),
        ),
  ]);
  const ids = new Map<string, string>();
  for (const entry of listing.split('\0').filter(Boolean)) {
    const tab = entry.indexOf('\t');
    ids.set(entry.slice(tab + 1), entry.slice(0, tab).split(' ')[2]);
  }
  const answers = named.split('\n');
  byName.forEach((folder, index) => {
    // an absent folder's line is "<commit>:<folder> missing"
    const id = /^([0-9a-f]+) (?:tree|blob|commit)$/.exec(answers[index] ?? '')?.[1];
    if (id) ids.set(folder, id);
  });
  return new Map(asked.map((folder) => [folder, ids.get(folder) ?? null]));
}

/** Tracked files with uncommitted changes (staged or not), and the files two commits differ in. */
export async function pathsChanged(repo: Repository, from: string, to?: string, within: string[] = []): Promise<string[]> {
  const range = [from, ...(to ? [to] : [])];
  const output = await runGit(repo.root, ['diff', '--name-only', '-z', '--no-renames', '--end-of-options', ...range, '--', ...within]);
  return output.split('\0').filter(Boolean);
}

/**
 * The files of the working tree that differ from HEAD (tracked ones changed or deleted, untracked ones not
 * ignored) with their blob ids now, null for a deleted one: in three git runs (the first two at once),
 * whatever the tree's size.
 */
export async function uncommittedBlobIds(repo: Repository): Promise<Map<string, string | null>> {
  const [changed, untracked] = await Promise.all([
    pathsChanged(repo, 'HEAD'),
    runGit(repo.root, ['ls-files', '--others', '--exclude-standard', '-z']).then((output) => output.split('\0').filter(Boolean)),
  ]);
  return workingBlobIds(repo, [...new Set([...changed, ...untracked])].sort());
}

/** Which of the paths a commit has. */
export async function pathsAt(repo: Repository, commit: string, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const output = await runGit(repo.root, ['ls-tree', '-r', '--name-only', '-z', '--end-of-options', commit, '--', ...paths]);
  return new Set(output.split('\0').filter(Boolean));
}

/** The repository-relative path a symlink inside the repository points at, or null for a plain file. */
function realPathInRepository(repo: Repository, path: string): string | null {
  const full = join(repo.root, path);
  if (!existsSync(full) || !lstatSync(full).isSymbolicLink()) return null;
  return relative(realpathSync(repo.root), realpathSync(full)).split(sep).join('/');
}

/** The commit a remote's branch points to, or null when the remote has no such branch. */
export async function remoteBranchCommit(repo: Repository, remote: string, branch: string): Promise<string | null> {
  try {
    const output = await runGit(repo.root, ['ls-remote', '--heads', '--end-of-options', remote, `refs/heads/${branch}`]);
    return output.split('\t')[0].trim() || null;
  } catch (error) {
    throw new ReleaseProcessError(`cannot read the remote "${remote}": ${reasonOf(error)}`, 'Check `git remote -v` and your access to it');
  }
}

/** The remote's default branch (what its HEAD names), or null when it does not say. */
export async function remoteDefaultBranch(repo: Repository, remote: string): Promise<string | null> {
  const output = await runGit(repo.root, ['ls-remote', '--symref', '--end-of-options', remote, 'HEAD']).catch(() => '');
  return /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(output)?.[1] ?? null;
}

/**
 * Pushes HEAD to the remote's branch, with a lease: the remote's branch must still be at `expected` (absent
 * when null), so a commit someone else pushed there in the meantime is never overwritten.
 */
export async function pushBranchWithLease(repo: Repository, remote: string, branch: string, expected: string | null): Promise<void> {
  await runGit(repo.root, [
    'push',
    '--quiet',
    `--force-with-lease=refs/heads/${branch}:${expected ?? ''}`,
    '--end-of-options',
    remote,
    `HEAD:refs/heads/${branch}`,
  ]);
}

/** The subject line of an annotated tag's message, or null for a tag that does not exist. */
export async function tagSubject(repo: Repository, tag: string): Promise<string | null> {
  if (!(await refExists(repo, `refs/tags/${tag}`))) return null;
  return (await runGit(repo.root, ['tag', '--list', '--format=%(contents:subject)', '--end-of-options', tag])).trim();
}

/**
 * The commits after `from` up to `to` that touch the folders (all of them for the root, ''), newest first:
 * what a release brought to its projects. Without `from`, only `to` itself.
 */
export async function commitsOfRelease(repo: Repository, from: string | null, to: string, folders: string[]): Promise<string[]> {
  if (!from) return [to];
  const paths = folders.some((folder) => folder === '') ? [] : folders;
  const output = await runGit(repo.root, ['rev-list', '--end-of-options', `${from}..${to}`, '--', ...paths]);
  return output.split('\n').filter(Boolean);
}

/**
 * The files a change touches since it left `base`: committed since their merge base, staged, modified or
 * new (untracked, not ignored), repository-relative. What `changeset status --since` looks at.
 */
export async function changedFilesSinceBase(repo: Repository, base: string): Promise<{ mergeBase: string; files: string[] }> {
  const mergeBase = (await runGit(repo.root, ['merge-base', '--end-of-options', base, 'HEAD'])).trim();
  const [changed, untracked] = await Promise.all([
    runGit(repo.root, ['diff', '--name-only', '-z', '--no-renames', '--end-of-options', mergeBase, '--']),
    runGit(repo.root, ['ls-files', '--others', '--exclude-standard', '-z']),
  ]);
  const files = [...changed.split('\0'), ...untracked.split('\0')].filter(Boolean);
  return { mergeBase, files: [...new Set(files)] };
}
