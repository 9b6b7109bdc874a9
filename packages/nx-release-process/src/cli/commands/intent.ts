import type { Argv } from 'yargs';
import type { Bump } from '../../core/bump';
import { ReleaseProcessError } from '../../core/release-error';
import { addIntent, intentStatus } from '../../use-cases/intents';
import { progress, withPath } from '../options';
import { writeOut } from '../../adapters/terminal';

export const command = 'intent <action>';
export const describe = 'Write a release intent (a changeset or an Nx version plan), or see which changed projects have none';

export function builder<T>(argv: Argv<T>) {
  return withPath(argv)
    .positional('action', { choices: ['add', 'status'] as const, demandOption: true, describe: 'add: write one; status: check the change' })
    .option('project', { alias: 'projects', type: 'string', array: true, describe: 'add: the projects it names' })
    .option('bump', { choices: ['major', 'minor', 'patch'] as const, describe: 'add: the level it asks for' })
    .option('message', { alias: 'm', type: 'string', describe: 'add: the summary, as the notes will show it' })
    .option('format', { choices: ['changeset', 'version-plan'] as const, describe: 'add: default the format the workspace uses' })
    .option('since', { type: 'string', describe: 'status: the branch the change merges into (default: baseBranch, origin default, main)' })
    .option('dry-run', { type: 'boolean', describe: 'add: print the file instead of writing it' })
    .option('json', { type: 'boolean', describe: 'Print the result as JSON' });
}

type Args = Awaited<ReturnType<typeof builder>['argv']>;

export async function handler(args: Args): Promise<void> {
  if (args.action === 'add') {
    const added = await addIntent({
      path: args.path,
      projects: args.project ?? [],
      bump: args.bump as Bump,
      message: args.message ?? '',
      format: args.format,
      dryRun: args.dryRun,
      log: progress,
    });
    if (args.json) writeOut(`${JSON.stringify(added, null, 2)}\n`);
    return;
  }
  const status = await intentStatus({ path: args.path, since: args.since, projects: args.project, log: progress });
  if (args.json) writeOut(`${JSON.stringify(status, null, 2)}\n`);
  if (!status.ok) {
    throw new ReleaseProcessError(
      `${status.missing.join(', ')} changed since ${status.base} without a release intent, and intents are required`,
      `Add one: release-process intent add --project ${status.missing[0]} --bump patch -m "…"`,
    );
  }
}
