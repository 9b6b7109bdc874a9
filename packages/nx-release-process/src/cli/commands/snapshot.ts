import type { Argv } from 'yargs';
import { publishSnapshot } from '../../use-cases/snapshot';
import { progress, withPath } from '../options';
import { writeOut } from '../../adapters/terminal';

export const command = 'snapshot';
export const describe =
  'Publish what the next release would release as X.Y.Z-<preid>.<datetime> under the dist-tag <preid>: no commit, no tag, nothing written here';

export function builder<T>(argv: Argv<T>) {
  return withPath(argv)
    .option('preid', { type: 'string', demandOption: true, describe: 'The snapshot name and its dist-tag, e.g. pr-123 or canary' })
    .option('project', { alias: 'projects', type: 'string', array: true, describe: 'Only these projects (and their dependents)' })
    .option('registry', { type: 'string', describe: 'npm registry to publish to (default: npm config)' })
    .option('dry-run', { type: 'boolean', describe: 'Print the versions it would publish' })
    .option('json', { type: 'boolean', describe: 'Print the dist-tag and the published versions as JSON' });
}

type Args = Awaited<ReturnType<typeof builder>['argv']>;

export async function handler(args: Args): Promise<void> {
  const outcome = await publishSnapshot({
    path: args.path,
    preid: args.preid,
    projects: args.project,
    registry: args.registry,
    dryRun: args.dryRun,
    log: progress,
  });
  if (args.json) writeOut(`${JSON.stringify(outcome, null, 2)}\n`);
}
