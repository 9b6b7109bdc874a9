import type { Argv } from 'yargs';
import type { PlanRequest } from '../adapters/release-workspace';

/** `--path`, shared by every command. */
export function withPath<T>(argv: Argv<T>) {
  return argv.option('path', {
    type: 'string',
    default: process.cwd(),
    defaultDescription: 'the working folder',
    describe: 'Folder of the workspace or repository',
  });
}

/** The options that shape a plan: range, candidates, promotion. */
export function withPlanOptions<T>(argv: Argv<T>) {
  return withPath(argv)
    .option('from', { type: 'string', describe: "Start of the range instead of each project's last release tag" })
    .option('to', { type: 'string', describe: 'Commit to release', defaultDescription: 'HEAD' })
    .option('preid', { type: 'string', describe: 'Cut a release candidate: X.Y.Z-<preid>.N (e.g. rc)' })
    .option('promote', { type: 'boolean', describe: 'Turn the current X.Y.Z-rc.N into X.Y.Z' })
    .conflicts('preid', 'promote');
}

export function planRequest(
  args: { path: string; from?: string; to?: string; preid?: string; promote?: boolean },
  projects?: string[],
): PlanRequest {
  return { path: args.path, from: args.from, to: args.to, preid: args.preid, promote: args.promote, projects };
}

/** Progress goes to stderr, so stdout stays the command's answer (`--json`); the one output path strips controls and secrets. */
export { progress } from '../adapters/terminal';
