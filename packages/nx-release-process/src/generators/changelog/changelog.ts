import type { Tree } from '@nx/devkit';
import { planReleaseEdits } from '../../core/release-edits';
import { releaseDate } from '../../adapters/clock';
import { nxReleaseSettings } from '../../core/nx-release-settings';
import { planForTree } from '../lib/plan-for-tree';
import { writeEdits } from '../lib/write-edits';
import type { ChangelogGeneratorSchema } from './schema';

/** `nx g changelog`: the next version's Keep a Changelog section in each released project's CHANGELOG.md. */
export default async function changelogGenerator(tree: Tree, schema: ChangelogGeneratorSchema): Promise<void> {
  const release = await planForTree(tree, schema);
  const settings = nxReleaseSettings(release.workspace.release as Record<string, unknown>);
  const edits = await planReleaseEdits(release.plan, tree, {
    date: releaseDate(),
    links: release.links,
    versionFiles: false,
    changelog: settings.projectChangelogs,
    workspaceChangelog: schema.workspaceChangelog ?? settings.workspaceChangelog,
  });
  writeEdits(tree, edits);
}
