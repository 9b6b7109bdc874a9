import type { Argv } from 'yargs';
import { writeOut } from '../../adapters/terminal';
import { abortPrepare, planPrepare } from '../../use-cases/prepare';
import { carryOut, progress, withPlanOptions } from '../options';

export const command = 'prepare';
export const describe =
  'Create release/vX.Y.Z: every version file, the changelogs and the release notes, committed as "chore: prepare release vX.Y.Z" (what nx g release-branch does, with or without Nx)';

export function builder<T>(argv: Argv<T>) {
  return withPlanOptions(argv)
    .option('project', { alias: 'projects', type: 'string', array: true, describe: 'Projects to release (their dependents join)' })
    .option('bump', { choices: ['major', 'minor', 'patch'] as const, describe: 'Release the chosen projects with this bump' })
    .option('branch', { type: 'string', describe: 'Branch name template with {tag}, {tags}, {version}, {date}' })
    .option('notes-file', { type: 'string', default: 'RELEASE_NOTES.md', describe: 'Release notes file to write' })
    .option('workspace-changelog', { type: 'string', describe: 'Also prepend every release to this changelog' })
    .option('dry-run', { type: 'boolean', describe: 'List the files, the branch and the commit it would make' })
    .option('abort', { type: 'boolean', describe: 'Undo a prepare that was killed half-way: files, branch and HEAD back as before' })
    .option('json', { type: 'boolean', describe: 'Print the steps as JSON' });
}

type Args = Awaited<ReturnType<typeof builder>['argv']>;

export async function handler(args: Args): Promise<void> {
  const invokedAs = 'release-process prepare';
  if (args.abort) return progress(await abortPrepare({ path: args.path, command: invokedAs }));
  const change = await planPrepare({
    path: args.path,
    projects: args.project,
    from: args.from,
    to: args.to,
    preid: args.preid,
    promote: args.promote,
    bump: args.bump,
    branch: args.branch,
    notesFile: args.notesFile,
    workspaceChangelog: args.workspaceChangelog,
    command: invokedAs,
    log: progress,
  });
  const steps = await carryOut(change, args.dryRun);
  if (args.json) writeOut(`${JSON.stringify({ steps }, null, 2)}\n`);
}
