import type { GeneratorCallback, Tree } from '@nx/devkit';
import { diskReader } from '../../adapters/file-readers';
import { writeEditsToDisk } from '../../adapters/files';
import { listTagsMergedInto, resolveCommit, type Repository } from '../../adapters/git';
import {
  assertCleanWorkingTree,
  assertValidRefName,
  commitPaths,
  createAnnotatedTag,
  refExists,
  restorePaths,
  revertWithoutCommit,
  commitsOfRelease,
} from '../../adapters/git-operations';
import { loadReleaseWorkspace } from '../../adapters/release-workspace';
import type { FileEdit, ReleaseFileReader } from '../../core/release-edits';
import { ReleaseProcessError } from '../../core/release-error';
import { previousRelease, projectsOfTag, rollbackTag } from '../../core/tagged-release';
import { changelogPath } from '../../core/changelog-file';
import { addRollbackNote } from '../../core/rollback-note';
import { releaseDate } from '../../adapters/clock';
import { GeneratorChange, PausedChange } from '../lib/change';
import { writeEdits } from '../lib/write-edits';
import type { RollbackGeneratorSchema } from './schema';
import { say } from '../../adapters/terminal';

/**
 * `nx g rollback v1.2.0 --reason "..."` (the seed's Rollback Procedure): reverts the commit the tag
 * points to (for an independent project's tag, only its own files), records the rollback in the
 * changelogs, commits, and tags the revert `v1.2.0-rollback`.
 */
export default async function rollbackGenerator(tree: Tree, schema: RollbackGeneratorSchema): Promise<GeneratorCallback | void> {
  const change = await GeneratorChange.start(tree.root, 'rollback', schema.abort);
  if (schema.abort) return () => abortRollback(change);
  if (!schema.tag)
    throw new ReleaseProcessError('a rollback needs the release tag to roll back', 'Pass it first: nx g rollback v1.2.0 --reason "…"');
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
  const previous = previousTag?.version ?? null;
  const roots = release.projects.filter((project) => tagged.projects.includes(project.name)).map((project) => project.root);
  const changelogs = roots.map(changelogPath);
  // Everything the release brought to its projects since the previous release, not just the commit tagged.
  const reverted = await commitsOfRelease(workspace, previousTag?.commit ?? null, released, roots);
  const note = {
    version: tagged.version,
    previous,
    reason: (schema.reason as string).trim(),
    date: releaseDate(),
    reverted,
  };
  const edits = { edits: rollbackEdits(tree, changelogs, note), notices: [] };
  const pending = {
    base,
    tags: [newTag],
    paths: edits.edits.map((edit) => edit.path),
    recovery: 'nx g nx-release-process:rollback --abort',
  };
  await change.record(pending);
  const paths = writeEdits(tree, edits);

  return () =>
    change.run(async () => {
      // Nx has just written the notes; the revert must apply to the files as committed, so put them back first.
      await restorePaths(workspace, paths);
      // The changelogs as they are before the revert: the revert takes out the release's section, which is kept, marked [YANKED].
      const before = diskReader(workspace.root);
      const notes = rollbackEdits(before, changelogs, note);
      for (const commit of reverted) {
        try {
          await revertWithoutCommit(workspace, commit, roots);
        } catch (error) {
          throw new PausedChange(
            `reverting ${commit.slice(0, 7)} of ${schema.tag} conflicts: ${(error as Error).message.split('\n')[0]}`,
            'Undo everything with `nx g nx-release-process:rollback --abort`, then revert that commit by hand (it clashes with a later change) and roll back again; or resolve the marked files, commit and tag the result yourself',
          );
        }
      }
      writeEditsToDisk(workspace.root, notes);
      const back = previous ? ` to ${previous}` : '';
      const message = `revert: roll back ${schema.tag}${back}\n\n${note.reason}\n\n${reverted.map((commit) => `This reverts commit ${commit}.`).join('\n')}`;
      const commit = await commitPaths(workspace, changelogs, message);
      await createAnnotatedTag(workspace, newTag, `Rollback${back ? back : ` of ${schema.tag}`}: ${note.reason}`);
      say(
        `Reverted ${schema.tag} in ${commit.slice(0, 7)} and tagged it ${newTag}. Then move users back with: release-process rollback ${schema.tag} (push, npm, GitHub)`,
      );
    });
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
