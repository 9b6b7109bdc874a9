import type { GeneratorCallback, Tree } from '@nx/devkit';
import { say } from '../../adapters/terminal';
import { abortHotfix, planHotfix } from '../../use-cases/hotfix';
import { invocation } from '../lib/invocation';
import { changeThroughTree } from '../lib/planned-change';
import type { HotfixGeneratorSchema } from './schema';

/**
 * `nx g hotfix v1.2.0 --commits abc123`: hotfix/v1.2.1 from the tag, the commits cherry-picked, the patch
 * version in every version file, the changelog, and `fix: ...` (use-cases/hotfix.ts). The tree shows the
 * files as they will be; the steps run in the callback.
 */
export default async function hotfixGenerator(tree: Tree, schema: HotfixGeneratorSchema): Promise<GeneratorCallback | void> {
  const command = invocation(schema, 'hotfix');
  if (schema.abort) return async () => say(await abortHotfix({ path: tree.root, tag: schema.tag, command }));
  const change = await planHotfix({
    path: tree.root,
    tag: schema.tag,
    commits: schema.commits,
    description: schema.description,
    continue: schema.continue,
    command,
  });
  return changeThroughTree(tree, change, 'hotfix');
}
