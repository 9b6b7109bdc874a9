import { logger, type Tree } from '@nx/devkit';
import type { ReleaseEdits } from '../../core/release-edits';

/** Writes planned edits into the tree: Nx shows them on --dry-run and flushes them otherwise. */
export function writeEdits(tree: Tree, { edits, notices }: ReleaseEdits): string[] {
  for (const edit of edits) tree.write(edit.path, edit.content);
  for (const notice of notices) logger.info(notice);
  return edits.map((edit) => edit.path);
}
