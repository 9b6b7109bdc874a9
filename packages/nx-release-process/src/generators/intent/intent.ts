import type { Tree } from '@nx/devkit';
import { addIntent } from '../../use-cases/intents';
import type { IntentGeneratorSchema } from './schema';

/**
 * `nx g nx-release-process:intent --projects a --bump minor --message "…"`: the same file `release-process
 * intent add` writes, through the tree, so `--dry-run` shows it and nothing asks a question.
 */
export default async function intentGenerator(tree: Tree, schema: IntentGeneratorSchema): Promise<void> {
  const projects = typeof schema.projects === 'string' ? schema.projects.split(',').map((name) => name.trim()) : schema.projects;
  // Decided and checked by the use case; written here, so Nx reports it and honours --dry-run.
  const intent = await addIntent({
    path: tree.root,
    projects,
    bump: schema.bump,
    message: schema.message,
    format: schema.format,
    dryRun: true,
    log: () => undefined,
  });
  tree.write(intent.workspaceFile, intent.text);
}
