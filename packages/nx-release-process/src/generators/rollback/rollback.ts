import { join, relative, sep } from 'node:path';
import type { GeneratorCallback, Tree } from '@nx/devkit';
import { INTENT_FOLDERS } from '../../adapters/release-intents';
import { lockfilesToKeep } from '../../adapters/package-managers';
import { gitRefReader } from '../../adapters/file-readers';
import { writeEditsToDisk } from '../../adapters/files';
import { listTagsMergedInto, readCommits, resolveCommit, type Repository } from '../../adapters/git';
import {
  assertCleanWorkingTree,
  assertValidRefName,
  commitPaths,
  createAnnotatedTag,
  refExists,
  restorePaths,
  revertWithoutCommit,
  commitsOfRelease,
  unmergedPaths,
} from '../../adapters/git-operations';
import { loadReleaseWorkspace } from '../../adapters/release-workspace';
import type { FileEdit, ReleaseFileReader } from '../../core/release-edits';
import { ReleaseProcessError } from '../../core/release-error';
import { rollbackTagSubject } from '../../core/release-status';
import { previousRelease, projectsOfTag, rollbackTag } from '../../core/tagged-release';
import { changelogPath } from '../../core/changelog-file';
import { addRollbackNote, type RollbackNote } from '../../core/rollback-note';
import { releaseDate } from '../../adapters/clock';
import { GeneratorChange, invocation, PausedChange } from '../lib/change';
import { writeEdits } from '../lib/write-edits';
import type { RollbackGeneratorSchema } from './schema';
import { say } from '../../adapters/terminal';

/** What a rollback reverts and writes: kept in the lock's record, so `--continue` goes on from a conflict. */
interface RollbackWork {
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
  /** The commit the rollback started from: its changelogs still have the release's section. */
  from: string;
}

/**
 * `nx g rollback v1.2.0 --reason "..."` reverts every commit the release
 * brought to its projects (for an independent project's tag, only its own files), records the rollback in
 * the changelogs, commits, and tags the revert `v1.2.0-rollback`. A conflict stops it for the user to
 * resolve; `--continue` then reverts the rest, `--abort` puts everything back.
 */
export default async function rollbackGenerator(tree: Tree, schema: RollbackGeneratorSchema): Promise<GeneratorCallback | void> {
  const command = invocation(schema, 'rollback');
  const change = await GeneratorChange.start(tree.root, command, schema.abort || schema.continue);
  if (schema.abort) return () => abortRollback(change);
  if (schema.continue) return continueRollback(change, command);
  if (!schema.tag)
    throw new ReleaseProcessError('a rollback needs the release tag to roll back', `Pass it first: ${command} v1.2.0 --reason "…"`);
  if (!schema.reason?.trim()) throw new ReleaseProcessError('a rollback needs a reason', 'Pass --reason "what went wrong"');
  const release = await loadReleaseWorkspace({ path: tree.root });
  const workspace: Repository = change.repo;
  const tagged = projectsOfTag(release.groups, schema.tag);
  const released = await resolveCommit(workspace, schema.tag);
  const newTag = rollbackTag(schema.tag);
  if (await refExists(workspace, `refs/tags/${newTag}`)) {
    throw new ReleaseProcessError(`${schema.tag} is already rolled back (tag ${newTag} exists)`, 'Nothing to do');
  }
  await assertValidRefName(workspace, 'tag', newTag);
  await assertCleanWorkingTree(workspace);
  const base = await change.base();
  const previousTag = previousRelease(await listTagsMergedInto(workspace, released), tagged, schema.tag);
  const roots = release.projects.filter((project) => tagged.projects.includes(project.name)).map((project) => project.root);
  const changelogs = roots.map(changelogPath);
  // Everything the release brought to its projects since the previous release, not just the commit tagged.
  const reverted = await commitsOfRelease(workspace, previousTag?.commit ?? null, released, roots);
  const work: RollbackWork = {
    tag: schema.tag,
    newTag,
    roots,
    intentFolders: Object.values(INTENT_FOLDERS).map((folder) =>
      relative(workspace.root, join(release.workspace.root, folder)).split(sep).join('/'),
    ),
    changelogs,
    note: {
      version: tagged.version,
      previous: previousTag?.version ?? null,
      reason: (schema.reason as string).trim(),
      date: releaseDate(),
      reverted,
    },
    reverted,
    next: 0,
    from: base.commit,
  };
  const edits = { edits: rollbackEdits(tree, changelogs, work.note), notices: [] };
  // The revert moves versions back: the lockfiles go with them, as their tools write them.
  const lockfiles = lockfilesToKeep(workspace.root, roots);
  for (const lockfile of lockfiles) await lockfile.verify();
  // The reverts change the reverted commits' files inside the projects (not their intents): the undo's to put back.
  const within = (path: string) => roots.some((root) => root === '' || path.startsWith(`${root}/`));
  const intents = (path: string) => (work.intentFolders ?? []).some((folder) => path.startsWith(`${folder}/`));
  await change.record({
    base,
    tags: [newTag],
    paths: [...edits.edits.map((edit) => edit.path), ...lockfiles.map((lockfile) => lockfile.path)],
    commits: [rollbackMessage(work).split('\n')[0]],
    touches: [...new Set((await readCommits(workspace, reverted)).flatMap((commit) => commit.files))].filter(
      (path) => within(path) && !intents(path),
    ),
    recovery: `${command} --continue (after resolving) or --abort`,
    resume: { ...work },
  });
  await change.wrote(edits.edits);
  const paths = writeEdits(tree, edits);

  return () =>
    change.run(async () => {
      // Nx has just written the notes; the revert must apply to the files as committed, so put them back first.
      await restorePaths(workspace, paths);
      await revertAndTag(change, work, command);
    });
}

/** `--continue` after a conflict was resolved and `git add`ed: reverts the commits left, then commits and tags. */
async function continueRollback(change: GeneratorChange, command: string): Promise<GeneratorCallback> {
  const work = change.resume as RollbackWork | null;
  if (!work?.newTag) {
    change.lock.release();
    throw new ReleaseProcessError(
      'no rollback stopped on a conflict here: nothing to continue',
      `Start one with ${command} <tag> --reason "…"`,
    );
  }
  const conflicted = await unmergedPaths(change.repo);
  if (conflicted.length > 0) {
    change.lock.keepForRecovery();
    throw new ReleaseProcessError(
      `${conflicted.join(', ')} still ${conflicted.length === 1 ? 'has' : 'have'} conflicts`,
      `Resolve them, \`git add\` them, then run ${command} --continue (or undo it all with npx release-process abort)`,
    );
  }
  return () => change.run(() => revertAndTag(change, work, command));
}

/**
 * Reverts what is left of the release and commits (`revertAndCommit`), then tags the revert; a run that
 * finds its commit made already (killed before the tag) only tags.
 */
async function revertAndTag(change: GeneratorChange, work: RollbackWork, command: string): Promise<void> {
  const workspace = change.repo;
  const message = rollbackMessage(work);
  // A --continue killed between its commit and its tag left the commit made: it only tags, when run again.
  const [head] = await readCommits(workspace, [await resolveCommit(workspace, 'HEAD')]);
  if (head?.message.split('\n')[0] !== message.split('\n')[0]) await revertAndCommit(change, work, command, message);
  if (!(await refExists(workspace, `refs/tags/${work.newTag}`)))
    await createAnnotatedTag(workspace, work.newTag, rollbackTagSubject(work.tag, work.note.previous, work.note.reason));
  say(
    `Reverted ${work.tag} in ${(await resolveCommit(workspace, 'HEAD')).slice(0, 7)} and tagged it ${work.newTag}. Then move users back with: release-process rollback ${work.tag} (push, npm, GitHub)`,
  );
}

/**
 * Reverts the commits of the release still to revert, newest first, within the projects' folders; a
 * conflict stops here, remembering where, for `--continue`. Then the changelogs as they were before the
 * rollback (the revert takes the release's section out; it is kept, marked [YANKED]), and one commit.
 */
async function revertAndCommit(change: GeneratorChange, work: RollbackWork, command: string, message: string): Promise<void> {
  const workspace = change.repo;
  for (let index = work.next; index < work.reverted.length; index++) {
    const commit = work.reverted[index];
    try {
      await revertWithoutCommit(workspace, commit, work.roots, work.intentFolders ?? []);
    } catch (error) {
      change.remember({ ...work, next: index + 1 });
      const conflicted = await unmergedPaths(workspace).catch(() => []);
      throw new PausedChange(
        `reverting ${commit.slice(0, 7)} of ${work.tag} conflicts${conflicted.length ? ` in ${conflicted.join(', ')}` : ''}: ${(error as Error).message.split('\n')[0]}`,
        `Resolve the marked files and \`git add\` them, then run \`${command} --continue\`; or undo everything with \`npx release-process abort\` (it needs no Nx, which cannot read a file with conflict markers)`,
      );
    }
  }
  writeEditsToDisk(workspace.root, rollbackEdits(gitRefReader(workspace.root, work.from), work.changelogs, work.note));
  const lockfile: string[] = [];
  for (const kept of lockfilesToKeep(workspace.root, work.roots)) if (await kept.update()) lockfile.push(kept.path);
  await commitPaths(workspace, [...work.changelogs, ...lockfile], message);
}

function rollbackMessage(work: RollbackWork): string {
  const back = work.note.previous ? ` to ${work.note.previous}` : '';
  const reverts = work.reverted.map((commit) => `This reverts commit ${commit}.`).join('\n');
  return `revert: roll back ${work.tag}${back}\n\n${work.note.reason}\n\n${reverts}`;
}

async function abortRollback(change: GeneratorChange): Promise<void> {
  const done = await change.abort();
  say(
    done === null
      ? 'No interrupted rollback here: nothing to undo.'
      : `Undid the interrupted rollback: ${done.join('; ') || 'it had changed nothing yet'}.`,
  );
}

function rollbackEdits(files: ReleaseFileReader, changelogs: string[], note: Parameters<typeof addRollbackNote>[1]): FileEdit[] {
  return changelogs.map((path) => ({ path, content: addRollbackNote(files.read(path, 'utf-8'), note) }));
}
