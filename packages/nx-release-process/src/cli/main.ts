import yargs, { type Argv } from 'yargs';
import { endQuietlyWhenOutputCloses } from '../adapters/terminal';
import { printable } from '../core/printable';
import { environmentSecrets } from '../core/redact';
import { ReleaseProcessError } from '../core/release-error';
import * as notes from './commands/notes';
import * as plan from './commands/plan';
import * as release from './commands/release';
import * as releasePr from './commands/release-pr';
import * as report from './commands/report';
import * as rollback from './commands/rollback';
import * as abort from './commands/abort';
import * as health from './commands/health';
import * as intent from './commands/intent';
import * as snapshot from './commands/snapshot';
import * as prepare from './commands/prepare';
import * as hotfix from './commands/hotfix';
import * as revert from './commands/revert';

/** One module per command (`cli/commands/`), each with its builder and handler; this is the list. */
const COMMANDS = [plan, notes, intent, prepare, release, snapshot, releasePr, hotfix, revert, rollback, report, health, abort];

/** Runs the `release-process` CLI; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  endQuietlyWhenOutputCloses();
  const verbose = argv.includes('--verbose');
  try {
    let cli: Argv = yargs(argv)
      .scriptName('release-process')
      .usage('$0 <command> [options]')
      .option('verbose', { type: 'boolean', describe: 'Show stack traces on errors' });
    for (const { command, describe, builder, handler } of COMMANDS) {
      cli = cli.command(command, describe, builder as (argv: Argv) => Argv, handler as (args: unknown) => Promise<void>);
    }
    await cli
      .demandCommand(
        1,
        `Name a command: ${COMMANDS.slice(0, -1)
          .map(({ command }) => command)
          .join(', ')} or ${COMMANDS[COMMANDS.length - 1].command}`,
      )
      .strict()
      .help()
      .fail((message, error) => {
        throw error ?? new ReleaseProcessError(message ?? 'invalid arguments', 'Run release-process --help for usage');
      })
      .parseAsync();
    return 0;
  } catch (error) {
    process.stderr.write(`release-process: ${printable(describeError(error, verbose), environmentSecrets(process.env))}\n`);
    return 1;
  }
}

function describeError(error: unknown, verbose: boolean): string {
  if (error instanceof ReleaseProcessError) return verbose && error.stack ? error.stack : error.message;
  if (error instanceof Error) return verbose && error.stack ? error.stack : `${error.message} (run with --verbose for details)`;
  return String(error);
}
