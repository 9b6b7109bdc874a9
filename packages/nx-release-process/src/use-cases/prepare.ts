import { rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { writeEditsToDisk } from '../adapters/files';
import { diskReader } from '../adapters/file-readers';
import { lockfilesToKeep } from '../adapters/package-managers';
import { assertCleanWorkingTree, assertNewBranch, assertValidRefName, checkoutNewBranch, commitPaths } from '../adapters/git-operations';
import type { PlanRequest, WorkspaceRelease } from '../adapters/release-workspace';
import { selectsProject } from '../adapters/workspace';
import { releaseDate } from '../adapters/clock';
import type { Bump } from '../core/bump';
import { nxReleaseSettings } from '../core/nx-release-settings';
import { planReleaseEdits } from '../core/release-edits';
import { ReleaseProcessError } from '../core/release-error';
import { consumedIntents } from '../core/release-intents';
import { prepareCommitMessage, releaseBranchName } from '../core/release-naming';
import { versionFilePatternsFrom } from '../core/release-options';
import { planWorkspaceRelease } from './plan-workspace';
import { step, type PlannedStep } from './planned-steps';
import { plannedChange, RepositoryChange, type PlannedChange } from './repository-change';

export interface PrepareOptions extends Pick<PlanRequest, 'path' | 'projects' | 'from' | 'to' | 'preid' | 'promote'> {
  bump?: Bump;
  /** Branch name template with {tag}, {tags}, {version}, {date}. */
  branch?: string;
  notesFile?: string;
  workspaceChangelog?: string;
  /** How the user runs it, for the hints: `nx g nx-release-process:release-branch` or `release-process prepare`. */
  command: string;
  /** Where warnings about the workspace go. */
  log: (line: string) => void;
}

/** The journal's name for prepare runs, however they were started. */
export const PREPARE_JOURNAL = 'release-process prepare';

/**
 * Prepares a release: every version file, changelog and the release notes written, `release/vX.Y.Z`
 * created, and `chore: prepare release vX.Y.Z` committed. Everything is checked before the first write; a
 * failure after it puts the files and branches back, and a run killed half-way is undone by `--abort`.
 */
export async function planPrepare(options: PrepareOptions): Promise<PlannedChange> {
  return RepositoryChange.plan(options.path, options.command, false, (change) => planUnderLock(change, options));
}

async function planUnderLock(change: RepositoryChange, options: PrepareOptions): Promise<PlannedChange> {
  const release = await planWorkspaceRelease({
    path: options.path,
    projects: options.projects?.length ? options.projects : undefined,
    from: options.from,
    to: options.to,
    preid: options.preid,
    promote: options.promote,
    forceBump: options.bump,
  });
  for (const notice of release.notices) options.log(`warning: ${notice}`);
  const released = release.plan.projects.filter((project) => project.nextVersion);
  if (released.length === 0) {
    throw new ReleaseProcessError('nothing to release', 'See `release-process plan` for why, or pass --bump to release anyway');
  }
  const date = releaseDate();
  const branch = releaseBranchName(released, date, options.branch);
  const repo = change.repo;
  await assertValidRefName(repo, 'branch', branch);
  const base = await change.base();
  await assertNewBranch(repo, branch);

  // An nx release setup's changelog switches and commit message carry over.
  const settings = nxReleaseSettings(release.workspace.release as Record<string, unknown>);
  const edits = await planReleaseEdits(release.plan, diskReader(options.path), {
    date,
    links: release.links,
    versionFiles: true,
    versionFilePatterns: versionFilePatternsFrom(release.workspace.options),
    selectsProject: (patterns, project) => selectsProject(release.workspace, patterns, project),
    changelog: settings.projectChangelogs,
    workspaceChangelog: options.workspaceChangelog ?? settings.workspaceChangelog,
    releaseNotes: options.notesFile ?? 'RELEASE_NOTES.md',
  });
  // The drafts of `nx g changelog` / `nx g release-notes` (the README's order) may be uncommitted: the commit takes them.
  await assertCleanWorkingTree(repo, edits.drafts);
  // The lockfiles go with the versions, as their tools write them: a frozen install passes on the release commit.
  const lockfiles = lockfilesToKeep(
    options.path,
    release.workspace.projects.map((project) => project.root),
  );
  for (const lockfile of lockfiles) await lockfile.verify();
  const message = prepareCommitMessage(released, settings.commitMessage);
  // The intents this release ships are consumed in its commit, as `changeset version` does.
  const consumed = consumedIntentPaths(release);
  await change.record({
    base,
    branch,
    paths: [...edits.edits.map((edit) => edit.path), ...consumed, ...lockfiles.map((kept) => kept.path)],
    drafts: edits.drafts,
    commits: [message.split('\n')[0]],
    recovery: `${options.command} --abort`,
  });
  await change.wrote(edits.edits);
  const paths = [...edits.edits.map((edit) => edit.path), ...edits.drafts, ...consumed, ...lockfiles.map((kept) => kept.path)];
  const removing = consumed.length > 0 ? `, and remove the intents it ships: ${consumed.join(', ')}` : '';
  const steps: PlannedStep[] = [
    // Through Nx the files are there already (its tree was flushed): writeEditsToDisk leaves them be.
    step('write', `write ${edits.edits.map((edit) => edit.path).join(', ')}${removing}`, async () => {
      writeEditsToDisk(options.path, edits.edits);
      for (const path of consumed) rmSync(join(options.path, path), { force: true });
    }),
    step('branch', `create ${branch} from ${base.branch}`, () => checkoutNewBranch(repo, branch)),
    ...lockfiles.map((kept) => step('lockfile', `update ${kept.path} as its tool writes it`, () => kept.update())),
    step('commit', `commit "${message.split('\n')[0]}"`, () => commitPaths(repo, paths, message)),
  ];
  return plannedChange(change, PREPARE_JOURNAL, { edits: edits.edits, deletes: consumed, notices: edits.notices }, steps, {
    outcome: `Created ${branch}: push it and open a pull request (release-process release-pr), or release from it (release-process release).`,
  });
}

/** The intent files the release consumes, relative to the workspace root as the tree names files. */
function consumedIntentPaths(release: WorkspaceRelease): string[] {
  const released = release.plan.projects.filter((project) => project.nextVersion).map((project) => project.name);
  return consumedIntents(released, release.intents.projectsOf).map((file) =>
    relative(release.workspace.root, join(release.repository.root, file)).split(sep).join('/'),
  );
}

/** `--abort`: puts back what an interrupted prepare left. */
export async function abortPrepare(options: { path: string; command: string }): Promise<string> {
  const change = await RepositoryChange.start(options.path, options.command, true);
  const done = await change.abort();
  return done === null
    ? 'No interrupted release-branch run here: nothing to undo.'
    : `Undid the interrupted release-branch run: ${done.join('; ') || 'it had changed nothing yet'}.`;
}
