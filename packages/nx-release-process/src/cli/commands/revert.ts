import type { Argv } from 'yargs';
import { writeOut } from '../../adapters/terminal';
import { abortRevert, planRevert } from '../../use-cases/revert';
import { carryOut, progress, withPath } from '../options';

export const command = 'revert [tag]';
export const describe =
  'Revert a release in the repository: its commits reverted, the changelogs marked, tagged <tag>-rollback (what nx g rollback does, with or without Nx); then `rollback <tag>` moves users back';

export function builder<T>(argv: Argv<T>) {
  return withPath(argv)
    .positional('tag', { type: 'string', describe: 'The release tag to roll back, e.g. v1.2.0' })
    .option('reason', { type: 'string', describe: 'What went wrong, for the changelog, the tag and the notice' })
    .option('dry-run', { type: 'boolean', describe: 'List every step, the files it would write included' })
    .option('continue', { type: 'boolean', describe: 'Go on after a revert conflict was resolved and git added' })
    .option('abort', { type: 'boolean', describe: 'Undo a revert that stopped or was killed half-way' })
    .option('json', { type: 'boolean', describe: 'Print the steps as JSON' });
}

type Args = Awaited<ReturnType<typeof builder>['argv']>;

export async function handler(args: Args): Promise<void> {
  const invokedAs = 'release-process revert';
  if (args.abort) return progress(await abortRevert({ path: args.path, command: invokedAs }));
  const change = await planRevert({ path: args.path, tag: args.tag, reason: args.reason, continue: args.continue, command: invokedAs });
  const steps = await carryOut(change, args.dryRun);
  if (args.json) writeOut(`${JSON.stringify({ steps }, null, 2)}\n`);
}
