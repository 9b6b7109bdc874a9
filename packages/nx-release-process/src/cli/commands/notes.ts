import type { Argv } from 'yargs';
import { releaseDate } from '../../adapters/clock';
import { plannedVersions } from '../../core/plan-release';
import { ReleaseProcessError } from '../../core/release-error';
import { renderChangelogSection } from '../../core/render-changelog';
import { renderReleaseNotes } from '../../core/render-release-notes';
import { planWorkspaceRelease } from '../../use-cases/plan-workspace';
import { planRequest, withPlanOptions } from '../options';
import { writeOut } from '../../adapters/terminal';

export const command = 'notes';
export const describe = "Print the release notes (or the CHANGELOG.md section) of a project's next release";

export function builder<T>(argv: Argv<T>) {
  return withPlanOptions(argv)
    .option('project', { type: 'string', describe: 'Project whose notes to print', demandOption: false })
    .option('format', {
      choices: ['notes', 'changelog'] as const,
      default: 'notes' as const,
      describe: 'Release notes template or Keep a Changelog section',
    });
}

type Args = Awaited<ReturnType<typeof builder>['argv']>;

export async function handler(args: Args): Promise<void> {
  // The whole workspace is planned so the notes know which dependencies are released with it.
  const release = await planWorkspaceRelease(planRequest(args));
  const project = chooseProject(release.plan.projects, args.project);
  const context = { links: release.links, versions: plannedVersions(release.plan) };
  const text =
    args.format === 'changelog'
      ? await renderChangelogSection(project, { ...context, date: releaseDate() })
      : await renderReleaseNotes(project, context);
  writeOut(text);
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
