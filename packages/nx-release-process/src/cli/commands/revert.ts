import type { Argv } from 'yargs';
import { runGeneratorOnDisk } from '../../adapters/generator-on-disk';
import rollbackGenerator from '../../generators/rollback/rollback';
import { progress, withPath } from '../options';

export const command = 'revert [tag]';
export const describe =
  'Revert a release in the repository: its commits reverted, the changelogs marked, tagged <tag>-rollback (what nx g rollback does, with or without Nx); then `rollback <tag>` moves users back';

export function builder<T>(argv: Argv<T>) {
  return withPath(argv)
    .positional('tag', { type: 'string', describe: 'The release tag to roll back, e.g. v1.2.0' })
    .option('reason', { type: 'string', describe: 'What went wrong, for the changelog, the tag and the notice' })
    .option('dry-run', { type: 'boolean', describe: 'List the files it would write' })
    .option('continue', { type: 'boolean', describe: 'Go on after a revert conflict was resolved and git added' })
    .option('abort', { type: 'boolean', describe: 'Undo a revert that stopped or was killed half-way' });
}

type Args = Awaited<ReturnType<typeof builder>['argv']>;

export async function handler(args: Args): Promise<void> {
  await runGeneratorOnDisk(
    args.path,
    rollbackGenerator,
    {
      tag: args.tag as string,
      reason: args.reason,
      continue: args.continue,
      abort: args.abort,
      invokedAs: 'release-process revert',
    },
    { dryRun: args.dryRun, log: progress },
  );
}
