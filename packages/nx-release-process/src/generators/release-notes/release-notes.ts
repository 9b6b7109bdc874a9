import type { Tree } from '@nx/devkit';
import { planReleaseEdits } from '../../core/release-edits';
import { ReleaseProcessError } from '../../core/release-error';
import { releaseDate } from '../../adapters/clock';
import { planForTree } from '../lib/plan-for-tree';
import { writeEdits } from '../lib/write-edits';
import type { ReleaseNotesGeneratorSchema } from './schema';

/** `nx g release-notes`: RELEASE_NOTES.md for the next version of the chosen projects. */
export default async function releaseNotesGenerator(tree: Tree, schema: ReleaseNotesGeneratorSchema): Promise<void> {
  const release = await planForTree(tree, schema);
  if (!release.plan.projects.some((project) => project.nextVersion)) {
    throw new ReleaseProcessError('nothing to release, so there are no release notes to write', 'See `release-process plan` for why');
  }
  const edits = await planReleaseEdits(release.plan, tree, {
    date: releaseDate(),
    links: release.links,
    versionFiles: false,
    changelog: false,
    releaseNotes: schema.output ?? 'RELEASE_NOTES.md',
  });
  writeEdits(tree, edits);
}
