import { appendFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import yargs, { type Argv } from 'yargs';
import { writeFileAtomic } from '../adapters/files';
import { collectReleaseReport } from '../use-cases/report';
import { renderDashboard } from '../core/report/render-dashboard';
import { renderSummary } from '../core/report/render-summary';
import { abortRelease, runReleaseStep } from '../use-cases/release';
import type { PlanRequest } from '../adapters/release-workspace';
import { plannedVersions } from '../core/plan-release';
import { planWorkspaceRelease } from '../use-cases/plan-workspace';
import { environmentSecrets, redactSecrets } from '../core/redact';
import { ReleaseProcessError } from '../core/release-error';
import { renderChangelogSection } from '../core/render-changelog';
import { renderReleaseNotes } from '../core/render-release-notes';
import { formatPlan, planJsonChunks } from '../core/render-plan';

interface CommonArgs {
  path: string;
  from?: string;
  to?: string;
  preid?: string;
  promote?: boolean;
  verbose?: boolean;
}

function withPlanOptions<T>(argv: Argv<T>) {
  return argv
    .option('path', {
      type: 'string',
      default: process.cwd(),
      defaultDescription: 'the working folder',
      describe: 'Folder of the workspace or repository',
    })
    .option('from', { type: 'string', describe: "Start of the range instead of each project's last release tag" })
    .option('to', { type: 'string', describe: 'Commit to release', defaultDescription: 'HEAD' })
    .option('preid', { type: 'string', describe: 'Cut a release candidate: X.Y.Z-<preid>.N (e.g. rc)' })
    .option('promote', { type: 'boolean', describe: 'Turn the current X.Y.Z-rc.N into X.Y.Z' })
    .conflicts('preid', 'promote');
}

function planRequest(args: CommonArgs, projects?: string[]): PlanRequest {
  return { path: args.path, from: args.from, to: args.to, preid: args.preid, promote: args.promote, projects };
}

/** Runs the `release-process` CLI; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let verbose = argv.includes('--verbose');
  try {
    await yargs(argv)
      .scriptName('release-process')
      .usage('$0 <command> [options]')
      .option('verbose', { type: 'boolean', describe: 'Show stack traces on errors' })
      .command(
        'plan',
        'Show what would be released: per project the current version, last tag, bump, next version and why',
        (command) =>
          withPlanOptions(command)
            .option('project', {
              type: 'string',
              array: true,
              describe: 'Project(s) to release, with their dependents; names, globs or tag:<tag>',
            })
            .option('json', { type: 'boolean', describe: 'Print the plan as JSON' }),
        async (args) => {
          verbose = Boolean(args.verbose);
          const release = await planWorkspaceRelease(planRequest(args, args.project));
          if (args.json) await writeChunks(process.stdout, planJsonChunks(release));
          else process.stdout.write(`${formatPlan(release)}\n`);
        },
      )
      .command(
        'notes',
        "Print the release notes (or the CHANGELOG.md section) of a project's next release",
        (command) =>
          withPlanOptions(command)
            .option('project', { type: 'string', describe: 'Project whose notes to print', demandOption: false })
            .option('format', {
              choices: ['notes', 'changelog'] as const,
              default: 'notes' as const,
              describe: 'Release notes template or Keep a Changelog section',
            }),
        async (args) => {
          verbose = Boolean(args.verbose);
          // The whole workspace is planned so the notes know which dependencies are released with it.
          const release = await planWorkspaceRelease(planRequest(args));
          const project = chooseProject(release.plan.projects, args.project);
          const context = { links: release.links, versions: plannedVersions(release.plan) };
          const text =
            args.format === 'changelog'
              ? await renderChangelogSection(project, { ...context, date: new Date().toISOString().slice(0, 10) })
              : await renderReleaseNotes(project, context);
          process.stdout.write(text);
        },
      )
      .command(
        'release',
        'Tag the prepared versions, push branch and tags atomically, create GitHub releases, publish npm packages',
        (command) =>
          command
            .option('path', {
              type: 'string',
              default: process.cwd(),
              defaultDescription: 'the working folder',
              describe: 'Folder of the workspace or repository',
            })
            .option('project', { type: 'string', array: true, describe: 'Release only these projects' })
            .option('dry-run', { type: 'boolean', describe: 'Print every step without doing it' })
            .option('remote', { type: 'string', default: 'origin', describe: 'Remote to push to' })
            .option('push', { type: 'boolean', default: true, describe: 'Push the branch and tags (--no-push to keep them local)' })
            .option('github-release', {
              type: 'boolean',
              describe: 'Create GitHub releases (default: when GITHUB_TOKEN is set and the repository is known)',
            })
            .option('github-repository', { type: 'string', describe: 'owner/name (default: GITHUB_REPOSITORY or the remote URL)' })
            .option('publish', {
              type: 'boolean',
              default: true,
              describe: 'Publish npm packages that are not private (--no-publish to skip)',
            })
            .option('registry', { type: 'string', describe: 'npm registry to publish to (default: npm config)' })
            .option('abort', {
              type: 'boolean',
              describe: 'Undo a release that was interrupted before its tags were pushed or its packages published',
            })
            .option('json', { type: 'boolean', describe: 'Print what was released (or, with --abort, the tags removed) as JSON' }),
        async (args) => {
          verbose = Boolean(args.verbose);
          const log = (line: string) => process.stderr.write(`${line}\n`);
          if (args.abort) {
            const removed = await abortRelease({ path: args.path, registry: args.registry, log });
            if (args.json) process.stdout.write(`${JSON.stringify({ removedTags: removed }, null, 2)}\n`);
            return;
          }
          const released = await runReleaseStep({
            path: args.path,
            projects: args.project,
            dryRun: args.dryRun,
            remote: args.remote,
            push: args.push,
            githubRelease: args.githubRelease,
            githubRepository: args.githubRepository,
            publish: args.publish,
            registry: args.registry,
            log,
          });
          if (args.json) process.stdout.write(`${JSON.stringify(released, null, 2)}\n`);
        },
      )
      .command(
        'report',
        'Merge the gate reports into a markdown summary and a self-contained HTML release dashboard',
        (command) =>
          command
            .option('path', {
              type: 'string',
              default: process.cwd(),
              defaultDescription: 'the working folder',
              describe: 'Folder of the workspace',
            })
            .option('out', {
              type: 'string',
              default: 'dist/release-report',
              describe: 'Folder for summary.md and dashboard.html, relative to the workspace root',
            })
            .option('json', { type: 'boolean', describe: 'Print the merged report as JSON instead of markdown' }),
        async (args) => {
          verbose = Boolean(args.verbose);
          const report = await collectReleaseReport(args.path);
          const out = resolve(report.workspace, args.out);
          const summary = renderSummary(report);
          writeFileAtomic(join(out, 'summary.md'), summary);
          writeFileAtomic(join(out, 'dashboard.html'), renderDashboard(report));
          if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, summary);
          process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : summary);
          process.stderr.write(`Wrote ${join(out, 'summary.md')} and ${join(out, 'dashboard.html')}\n`);
        },
      )
      .demandCommand(1, 'Name a command: plan, notes, release or report')
      .strict()
      .help()
      .fail((message, error) => {
        throw error ?? new ReleaseProcessError(message ?? 'invalid arguments', 'Run release-process --help for usage');
      })
      .parseAsync();
    return 0;
  } catch (error) {
    process.stderr.write(`release-process: ${redactSecrets(describeError(error, verbose), environmentSecrets())}\n`);
    return 1;
  }
}

function chooseProject<T extends { name: string; nextVersion: string | null; lastTag: string | null }>(projects: T[], name?: string): T {
  const known = projects.map((project) => project.name).join(', ');
  if (!name && projects.length !== 1) {
    throw new ReleaseProcessError('notes are written for one project', `Pass --project, one of: ${known}`);
  }
  const project = name ? projects.find((candidate) => candidate.name === name) : projects[0];
  if (!project) throw new ReleaseProcessError(`unknown project "${name}" in --project`, `Known releasable projects: ${known}`);
  if (!project.nextVersion) {
    throw new ReleaseProcessError(
      `${project.name} has nothing to release ${project.lastTag ? `since ${project.lastTag}` : ''}`.trim(),
      'Its commits since then are only of types that do not release; see `release-process plan`',
    );
  }
  return project;
}

function describeError(error: unknown, verbose: boolean): string {
  if (error instanceof ReleaseProcessError) return verbose && error.stack ? error.stack : error.message;
  if (error instanceof Error) return verbose && error.stack ? error.stack : `${error.message} (run with --verbose for details)`;
  return String(error);
}

/** Writes pieces of a long output in turn, waiting while the pipe is full so they never pile up in memory. */
async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
  }
}
