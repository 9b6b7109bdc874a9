import type { Argv } from 'yargs';
import { runReleasePr } from '../../use-cases/release-pr';
import { progress, withPath } from '../options';
import { writeOut } from '../../adapters/terminal';

export const command = 'release-pr';
export const describe =
  'Push the prepared release branch and open (or update) a pull request with the notes and gates; release its merge commit';

export function builder<T>(argv: Argv<T>) {
  return withPath(argv)
    .option('base', { type: 'string', describe: 'Branch to merge into (default: the remote default branch, else main)' })
    .option('remote', { type: 'string', default: 'origin', describe: 'Remote to push the branch to' })
    .option('forge', { choices: ['github', 'gitlab'] as const, describe: 'Where to open it (default: from the remote URL)' })
    .option('repository', {
      type: 'string',
      describe: 'owner/name or group/name (default: GITHUB_REPOSITORY, CI_PROJECT_PATH or the remote URL)',
    })
    .option('dry-run', { type: 'boolean', describe: 'Print what it would push, open or update, and change nothing' })
    .option('json', { type: 'boolean', describe: 'Print the request URL and what was done as JSON' });
}

type Args = Awaited<ReturnType<typeof builder>['argv']>;

export async function handler(args: Args): Promise<void> {
  const result = await runReleasePr({
    path: args.path,
    base: args.base,
    remote: args.remote,
    forge: args.forge,
    repository: args.repository,
    dryRun: args.dryRun,
    log: progress,
  });
  if (args.json) writeOut(`${JSON.stringify(result, null, 2)}\n`);
}
