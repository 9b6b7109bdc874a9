import { isUnder } from '../core/commit-range';
import { join, relative, sep } from 'node:path';
import { INTENT_FOLDERS } from '../adapters/release-intents';
import { lockfilesToKeep } from '../adapters/package-managers';
import { gitRefReader } from '../adapters/file-readers';
import { writeEditsToDisk } from '../adapters/files';
import { listTagsMergedInto, readCommits, resolveCommit } from '../adapters/git';
import {
  assertCleanWorkingTree,
  assertValidRefName,
  commitPaths,
  commitsOfRelease,
  createAnnotatedTag,
  refExists,
  revertWithoutCommit,
  unmergedPaths,
} from '../adapters/git-operations';
import { loadReleaseWorkspace } from '../adapters/release-workspace';
import { releaseDate } from '../adapters/clock';
import { changelogPath } from '../core/changelog-file';
import type { FileEdit, ReleaseFileReader } from '../core/release-edits';
import { reasonOf, ReleaseProcessError } from '../core/release-error';
import { rollbackTagSubject } from '../core/release-status';
import { addRollbackNote, type RollbackNote } from '../core/rollback-note';
import { previousRelease, projectsOfTag, rollbackTag } from '../core/tagged-release';
import { step, type PlannedStep } from './planned-steps';
import { PausedChange, plannedChange, RepositoryChange, type PlannedChange } from './repository-change';

export interface RevertOptions {
  path: string;
  /** The release tag to roll back (not with `--continue`). */
  tag?: string;
  /** What went wrong: for the changelog, the tag and the notice. */
  reason?: string;
  /** Go on after a conflict was resolved and `git add`ed. */
  continue?: boolean;
  /** How the user runs it, for the hints: `nx g nx-release-process:rollback` or `release-process revert`. */
  command: string;
}

/** The journal's name for reverts, however they were started. */
export const REVERT_JOURNAL = 'release-process revert';

/** What a revert reverts and writes: kept in the lock's record, so `--continue` goes on from a conflict. */
interface RevertWork {
  tag: string;
  newTag: string;
  roots: string[];
  /** Where release intents live (repository-relative): consumed by the release, never restored by its rollback. */
  intentFolders?: string[];
  changelogs: string[];
  note: RollbackNote;
  /** The commits of the release, newest first; those from `next` on are still to revert. */
  reverted: string[];
  next: number;
  /** The commit the revert started from: its changelogs still have the release's section. */
  from: string;
}

/**
 * Reverts every commit a release brought to its projects (for an independent project's tag, only its own
 * files), one step each, records the rollback in the changelogs, commits, and tags the revert
 * `<tag>-rollback`. A conflict stops it for the user to resolve; `--continue` then reverts the rest.
 */
export async function planRevert(options: RevertOptions): Promise<PlannedChange> {
  return RepositoryChange.plan(options.path, options.command, options.continue, (change) =>
    options.continue ? planRevertContinue(change, options) : planNewRevert(change, options),
  );
}

async function planNewRevert(change: RepositoryChange, options: RevertOptions): Promise<PlannedChange> {
  const { command } = options;
  if (!options.tag)
    throw new ReleaseProcessError('a rollback needs the release tag to roll back', `Pass it first: ${command} v1.2.0 --reason "…"`);
  if (!options.reason?.trim()) throw new ReleaseProcessError('a rollback needs a reason', 'Pass --reason "what went wrong"');
  const release = await loadReleaseWorkspace({ path: options.path });
  const repo = change.repo;
  const tagged = projectsOfTag(release.groups, options.tag);
  const released = await resolveCommit(repo, options.tag);
  const newTag = rollbackTag(options.tag);
  if (await refExists(repo, `refs/tags/${newTag}`)) {
    throw new ReleaseProcessError(`${options.tag} is already rolled back (tag ${newTag} exists)`, 'Nothing to do');
  }
  await assertValidRefName(repo, 'tag', newTag);
  await assertCleanWorkingTree(repo);
  const base = await change.base();
  const previousTag = previousRelease(await listTagsMergedInto(repo, released), tagged, options.tag);
  const roots = release.projects.filter((project) => tagged.projects.includes(project.name)).map((project) => project.root);
  const changelogs = roots.map(changelogPath);
  // Everything the release brought to its projects since the previous release, not just the commit tagged.
  const reverted = await commitsOfRelease(repo, previousTag?.commit ?? null, released, roots);
  const work: RevertWork = {
    tag: options.tag,
    newTag,
    roots,
    intentFolders: Object.values(INTENT_FOLDERS).map((folder) =>
      relative(repo.root, join(release.workspace.root, folder)).split(sep).join('/'),
    ),
    changelogs,
    note: { version: tagged.version, previous: previousTag?.version ?? null, reason: options.reason.trim(), date: releaseDate(), reverted },
    reverted,
    next: 0,
    from: base.commit,
  };
  const edits = rollbackEdits(gitRefReader(repo.root, base.commit), changelogs, work.note);
  // The revert moves versions back: the lockfiles go with them, as their tools write them.
  const lockfiles = lockfilesToKeep(repo.root, roots);
  for (const lockfile of lockfiles) await lockfile.verify();
  // The reverts change the reverted commits' files inside the projects (not their intents): the undo's to put back.
  const within = (path: string) => isUnder(path, roots);
  const intents = (path: string) => (work.intentFolders ?? []).some((folder) => path.startsWith(`${folder}/`));
  await change.record({
    base,
    tags: [newTag],
    paths: [...edits.map((edit) => edit.path), ...lockfiles.map((lockfile) => lockfile.path)],
    commits: [revertMessage(work).split('\n')[0]],
    touches: [...new Set((await readCommits(repo, reverted)).flatMap((commit) => commit.files))].filter(
      (path) => within(path) && !intents(path),
    ),
    recovery: `${command} --continue (after resolving) or --abort`,
    resume: { ...work },
  });
  await change.wrote(edits);
  return plannedChange(change, REVERT_JOURNAL, { edits, deletes: [], notices: [] }, await revertSteps(change, work, options), {
    restorePreview: true,
    outcome: outcomeOf(work),
  });
}

/** `--continue` after a conflict was resolved and `git add`ed: reverts the commits left, then commits and tags. */
async function planRevertContinue(change: RepositoryChange, options: RevertOptions): Promise<PlannedChange> {
  const work = change.resume as RevertWork | null;
  if (!work?.newTag) {
    throw new ReleaseProcessError(
      'no rollback stopped on a conflict here: nothing to continue',
      `Start one with ${options.command} <tag> --reason "…"`,
    );
  }
  const conflicted = await unmergedPaths(change.repo);
  if (conflicted.length > 0) {
    throw new ReleaseProcessError(
      `${conflicted.join(', ')} still ${conflicted.length === 1 ? 'has' : 'have'} conflicts`,
      `Resolve them, \`git add\` them, then run ${options.command} --continue (or undo it all with npx release-process abort)`,
    );
  }
  return plannedChange(change, REVERT_JOURNAL, { edits: [], deletes: [], notices: [] }, await revertSteps(change, work, options), {
    outcome: outcomeOf(work),
  });
}

/**
 * The reverts still to do, newest first, within the projects' folders; then the changelogs as they were
 * before the rollback (the revert takes the release's section out; it is kept, marked [YANKED]), one
 * commit, and the tag. A `--continue` killed between its commit and its tag finds the commit made: it only tags.
 */
async function revertSteps(change: RepositoryChange, work: RevertWork, options: RevertOptions): Promise<PlannedStep[]> {
  const repo = change.repo;
  const message = revertMessage(work);
  const tagStep = step('tag', `tag ${work.newTag}`, async () => {
    if (!(await refExists(repo, `refs/tags/${work.newTag}`)))
      await createAnnotatedTag(repo, work.newTag, rollbackTagSubject(work.tag, work.note.previous, work.note.reason));
  });
  const headCommit = await resolveCommit(repo, 'HEAD');
  // One git run for both; by hash, since HEAD may be the tagged commit itself (git lists it once).
  const subjects = new Map(
    (await readCommits(repo, [headCommit, ...work.reverted])).map((commit) => [commit.hash, commit.message.split('\n')[0]]),
  );
  if (subjects.get(headCommit) === message.split('\n')[0]) return [tagStep];
  const lockfile: string[] = [];
  return [
    ...work.reverted.slice(work.next).map((commit, offset) =>
      step(
        'revert',
        `revert ${commit.slice(0, 7)} "${subjects.get(commit) ?? ''}" within ${work.roots.join(', ') || 'the repository'}`,
        async () => {
          try {
            await revertWithoutCommit(repo, commit, work.roots, work.intentFolders ?? []);
          } catch (error) {
            change.remember({ ...work, next: work.next + offset + 1 });
            const conflicted = await unmergedPaths(repo).catch(() => []);
            throw new PausedChange(
              `reverting ${commit.slice(0, 7)} of ${work.tag} conflicts${conflicted.length ? ` in ${conflicted.join(', ')}` : ''}: ${reasonOf(error)}`,
              `Resolve the marked files and \`git add\` them, then run \`${options.command} --continue\`; or undo everything with \`npx release-process abort\` (it needs no Nx, which cannot read a file with conflict markers)`,
            );
          }
        },
      ),
    ),
    step('write', `mark ${work.tag} rolled back in ${work.changelogs.join(', ')}`, async () => {
      writeEditsToDisk(repo.root, rollbackEdits(gitRefReader(repo.root, work.from), work.changelogs, work.note));
      for (const kept of lockfilesToKeep(repo.root, work.roots)) if (await kept.update()) lockfile.push(kept.path);
    }),
    step('commit', `commit "${message.split('\n')[0]}"`, () => commitPaths(repo, [...work.changelogs, ...lockfile], message)),
    tagStep,
  ];
}

function outcomeOf(work: RevertWork): string {
  return `Reverted ${work.tag} and tagged it ${work.newTag}. Then move users back with: release-process rollback ${work.tag} (push, registries, forge release)`;
}

function revertMessage(work: RevertWork): string {
  const back = work.note.previous ? ` to ${work.note.previous}` : '';
  const reverts = work.reverted.map((commit) => `This reverts commit ${commit}.`).join('\n');
  return `revert: roll back ${work.tag}${back}\n\n${work.note.reason}\n\n${reverts}`;
}

/** `--abort`: puts back what an interrupted revert left. */
export async function abortRevert(options: { path: string; command: string }): Promise<string> {
  const change = await RepositoryChange.start(options.path, options.command, true);
  const done = await change.abort();
  return done === null
    ? 'No interrupted rollback here: nothing to undo.'
    : `Undid the interrupted rollback: ${done.join('; ') || 'it had changed nothing yet'}.`;
}

function rollbackEdits(files: ReleaseFileReader, changelogs: string[], note: RollbackNote): FileEdit[] {
  return changelogs.map((path) => ({ path, content: addRollbackNote(files.read(path, 'utf-8'), note) }));
}
