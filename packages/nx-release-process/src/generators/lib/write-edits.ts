import type { Tree } from '@nx/devkit';
import { pathInside } from '../../adapters/files';
import type { ReleaseEdits } from '../../core/release-edits';
import { say } from '../../adapters/terminal';

/**
 * Writes planned edits into the tree: Nx shows them on --dry-run and flushes them otherwise. Every path
 * is checked before the first write: none may lead outside the workspace (`--notesFile ../x`, a version
 * file `../../x`, a package.json linked from elsewhere).
 */
export function writeEdits(tree: Tree, { edits, notices }: Pick<ReleaseEdits, 'edits' | 'notices'>): string[] {
  for (const edit of edits) pathInside(tree.root, edit.path, 'file');
  for (const edit of edits) tree.write(edit.path, edit.content);
  for (const notice of notices) say(notice);
  return edits.map((edit) => edit.path);
}
