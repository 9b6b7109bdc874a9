import type { Argv } from 'yargs';
import { runRollbackStep } from '../../use-cases/rollback';
import { forgeChoice, progress, withForge, withPath } from '../options';
import { writeOut } from '../../adapters/terminal';

export const command = 'rollback <tag>';
export const describe =
  'After `nx g rollback <tag>` (or `release-process revert <tag>`): push the revert and its tag, point npm back to the previous version, deprecate the bad one, yank crates, say how to yank Python packages, mark the GitHub or GitLab release';

export function builder<T>(argv: Argv<T>) {
  return withForge(withPath(argv), 'mark the release rolled back')
    .positional('tag', { type: 'string', demandOption: true, describe: 'The release tag rolled back, e.g. v1.2.0' })
    .option('reason', { type: 'string', describe: 'Why (default: the reason recorded in the rollback tag)' })
    .option('remote', { type: 'string', default: 'origin', describe: 'Remote to push to' })
    .option('push', { type: 'boolean', default: true, describe: 'Push the branch and the rollback tag (--no-push to skip)' })
    .option('publish', { type: 'boolean', default: true, describe: 'Move npm dist-tags back and deprecate (--no-publish to skip)' })
    .option('registry', { type: 'string', describe: 'npm registry (default: npm config)' })
    .option('cargo-registry', { type: 'string', describe: "cargo yank --registry NAME (default: cargo's default registry)" })
    .option('announce', {
      type: 'boolean',
      default: true,
      describe: 'Tell the channels in the plugin options (announcements), with the reason (--no-announce to skip)',
    })
    .option('dry-run', { type: 'boolean', describe: 'Print every step without doing it' })
    .option('json', { type: 'boolean', describe: 'Print the steps taken as JSON' });
}

type Args = Awaited<ReturnType<typeof builder>['argv']>;

export async function handler(args: Args): Promise<void> {
  const outcome = await runRollbackStep({
    path: args.path,
    tag: args.tag as string,
    reason: args.reason,
    remote: args.remote,
    push: args.push,
    publish: args.publish,
    forge: forgeChoice(args),
    forgeRepository: args.forgeRepository,
    registry: args.registry,
    cargoRegistry: args.cargoRegistry,
    dryRun: args.dryRun,
    announce: args.announce,
    log: progress,
  });
  if (args.json) {
    writeOut(`${JSON.stringify({ steps: outcome.steps, byHand: outcome.manual, announcements: outcome.announcements }, null, 2)}\n`);
  }
}
