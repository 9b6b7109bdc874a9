import type { GeneratorCallback, Tree } from '@nx/devkit';

type Generator<S> = (tree: Tree, schema: S) => Promise<GeneratorCallback | void>;

interface NxTreeModule {
  FsTree: new (root: string, isVerbose: boolean) => Tree;
  flushChanges(root: string, changes: ReturnType<Tree['listChanges']>): void;
}

/**
 * Runs one of the plugin's generators on a repository without Nx, as `nx g` does: the generator writes
 * into a tree over the disk, the changes are listed (and only listed on a dry run), written, then its
 * callback (the git steps) runs. The same code as `nx g`, so both ways of running it behave alike.
 */
export async function runGeneratorOnDisk<S>(
  root: string,
  generator: Generator<S>,
  schema: S,
  options: { dryRun?: boolean; log: (line: string) => void },
): Promise<void> {
  // Nx's own tree, the one `nx g` writes through; loaded on use, as only these commands need it.
  const { FsTree, flushChanges } = require('nx/src/generators/tree') as NxTreeModule;
  const tree = new FsTree(root, false);
  const callback = await generator(tree, schema);
  const changes = tree.listChanges();
  for (const change of changes) options.log(`${options.dryRun ? '[dry-run] would ' : ''}${change.type.toLowerCase()} ${change.path}`);
  if (options.dryRun) {
    options.log('[dry-run] nothing was changed');
    return;
  }
  flushChanges(root, changes);
  if (callback) await callback();
}
