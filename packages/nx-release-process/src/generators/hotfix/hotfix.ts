import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratorCallback, Tree } from '@nx/devkit';
import { intentsAddedSince } from '../../adapters/release-intents';
import { lockfilesToKeep } from '../../adapters/package-managers';
import type { ProjectIntent } from '../../core/release-intents';
import { diskReader, gitRefReader } from '../../adapters/file-readers';
import { writeEditsToDisk } from '../../adapters/files';
import { readCommits, resolveCommit, type Repository } from '../../adapters/git';
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
  restorePaths,
  branchBase,
  setBranchBase,
} from '../../adapters/git-operations';
import { classifiedCommitsBetween } from '../../adapters/release-commits';
import { loadReleaseWorkspace, type LoadedWorkspace } from '../../adapters/release-workspace';
import { planReleaseEdits, type ReleaseFileReader } from '../../core/release-edits';
import { ReleaseProcessError } from '../../core/release-error';
import { hotfixTag, projectsOfTag } from '../../core/tagged-release';
import { hotfixBranchName } from '../../core/release-naming';
import { versionFilePatternsFrom } from '../../core/release-options';
import { selectsProject } from '../../adapters/workspace';
import { releaseDate } from '../../adapters/clock';
import { GeneratorChange, invocation, PausedChange } from '../lib/change';
import { writeEdits } from '../lib/write-edits';
import { hotfixPlan } from './lib/hotfix-plan';
import type { HotfixGeneratorSchema } from './schema';
import { say } from '../../adapters/terminal';

/**
 * `nx g hotfix v1.2.0 --commits abc123`: hotfix/v1.2.1 from the tag, the
 * commits cherry-picked, the patch version in every version file, the changelog, and `fix: ...`.
 * The tree shows the files as they will be (read at the tag); git runs only in the callback.
 */
export default async function hotfixGenerator(tree: Tree, schema: HotfixGeneratorSchema): Promise<GeneratorCallback | void> {
  const command = invocation(schema, 'hotfix');
  const change = await GeneratorChange.start(tree.root, command, schema.abort || schema.continue);
  const release = await loadReleaseWorkspace({ path: tree.root });
  const workspace: Repository = change.repo;
  const tagged = projectsOfTag(release.groups, schema.tag);
  const next = hotfixTag(tagged);
  const branch = hotfixBranchName(next.tag);
  const recovery = `${command} ${schema.tag} --continue (after resolving) or --abort`;

  if (schema.abort) return () => abortHotfix(change, branch);
  // A --continue killed after Nx wrote its files finds them uncommitted: they are its own, not the user's.
  await assertCleanWorkingTree(workspace, schema.continue ? await change.ownUncommittedWrites() : []);
  if (schema.continue) {
    if ((await currentBranch(workspace)) !== branch) {
      throw new ReleaseProcessError(`--continue runs on ${branch}`, `Check it out first: git checkout ${branch}`);
    }
    if (await cherryPickInProgress(workspace)) {
      throw new ReleaseProcessError('a cherry-pick is still in progress', 'Resolve it and run `git cherry-pick --continue` first');
    }
    // On the hotfix branch already: what the tree shows is what Nx writes, so the callback only commits. The
    // files are read as HEAD has them: a --continue killed after its writes left them bumped on disk already.
    const edits = await hotfixEdits(
      release,
      schema,
      next,
      gitRefReader(tree.root, 'HEAD'),
      await classifiedCommitsBetween(workspace, schema.tag, 'HEAD'),
    );
    const paths = edits.edits.map((edit) => edit.path);
    if (change.lock.interrupted) change.addPaths(paths);
    else await change.record({ base: await change.base(), branch, paths, commits: [hotfixMessage(schema, next)], recovery });
    await change.wrote(edits.edits);
    writeEdits(tree, edits);
    // A failure here keeps the branch as the user resolved it: the record stays for another --continue or --abort.
    return () => change.run(() => commitHotfix(workspace, schema, next, paths).catch(pause));
  }

  const commits = await Promise.all((schema.commits ?? []).map((ref) => resolveCommit(workspace, ref)));
  if (commits.length === 0) throw new ReleaseProcessError('no commits to cherry-pick', 'Pass them with --commits=<hash>,<hash>');
  const tagCommit = await resolveCommit(workspace, schema.tag);
  await assertValidRefName(workspace, 'branch', branch);
  await assertNewBranch(workspace, branch);
  const base = await change.base();
  const preview = await hotfixEdits(release, schema, next, gitRefReader(tree.root, schema.tag), await commitsByHash(workspace, commits));
  // The picks keep their subjects (and may touch any file): the undo knows them as the run's own.
  const picks = await readCommits(workspace, commits);
  await change.record({
    base,
    branch,
    branchFrom: tagCommit,
    paths: preview.edits.map((edit) => edit.path),
    commits: [...picks.map((pick) => pick.message.split('\n')[0]), hotfixMessage(schema, next)],
    touches: [...new Set(picks.flatMap((pick) => pick.files))],
    recovery,
  });
  await change.wrote(preview.edits);
  // Said before Nx writes, so a --dry-run names the branch and the commit it would make too.
  say(
    `hotfix: ${branch} from ${schema.tag}, cherry-picking ${commits.map((hash) => hash.slice(0, 7)).join(', ')}, then "${hotfixMessage(schema, next)}"`,
  );
  const paths = writeEdits(tree, preview);

  return () =>
    change.run(async () => {
      // Nx has just written the preview onto this branch: put it back, then work on the hotfix branch.
      await restorePaths(workspace, paths);
      await checkoutNewBranch(workspace, branch, schema.tag);
      await setBranchBase(workspace, branch, base.branch);
      const conflict = await cherryPick(workspace, commits);
      if (conflict) {
        const rest = commits.slice(commits.indexOf(conflict.commit) + 1).map((hash) => hash.slice(0, 7));
        throw new PausedChange(
          `cherry-picking ${conflict.commit.slice(0, 7)} onto ${branch} conflicts in ${conflict.files.join(', ')}`,
          `Resolve them and run \`git cherry-pick --continue\`${rest.length ? `, cherry-pick ${rest.join(' ')}` : ''}, then \`${command} ${schema.tag} --continue\`; ` +
            `or give up with \`${command} ${schema.tag} --abort\``,
        );
      }
      await finishHotfix(change, release, schema, next, paths);
    });
}

function pause(error: Error): never {
  throw error instanceof PausedChange
    ? error
    : new PausedChange(
        error instanceof ReleaseProcessError ? error.problem : error.message,
        error instanceof ReleaseProcessError ? error.fix : undefined,
      );
}

async function commitsByHash(workspace: Repository, hashes: string[]) {
  const all = await Promise.all(hashes.map((hash) => classifiedCommitsBetween(workspace, `${hash}^`, hash)));
  return all.flat();
}

function hotfixEdits(
  release: LoadedWorkspace,
  schema: HotfixGeneratorSchema,
  next: { version: string; tag: string },
  reader: ReleaseFileReader,
  commits: Awaited<ReturnType<typeof classifiedCommitsBetween>>,
  intents: ProjectIntent[] = [],
) {
  const tagged = projectsOfTag(release.groups, schema.tag);
  return planReleaseEdits(hotfixPlan(release.projects, tagged, schema.tag, next, commits, intents), reader, {
    date: releaseDate(),
    links: release.links,
    versionFiles: true,
    versionFilePatterns: versionFilePatternsFrom(release.workspace.options),
    selectsProject: (patterns, project) => selectsProject(release.workspace, patterns, project),
    changelog: true,
  });
}

/**
 * On the hotfix branch after the cherry-picks: the edits again, from the files as they now are (a picked
 * commit may have touched them), written whole, then the `fix:` commit.
 */
async function finishHotfix(
  change: GeneratorChange,
  release: LoadedWorkspace,
  schema: HotfixGeneratorSchema,
  next: { version: string; tag: string },
  previewPaths: string[],
): Promise<void> {
  const workspace = change.repo;
  const commits = await classifiedCommitsBetween(workspace, schema.tag);
  // Intents the picked commits brought are the hotfix's to consume; its notes tell them, as a patch.
  const picked = await intentsAddedSince(release.workspace, workspace, schema.tag);
  const intents = picked.map((intent) => ({ file: intent.file, bump: 'patch' as const, summary: intent.summary, commit: null }));
  const { edits } = await hotfixEdits(release, schema, next, diskReader(workspace.root), commits, intents);
  // The lockfiles go with the patch version, as their tools write them: a frozen install passes on the hotfix.
  const lockfiles = lockfilesToKeep(
    workspace.root,
    release.workspace.projects.map((project) => project.root),
  );
  const lockfile = lockfiles.map((kept) => kept.path);
  const paths = [...new Set([...previewPaths, ...edits.map((edit) => edit.path), ...picked.map((intent) => intent.file), ...lockfile])];
  // The picked commits may have brought more version files: the record must name every file written.
  change.addPaths(paths);
  await change.wrote(edits);
  for (const intent of picked) rmSync(join(workspace.root, intent.file), { force: true });
  writeEditsToDisk(workspace.root, edits);
  for (const kept of lockfiles) await kept.update();
  await commitHotfix(workspace, schema, next, paths);
}

function hotfixMessage(schema: HotfixGeneratorSchema, next: { tag: string }): string {
  return `fix: ${schema.description ?? `hotfix ${next.tag}`}`;
}

async function commitHotfix(
  workspace: Repository,
  schema: HotfixGeneratorSchema,
  next: { version: string; tag: string },
  paths: string[],
): Promise<void> {
  const message = hotfixMessage(schema, next);
  const commit = await commitPaths(workspace, paths, message);
  say(`Hotfix ${next.tag} ready on hotfix/${next.tag}: "${message}" (${commit.slice(0, 7)}). Tag it with the release step.`);
}

async function abortHotfix(change: GeneratorChange, branch: string): Promise<void> {
  const done = await change.abort();
  if (done !== null) {
    say(`Undid the hotfix: ${done.join('; ') || 'it had changed nothing yet'}.`);
    return;
  }
  // A hotfix branch made before runs were recorded: undo it from the branch's recorded base.
  const workspace = change.repo;
  if (!(await refExists(workspace, `refs/heads/${branch}`))) {
    say(`No hotfix under way here (no branch ${branch}): nothing to undo.`);
    return;
  }
  if (await cherryPickInProgress(workspace)) await abortCherryPick(workspace);
  const base = (await branchBase(workspace, branch)) ?? 'main';
  await checkout(workspace, base);
  await deleteBranch(workspace, branch);
  say(`Removed ${branch}; back on ${base}.`);
}
