import type { GeneratorCallback, Tree } from '@nx/devkit';
import { say } from '../../adapters/terminal';
import { abortRevert, planRevert } from '../../use-cases/revert';
import { invocation } from '../lib/invocation';
import { changeThroughTree } from '../lib/planned-change';
import type { RollbackGeneratorSchema } from './schema';

/**
 * `nx g rollback v1.2.0 --reason "..."`: reverts every commit the release brought to its projects, records
 * the rollback in the changelogs, commits, and tags the revert `v1.2.0-rollback` (use-cases/revert.ts). A
 * conflict stops it for the user to resolve; `--continue` then reverts the rest, `--abort` puts it all back.
 */
export default async function rollbackGenerator(tree: Tree, schema: RollbackGeneratorSchema): Promise<GeneratorCallback | void> {
  const command = invocation(schema, 'rollback');
  if (schema.abort) return async () => say(await abortRevert({ path: tree.root, command }));
  const change = await planRevert({ path: tree.root, tag: schema.tag, reason: schema.reason, continue: schema.continue, command });
  return changeThroughTree(tree, change, 'rollback');
}
