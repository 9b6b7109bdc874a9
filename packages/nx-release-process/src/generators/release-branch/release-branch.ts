import { join, relative, sep } from 'node:path';
import type { GeneratorCallback, Tree } from '@nx/devkit';
import type { WorkspaceRelease } from '../../adapters/release-workspace';
import { consumedIntents } from '../../core/release-intents';
import { lockfilesToKeep } from '../../adapters/package-managers';
import { assertCleanWorkingTree, assertNewBranch, assertValidRefName, checkoutNewBranch, commitPaths } from '../../adapters/git-operations';
import { planReleaseEdits } from '../../core/release-edits';
import { ReleaseProcessError } from '../../core/release-error';
import { prepareCommitMessage, releaseBranchName } from '../../core/release-naming';
import { versionFilePatternsFrom } from '../../core/release-options';
import { nxReleaseSettings } from '../../core/nx-release-settings';
import { selectsProject } from '../../adapters/workspace';
import { releaseDate } from '../../adapters/clock';
import { GeneratorChange, invocation } from '../lib/change';
import { planForTree } from '../lib/plan-for-tree';
import { writeEdits } from '../lib/write-edits';
import type { ReleaseBranchGeneratorSchema } from './schema';
import { say } from '../../adapters/terminal';

/**
 * `nx g release-branch`: plans the release,
 * writes every version file, changelog and the release notes through the tree, then, once Nx has
 * written them, creates `release/vX.Y.Z` and commits `chore: prepare release vX.Y.Z`. Everything is
 * checked before the first write; a failure after it puts the files and branches back, and a run killed
 * half-way is undone by `--abort`.
 */
export default async function releaseBranchGenerator(tree: Tree, schema: ReleaseBranchGeneratorSchema): Promise<GeneratorCallback | void> {
  const command = invocation(schema, 'release-branch');
  const change = await GeneratorChange.start(tree.root, command, schema.abort);
  if (schema.abort) return () => abortReleaseBranch(change);
  const release = await planForTree(tree, schema);
  const released = release.plan.projects.filter((project) => project.nextVersion);
  if (released.length === 0) {
    throw new ReleaseProcessError('nothing to release', 'See `release-process plan` for why, or pass --bump to release anyway');
  }
  const date = releaseDate();
  const branch = releaseBranchName(released, date, schema.branch);
  const repo = change.repo;
  await assertValidRefName(repo, 'branch', branch);
  const base = await change.base();
  await assertNewBranch(repo, branch);

  // An nx release setup's changelog switches and commit message carry over.
  const settings = nxReleaseSettings(release.workspace.release as Record<string, unknown>);
  const edits = await planReleaseEdits(release.plan, tree, {
    date,
    links: release.links,
    versionFiles: true,
    versionFilePatterns: versionFilePatternsFrom(release.workspace.options),
    selectsProject: (patterns, project) => selectsProject(release.workspace, patterns, project),
    changelog: settings.projectChangelogs,
    workspaceChangelog: schema.workspaceChangelog ?? settings.workspaceChangelog,
    releaseNotes: schema.notesFile ?? 'RELEASE_NOTES.md',
  });
  // The drafts of `nx g changelog` / `nx g release-notes` (the README's order) may be uncommitted: the commit takes them.
  await assertCleanWorkingTree(repo, edits.drafts);
  // The lockfiles go with the versions, as their tools write them: a frozen install passes on the release commit.
  const lockfiles = lockfilesToKeep(
    tree.root,
    release.workspace.projects.map((project) => project.root),
  );
  for (const lockfile of lockfiles) await lockfile.verify();
  const lockfile = lockfiles.map((kept) => kept.path);
  const message = prepareCommitMessage(released, settings.commitMessage);
  const pending = {
    base,
    branch,
    paths: [...edits.edits.map((edit) => edit.path), ...consumedIntentPaths(release), ...lockfile],
    drafts: edits.drafts,
    commits: [message.split('\n')[0]],
    recovery: `${command} --abort`,
  };
  await change.record(pending);
  await change.wrote(edits.edits);
  // Said before Nx writes, so a --dry-run names the branch and the commit it would make too.
  say(`release-branch: ${branch} from ${base.branch}, then "${message}"`);
  // The intents this release ships are consumed in its commit, as `changeset version` does.
  const consumed = consumedIntentPaths(release);
  for (const path of consumed) tree.delete(path);
  const paths = [...writeEdits(tree, edits), ...edits.drafts, ...consumed];

  // Runs only after Nx has written the files, and never on --dry-run.
  return () =>
    change.run(async () => {
      await checkoutNewBranch(repo, branch);
      for (const kept of lockfiles) await kept.update();
      const commit = await commitPaths(repo, [...paths, ...lockfile], message);
      say(`Created ${branch} with "${message}" (${commit.slice(0, 7)}).`);
    });
}

/** The intent files the release consumes, relative to the workspace root as the tree names files. */
function consumedIntentPaths(release: WorkspaceRelease): string[] {
  const released = release.plan.projects.filter((project) => project.nextVersion).map((project) => project.name);
  return consumedIntents(released, release.intents.projectsOf).map((file) =>
    relative(release.workspace.root, join(release.repository.root, file)).split(sep).join('/'),
  );
}

async function abortReleaseBranch(change: GeneratorChange): Promise<void> {
  const done = await change.abort();
  say(
    done === null
      ? 'No interrupted release-branch run here: nothing to undo.'
      : `Undid the interrupted release-branch run: ${done.join('; ') || 'it had changed nothing yet'}.`,
  );
}
