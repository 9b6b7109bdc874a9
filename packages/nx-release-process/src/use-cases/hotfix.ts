import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { intentsAddedSince } from '../adapters/release-intents';
import { lockfilesToKeep } from '../adapters/package-managers';
import { gitRefReader } from '../adapters/file-readers';
import { writeEditsToDisk } from '../adapters/files';
import { readCommits, resolveCommit, type Repository } from '../adapters/git';
import {
  abortCherryPick,
  assertCleanWorkingTree,
  assertNewBranch,
  assertValidRefName,
  checkout,
  checkoutNewBranch,
  cherryPick,
  cherryPickInProgress,
  commitPaths,
  currentBranch,
  deleteBranch,
  refExists,
  branchBase,
  setBranchBase,
} from '../adapters/git-operations';
import { classifiedCommitsBetween } from '../adapters/release-commits';
import { loadReleaseWorkspace, type LoadedWorkspace } from '../adapters/release-workspace';
import { selectsProject } from '../adapters/workspace';
import { releaseDate } from '../adapters/clock';
import { createCommitClassifier, type ClassifiedCommit } from '../core/commit-classification';
import { hotfixPlan } from '../core/hotfix-plan';
import { planReleaseEdits, type FileEdit, type ReleaseFileReader } from '../core/release-edits';
import { ReleaseProcessError } from '../core/release-error';
import type { ProjectIntent } from '../core/release-intents';
import { hotfixBranchName } from '../core/release-naming';
import { versionFilePatternsFrom } from '../core/release-options';
import { hotfixTag, projectsOfTag } from '../core/tagged-release';
import { step, type PlannedStep } from './planned-steps';
import { PausedChange, plannedChange, RepositoryChange, type PlannedChange } from './repository-change';

export interface HotfixOptions {
  path: string;
  /** The release tag to fix, e.g. v1.2.0. */
  tag: string;
  /** Commits to cherry-pick onto the hotfix branch (not with `--continue`). */
  commits?: string[];
  /** The fix commit's message: `fix: <description>`. */
  description?: string;
  /** Go on after a cherry-pick conflict was resolved. */
  continue?: boolean;
  /** How the user runs it, for the hints: `nx g nx-release-process:hotfix` or `release-process hotfix`. */
  command: string;
}

/** The journal's name for hotfix runs, however they were started. */
export const HOTFIX_JOURNAL = 'release-process hotfix';

interface NextHotfix {
  version: string;
  tag: string;
}

/**
 * A hotfix: `hotfix/<next tag>` from the release tag, the commits cherry-picked one step each, the patch
 * version in every version file and the changelog, then `fix: …`. Planned whole and recorded before any
 * write; a conflict stops it for the user (`--continue` then writes and commits, `--abort` puts it all back).
 */
export async function planHotfix(options: HotfixOptions): Promise<PlannedChange> {
  return RepositoryChange.plan(options.path, options.command, options.continue, (change) =>
    options.continue ? planHotfixContinue(change, options) : planNewHotfix(change, options),
  );
}

async function planNewHotfix(change: RepositoryChange, options: HotfixOptions): Promise<PlannedChange> {
  const release = await loadReleaseWorkspace({ path: options.path });
  const repo = change.repo;
  const next = hotfixTag(projectsOfTag(release.groups, options.tag));
  const branch = hotfixBranchName(next.tag);
  await assertCleanWorkingTree(repo);
  const commits = await Promise.all((options.commits ?? []).map((ref) => resolveCommit(repo, ref)));
  if (commits.length === 0) throw new ReleaseProcessError('no commits to cherry-pick', 'Pass them with --commits=<hash>,<hash>');
  const tagCommit = await resolveCommit(repo, options.tag);
  await assertValidRefName(repo, 'branch', branch);
  await assertNewBranch(repo, branch);
  const base = await change.base();
  // The picks keep their subjects (and may touch any file): the undo knows them as the run's own.
  const picks = await readCommits(repo, commits);
  const classify = await createCommitClassifier();
  const preview = await hotfixEdits(release, options, next, gitRefReader(options.path, options.tag), picks.map(classify));
  await change.record({
    base,
    branch,
    branchFrom: tagCommit,
    paths: preview.edits.map((edit) => edit.path),
    commits: [...picks.map((pick) => pick.message.split('\n')[0]), hotfixMessage(options, next)],
    touches: [...new Set(picks.flatMap((pick) => pick.files))],
    recovery: recoveryOf(options),
  });
  await change.wrote(preview.edits);
  const steps: PlannedStep[] = [
    step('branch', `create ${branch} from ${options.tag}`, async () => {
      await checkoutNewBranch(repo, branch, options.tag);
      await setBranchBase(repo, branch, base.branch);
    }),
    ...commits.map((commit, index) =>
      step('cherry-pick', `cherry-pick ${commit.slice(0, 7)} ${quoted(picks[index].message)}`, async () => {
        const conflict = await cherryPick(repo, [commit]);
        if (!conflict) return;
        const rest = commits.slice(index + 1).map((hash) => hash.slice(0, 7));
        throw new PausedChange(
          `cherry-picking ${commit.slice(0, 7)} onto ${branch} conflicts in ${conflict.files.join(', ')}`,
          `Resolve them and run \`git cherry-pick --continue\`${rest.length ? `, cherry-pick ${rest.join(' ')}` : ''}, then \`${options.command} ${options.tag} --continue\`; ` +
            `or give up with \`${options.command} ${options.tag} --abort\``,
        );
      }),
    ),
    ...finishingSteps(change, release, options, next, preview.edits),
  ];
  return plannedChange(change, HOTFIX_JOURNAL, { ...preview, deletes: [] }, steps, {
    restorePreview: true,
    outcome: readyLine(branch, next),
  });
}

async function planHotfixContinue(change: RepositoryChange, options: HotfixOptions): Promise<PlannedChange> {
  const release = await loadReleaseWorkspace({ path: options.path });
  const repo = change.repo;
  const next = hotfixTag(projectsOfTag(release.groups, options.tag));
  const branch = hotfixBranchName(next.tag);
  // A --continue killed after its writes finds them uncommitted: they are its own, not the user's.
  await assertCleanWorkingTree(repo, await change.ownUncommittedWrites());
  if ((await currentBranch(repo)) !== branch) {
    throw new ReleaseProcessError(`--continue runs on ${branch}`, `Check it out first: git checkout ${branch}`);
  }
  if (await cherryPickInProgress(repo)) {
    throw new ReleaseProcessError('a cherry-pick is still in progress', 'Resolve it and run `git cherry-pick --continue` first');
  }
  const preview = await hotfixEdits(
    release,
    options,
    next,
    gitRefReader(options.path, 'HEAD'),
    await classifiedCommitsBetween(repo, options.tag, 'HEAD'),
  );
  const paths = preview.edits.map((edit) => edit.path);
  if (change.lock.interrupted) change.addPaths(paths);
  else
    await change.record({
      base: await change.base(),
      branch,
      paths,
      commits: [hotfixMessage(options, next)],
      recovery: recoveryOf(options),
    });
  await change.wrote(preview.edits);
  return plannedChange(change, HOTFIX_JOURNAL, { ...preview, deletes: [] }, finishingSteps(change, release, options, next, preview.edits), {
    restorePreview: true,
    outcome: readyLine(branch, next),
  });
}

/**
 * On the hotfix branch after the cherry-picks: the edits again, from the files as HEAD has them (a picked
 * commit may have touched them; a killed `--continue` may have left them written), then the `fix:` commit.
 */
function finishingSteps(
  change: RepositoryChange,
  release: LoadedWorkspace,
  options: HotfixOptions,
  next: NextHotfix,
  preview: FileEdit[],
): PlannedStep[] {
  const repo = change.repo;
  const written: string[] = [];
  const message = hotfixMessage(options, next);
  return [
    step('write', `write ${next.version} and its changelog into ${preview.map((edit) => edit.path).join(', ')}`, async () => {
      const commits = await classifiedCommitsBetween(repo, options.tag);
      // Intents the picked commits brought are the hotfix's to consume; its notes tell them, as a patch.
      const picked = await intentsAddedSince(release.workspace, repo, options.tag);
      const intents = picked.map((intent) => ({ file: intent.file, bump: 'patch' as const, summary: intent.summary, commit: null }));
      const { edits } = await hotfixEdits(release, options, next, gitRefReader(repo.root, 'HEAD'), commits, intents);
      // The lockfiles go with the patch version, as their tools write them: a frozen install passes on the hotfix.
      const lockfiles = lockfilesToKeep(
        repo.root,
        release.workspace.projects.map((project) => project.root),
      );
      written.push(...edits.map((edit) => edit.path), ...picked.map((intent) => intent.file), ...lockfiles.map((kept) => kept.path));
      // The picked commits may have brought more version files: the record must name every file written.
      change.addPaths([...preview.map((edit) => edit.path), ...written]);
      await change.wrote(edits);
      for (const intent of picked) rmSync(join(repo.root, intent.file), { force: true });
      writeEditsToDisk(repo.root, edits);
      for (const kept of lockfiles) await kept.update();
    }),
    step('commit', `commit "${message}"`, () =>
      commitPaths(repo, [...new Set([...preview.map((edit) => edit.path), ...written])], message),
    ),
  ];
}

/** `--abort`: puts back what an interrupted hotfix left; a hotfix branch from before runs were recorded goes too. */
export async function abortHotfix(options: { path: string; tag: string; command: string }): Promise<string> {
  const change = await RepositoryChange.start(options.path, options.command, true);
  const done = await change.abort();
  if (done !== null) return `Undid the hotfix: ${done.join('; ') || 'it had changed nothing yet'}.`;
  const release = await loadReleaseWorkspace({ path: options.path });
  const branch = hotfixBranchName(hotfixTag(projectsOfTag(release.groups, options.tag)).tag);
  const repo: Repository = { root: options.path };
  if (!(await refExists(repo, `refs/heads/${branch}`))) return `No hotfix under way here (no branch ${branch}): nothing to undo.`;
  if (await cherryPickInProgress(repo)) await abortCherryPick(repo);
  const base = (await branchBase(repo, branch)) ?? 'main';
  await checkout(repo, base);
  await deleteBranch(repo, branch);
  return `Removed ${branch}; back on ${base}.`;
}

function readyLine(branch: string, next: NextHotfix): string {
  return `Hotfix ${next.tag} ready on ${branch}: tag and publish it with the release step there.`;
}

function recoveryOf(options: HotfixOptions): string {
  return `${options.command} ${options.tag} --continue (after resolving) or --abort`;
}

function quoted(message: string): string {
  return `"${message.split('\n')[0]}"`;
}

function hotfixEdits(
  release: LoadedWorkspace,
  options: HotfixOptions,
  next: NextHotfix,
  reader: ReleaseFileReader,
  commits: ClassifiedCommit[],
  intents: ProjectIntent[] = [],
) {
  const tagged = projectsOfTag(release.groups, options.tag);
  return planReleaseEdits(hotfixPlan(release.projects, tagged, options.tag, next, commits, intents), reader, {
    date: releaseDate(),
    links: release.links,
    versionFiles: true,
    versionFilePatterns: versionFilePatternsFrom(release.workspace.options),
    selectsProject: (patterns, project) => selectsProject(release.workspace, patterns, project),
    changelog: true,
  });
}

export function hotfixMessage(options: { description?: string }, next: { tag: string }): string {
  return `fix: ${options.description ?? `hotfix ${next.tag}`}`;
}
