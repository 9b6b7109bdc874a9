import { logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { assertCleanWorkingTree, assertNewBranch, checkoutNewBranch, commitPaths, currentBranch } from '../../adapters/git-operations';
import { planReleaseEdits } from '../../core/release-edits';
import { ReleaseProcessError } from '../../core/release-error';
import { prepareCommitMessage, releaseBranchName } from '../../core/release-naming';
import { versionFilePatternsFrom } from '../../core/release-options';
import { releaseDate } from '../../adapters/clock';
import { planForTree } from '../lib/plan-for-tree';
import { writeEdits } from '../lib/write-edits';
import type { ReleaseBranchGeneratorSchema } from './schema';

/**
 * `nx g release-branch` (the seed's "Prepare Release" and "Create Release Branch"): plans the release,
 * writes every version file, changelog and the release notes through the tree, then, once Nx has
 * written them, creates `release/vX.Y.Z` and commits `chore: prepare release vX.Y.Z`.
 */
export default async function releaseBranchGenerator(tree: Tree, schema: ReleaseBranchGeneratorSchema): Promise<GeneratorCallback> {
  const release = await planForTree(tree, schema);
  const released = release.plan.projects.filter((project) => project.nextVersion);
  if (released.length === 0) {
    throw new ReleaseProcessError('nothing to release', 'See `release-process plan` for why, or pass --bump to release anyway');
  }
  const date = releaseDate();
  const branch = releaseBranchName(released, date, schema.branch);
  const workspace = { root: release.workspace.root };
  await assertCleanWorkingTree(workspace);
  await currentBranch(workspace);
  await assertNewBranch(workspace, branch);

  const edits = await planReleaseEdits(release.plan, tree, {
    date,
    links: release.links,
    versionFiles: true,
    versionFilePatterns: versionFilePatternsFrom(release.workspace.options),
    changelog: true,
    workspaceChangelog: schema.workspaceChangelog,
    releaseNotes: schema.notesFile ?? 'RELEASE_NOTES.md',
  });
  const paths = writeEdits(tree, edits);
  const message = prepareCommitMessage(released);

  // Runs only after Nx has written the files, and never on --dry-run.
  return async () => {
    await checkoutNewBranch(workspace, branch);
    const commit = await commitPaths(workspace, paths, message);
    logger.info(`Created ${branch} with "${message}" (${commit.slice(0, 7)}).`);
  };
}
