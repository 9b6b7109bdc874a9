import type { Argv } from 'yargs';
import { writeOut } from '../../adapters/terminal';
import { abortHotfix, planHotfix } from '../../use-cases/hotfix';
import { carryOut, progress, withPath } from '../options';

export const command = 'hotfix <tag>';
export const describe =
  'Create hotfix/<next tag> from a release tag, cherry-pick the fixes, bump the patch version and commit (what nx g hotfix does, with or without Nx)';

export function builder<T>(argv: Argv<T>) {
  return withPath(argv)
    .positional('tag', { type: 'string', demandOption: true, describe: 'The release tag to fix, e.g. v1.2.0' })
    .option('commits', { type: 'string', array: true, describe: 'Commits to cherry-pick onto the hotfix branch' })
    .option('description', { type: 'string', describe: 'The fix commit message: fix: <description>' })
    .option('dry-run', { type: 'boolean', describe: 'List every step, the files it would write included' })
    .option('continue', { type: 'boolean', describe: 'Go on after a cherry-pick conflict was resolved' })
    .option('abort', { type: 'boolean', describe: 'Undo a hotfix that stopped or was killed half-way' })
    .option('json', { type: 'boolean', describe: 'Print the steps as JSON' });
}

type Args = Awaited<ReturnType<typeof builder>['argv']>;

export async function handler(args: Args): Promise<void> {
  const invokedAs = 'release-process hotfix';
  if (args.abort) return progress(await abortHotfix({ path: args.path, tag: args.tag as string, command: invokedAs }));
  const change = await planHotfix({
    path: args.path,
    tag: args.tag as string,
    commits: args.commits,
    description: args.description,
    continue: args.continue,
    command: invokedAs,
  });
  const steps = await carryOut(change, args.dryRun);
  if (args.json) writeOut(`${JSON.stringify({ steps }, null, 2)}\n`);
}
