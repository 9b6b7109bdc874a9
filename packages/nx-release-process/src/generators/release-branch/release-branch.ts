import type { GeneratorCallback, Tree } from '@nx/devkit';
import { say } from '../../adapters/terminal';
import { abortPrepare, planPrepare } from '../../use-cases/prepare';
import { invocation } from '../lib/invocation';
import { changeThroughTree } from '../lib/planned-change';
import type { ReleaseBranchGeneratorSchema } from './schema';

/**
 * `nx g release-branch`: every version file, changelog and the release notes written through the tree,
 * then, once Nx has written them, `release/vX.Y.Z` created and `chore: prepare release vX.Y.Z` committed
 * (use-cases/prepare.ts).
 */
export default async function releaseBranchGenerator(tree: Tree, schema: ReleaseBranchGeneratorSchema): Promise<GeneratorCallback | void> {
  const command = invocation(schema, 'release-branch');
  if (schema.abort) return async () => say(await abortPrepare({ path: tree.root, command }));
  const projects = typeof schema.projects === 'string' ? schema.projects.split(',').map((name) => name.trim()) : schema.projects;
  const change = await planPrepare({ ...schema, projects, path: tree.root, command, log: say });
  return changeThroughTree(tree, change, 'release-branch');
}
