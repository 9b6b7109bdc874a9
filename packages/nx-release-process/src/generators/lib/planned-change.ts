import type { GeneratorCallback, Tree } from '@nx/devkit';
import { say } from '../../adapters/terminal';
import type { PlannedChange } from '../../use-cases/repository-change';
import { writeEdits } from './write-edits';

/**
 * A planned change through Nx: the files go into the tree (Nx lists them on --dry-run and writes them
 * otherwise), the steps are named, and the callback (never run on --dry-run) carries them out.
 */
export function changeThroughTree(tree: Tree, change: PlannedChange, name: string): GeneratorCallback {
  for (const path of change.preview.deletes) tree.delete(path);
  writeEdits(tree, change.preview);
  for (const step of change.steps) say(`${name} will ${step.description}`);
  return async () => {
    await change.apply(say, { previewWritten: true });
    say(change.outcome);
  };
}
