import type { Argv } from 'yargs';
import type { PlanRequest } from '../adapters/release-workspace';
import type { StepRecord } from '../adapters/step-journal';
import type { PlannedChange } from '../use-cases/repository-change';
import { FORGE_CHOICES, type ForgeChoice } from '../adapters/remote-release-clients/forge-from-environment';

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
import { progress } from '../adapters/terminal';

/** `--forge` and `--forge-repository`, for the commands that create, mark or read releases and issues on a forge. */
export function withForge<T>(argv: Argv<T>, what: string) {
  return argv
    .option('forge', {
      choices: FORGE_CHOICES,
      describe: `Where to ${what}: github, gitlab, or none (default: the remote's forge, when its token is set)`,
    })
    .option('forge-repository', {
      alias: 'github-repository',
      type: 'string',
      describe: 'owner/name or group/sub/name (default: GITHUB_REPOSITORY or CI_PROJECT_PATH, else the remote URL)',
    })
    .option('github-release', {
      type: 'boolean',
      hidden: true,
      describe: 'Older spelling: --github-release is --forge github, --no-github-release is --forge none',
    });
}

/** The forge asked for, the older `--[no-]github-release` read as `--forge github|none`. */
export function forgeChoice(args: { forge?: ForgeChoice; githubRelease?: boolean }): ForgeChoice | undefined {
  if (args.forge) return args.forge;
  if (args.githubRelease === undefined) return undefined;
  return args.githubRelease ? 'github' : 'none';
}

/**
 * A planned change through the CLI: no preview to write (the steps write the files), the notices said, then
 * the steps listed (a dry run) or carried out, and the outcome said; returns the steps, for `--json`.
 */
export async function carryOut(change: PlannedChange, dryRun: boolean | undefined): Promise<StepRecord[]> {
  for (const notice of change.preview.notices) progress(notice);
  if (dryRun) {
    const steps = await change.dryRun(progress);
    progress('[dry-run] nothing was changed');
    return steps;
  }
  const steps = await change.apply(progress);
  progress(change.outcome);
  return steps;
}
