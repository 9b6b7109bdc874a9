import type { Argv } from 'yargs';
import { abortInterruptedChange } from '../../use-cases/undo-change';
import { progress, withPath } from '../options';
import { writeOut } from '../../adapters/terminal';

export const command = 'abort';
export const describe =
  'Undo the release-branch, hotfix or rollback run that was interrupted or stopped on a conflict here, without Nx (for when a conflict leaves a file Nx cannot read)';

export function builder<T>(argv: Argv<T>) {
  return withPath(argv).option('json', { type: 'boolean', describe: 'Print what was undone as JSON' });
}

type Args = Awaited<ReturnType<typeof builder>['argv']>;

export async function handler(args: Args): Promise<void> {
  const undone = await abortInterruptedChange(args.path);
  if (args.json) writeOut(`${JSON.stringify({ undone: undone?.done ?? null }, null, 2)}\n`);
  progress(
    undone === null
      ? 'No interrupted run here: nothing to undo.'
      : `Undid the interrupted run (${undone.command}): ${undone.done.join('; ') || 'it had changed nothing yet'}.`,
  );
}
