import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectGraph } from '@nx/devkit';
import { GitError, openRepository, remoteUrl, resolveCommit } from './git';
import { assertCleanWorkingTree, createAnnotatedTag, currentBranch, deleteTag, listRemoteTags, pushAtomic, refExists } from './git-operations';
import { isPublished, publishPackage, verifyRegistry } from './npm-registry';
import { clearReleaseJournal, readReleaseJournal, writeReleaseJournal } from './release-journal';
import { GitHubReleaseClient } from './remote-release-clients/github';
import type { RemoteReleaseClient } from './remote-release-clients/remote-release-client';
import { planWorkspaceRelease, type WorkspaceRelease } from './workspace-release';
import type { NxJson } from './workspace';
import { ReleaseProcessError } from '../core/release-error';
import { projectMatches } from '../core/release-groups';
import { renderWorkspaceNotes } from '../core/render-release-notes';
import { releaseTargets, type ReleaseTarget } from '../core/release-targets';

export interface ReleaseStepOptions {
  path: string;
  projects?: string[];
  dryRun?: boolean;
  /** Remote to push to (default origin). */
  remote?: string;
  /** Push the branch and tags (default true). */
  push?: boolean;
  /** Create GitHub releases: default when a token is in GITHUB_TOKEN/GH_TOKEN and the repository is known. */
  githubRelease?: boolean;
  /** `owner/name`; default from GITHUB_REPOSITORY or the remote's URL. */
  githubRepository?: string;
  /** Default GITHUB_API_URL, else https://api.github.com. */
  githubApiUrl?: string;
  /** Publish npm packages (default true for packages that are not private). */
  publish?: boolean;
  registry?: string;
  log?: (line: string) => void;
  projectGraph?: ProjectGraph;
  nxJson?: NxJson;
}

export interface ReleasedProject {
  project: string;
  version: string;
  tag: string;
  githubRelease: string | null;
  published: boolean;
}

/**
 * The release step (the seed's "Create Release"): tags the prepared versions with their release notes,
 * pushes branch and tags in one atomic push, creates GitHub releases, publishes npm packages.
 * Everything that can be checked is checked before the first change. A failure before the push removes
 * the tags it made; after the push, running the step again finishes the release (done steps are skipped).
 * A journal in the git folder marks a release under way, so a run killed at any point is finished by the
 * next run, or undone by `abortRelease` while nothing has left this machine.
 */
export async function runReleaseStep(options: ReleaseStepOptions): Promise<ReleasedProject[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const release = await planWorkspaceRelease({ path: options.path, projects: options.projects, projectGraph: options.projectGraph, nxJson: options.nxJson });
  // The plan of the named projects includes their dependents; the release step releases just the named ones.
  const named = (project: { name: string }) => !options.projects?.length || projectMatches({ name: project.name, tags: [] }, options.projects);
  const targets = releaseTargets(release.plan.projects.filter(named), release.groups, release.head);
  if (targets.length === 0) {
    log('Nothing to release: no project carries a version newer than its last release. Prepare one with `nx g release-branch`.');
    return [];
  }
  const repo = { root: release.workspace.root };
  const remote = options.remote ?? 'origin';
  const push = options.push ?? true;
  const tags = uniqueTags(targets);

  // Checks first: nothing is changed until all of them pass.
  await assertCleanWorkingTree(repo);
  const branch = await currentBranch(repo);
  await assertTagsFree(repo, targets, release.head);
  const remoteTags = push ? await remoteTagsChecked(release, remote, tags) : new Map<string, string>();
  const forge = await forgeClient(release, options, remote);
  const packages = options.publish === false ? [] : npmPackages(release, targets);
  if (packages.length > 0 && !options.dryRun) await verifyRegistry(repo.root, { registry: options.registry });
  const notes = await notesByTag(release, targets);

  const journal = await readReleaseJournal(repo);
  if (journal) log(`Finishing the release of ${journal.tags.join(', ')} interrupted after ${journal.startedAt}: done steps are skipped.`);
  if (!options.dryRun) {
    await writeReleaseJournal(repo, {
      tags,
      commit: release.head,
      remote: push ? remote : null,
      packages: packages.map((pkg) => ({ name: pkg.name, version: pkg.target.version })),
      startedAt: journal?.startedAt ?? new Date().toISOString(),
    });
  }

  const prefix = options.dryRun ? '[dry-run] would ' : '';
  let acted = false;
  const step = (line: string) => {
    acted = true;
    log(`${prefix}${line}`);
  };
  const created: string[] = [];
  for (const tag of tags) {
    if (targets.some((target) => target.tag === tag && target.tagged)) continue;
    step(`tag ${tag} at ${release.head.slice(0, 7)}`);
    if (!options.dryRun) {
      await createAnnotatedTag(repo, tag, notes.get(tag) as string);
      created.push(tag);
    }
  }

  const toPush = tags.filter((tag) => remoteTags.get(tag) !== release.head);
  if (push && toPush.length > 0) {
    step(`push ${branch} and ${toPush.join(', ')} to ${remote} (atomic)`);
    if (!options.dryRun) {
      try {
        await pushAtomic(repo, remote, [`HEAD:refs/heads/${branch}`, ...toPush.map((tag) => `refs/tags/${tag}`)]);
      } catch (error) {
        // The tags this release made, in this run or in the interrupted one it finishes; never a tag made by hand.
        const ours = new Set([...created, ...(journal?.tags ?? []).filter((tag) => toPush.includes(tag))]);
        for (const tag of ours) await deleteTag(repo, tag);
        await clearReleaseJournal(repo);
        const reason = error instanceof GitError ? error.stderr.split('\n').find((line) => line.trim()) ?? error.stderr : (error as Error).message;
        throw new ReleaseProcessError(
          `the push to ${remote} was refused (${reason.trim()}); nothing was released and the tags made here were removed`,
          'Fix the cause (for example pull and rebase, or get push rights), then run the release again',
        );
      }
    }
  }

  const results = targets.map((target) => ({ project: target.project.name, version: target.version, tag: target.tag, githubRelease: null as string | null, published: false }));
  const resume = 'Run the release again to finish: it skips what is already done';
  // Packages right after the push, so the time a pushed tag has no package is as short as can be.
  for (const pkg of packages) {
    const result = results.find((candidate) => candidate.project === pkg.target.project.name) as ReleasedProject;
    if (!options.dryRun && (await isPublished(repo.root, pkg.name, pkg.target.version, { registry: options.registry }))) {
      result.published = true;
      continue;
    }
    step(`publish ${pkg.name}@${pkg.target.version}${options.registry ? ` to ${options.registry}` : ''}`);
    if (options.dryRun) continue;
    await publishPackage(pkg.dir, pkg.target.prerelease, { registry: options.registry }).catch((error: Error) => {
      throw new ReleaseProcessError(`${error.message.replace(/\. Fix the cause.*$/, '')} — the tags are pushed`, resume);
    });
    result.published = true;
  }
  if (forge) {
    for (const tag of tags) {
      if (!options.dryRun && (await forge.releaseExists(tag))) continue;
      step(`create the ${forge.description} release ${tag}`);
      if (options.dryRun) continue;
      const prerelease = targets.some((target) => target.tag === tag && target.prerelease);
      const url = await forge.createRelease({ tag, title: tag, notes: notes.get(tag) as string, prerelease }).catch((error: Error) => {
        throw new ReleaseProcessError(`${error.message} — the tags are pushed`, resume);
      });
      for (const result of results.filter((candidate) => candidate.tag === tag)) result.githubRelease = url;
    }
  }
  if (!options.dryRun) await clearReleaseJournal(repo);
  if (!acted) log(`Already released: ${tags.join(', ')} (tags, pushes, releases and packages are all in place).`);
  else log(`${options.dryRun ? '[dry-run] nothing was changed; would release' : 'Released'} ${tags.join(', ')}.`);
  return results;
}

export interface AbortReleaseOptions {
  path: string;
  registry?: string;
  log?: (line: string) => void;
}

/**
 * Undoes a release step that was interrupted before anything left this machine: removes the tags it made
 * and its journal. Once a tag is on the remote or a package is published, the release can only be finished.
 */
export async function abortRelease(options: AbortReleaseOptions): Promise<string[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const repo = await openRepository(options.path);
  const journal = await readReleaseJournal(repo);
  if (!journal) {
    log('No interrupted release here: there is nothing to undo.');
    return [];
  }
  const finish = 'Finish it instead with `release-process release` (it skips what is done)';
  if (journal.remote) {
    const remoteTags = await listRemoteTags(repo, journal.remote);
    const pushed = journal.tags.filter((tag) => remoteTags.has(tag));
    if (pushed.length > 0) throw new ReleaseProcessError(`the interrupted release cannot be undone: ${pushed.join(', ')} ${pushed.length === 1 ? 'is' : 'are'} on ${journal.remote} already`, finish);
  }
  if (journal.packages.length > 0) {
    await verifyRegistry(repo.root, { registry: options.registry });
    for (const pkg of journal.packages) {
      if (await isPublished(repo.root, pkg.name, pkg.version, { registry: options.registry })) {
        throw new ReleaseProcessError(`the interrupted release cannot be undone: ${pkg.name}@${pkg.version} is published already`, finish);
      }
    }
  }
  const removed: string[] = [];
  for (const tag of journal.tags) {
    // Only a tag still where the release put it: one moved or remade by hand since is not ours to remove.
    if ((await refExists(repo, `refs/tags/${tag}`)) && (await resolveCommit(repo, tag)) === journal.commit) {
      await deleteTag(repo, tag);
      removed.push(tag);
    }
  }
  await clearReleaseJournal(repo);
  log(`Undid the interrupted release: ${removed.length > 0 ? `removed the tags ${removed.join(', ')}` : 'it had made no tag'}; nothing had been pushed or published.`);
  return removed;
}

function uniqueTags(targets: ReleaseTarget[]): string[] {
  return [...new Set(targets.map((target) => target.tag))];
}

/** A release tag already made here at another commit (say on another branch) means the version is taken. */
async function assertTagsFree(repo: { root: string }, targets: ReleaseTarget[], head: string): Promise<void> {
  for (const target of targets.filter((candidate) => !candidate.tagged)) {
    if (!(await refExists(repo, `refs/tags/${target.tag}`))) continue;
    const commit = await resolveCommit(repo, target.tag);
    if (commit !== head) {
      throw new ReleaseProcessError(`tag ${target.tag} already exists here at another commit (${commit.slice(0, 7)})`, 'That version is taken: prepare a new one with `nx g release-branch`');
    }
  }
}

/** The remote's tags; a release tag there at another commit means the version is taken. */
async function remoteTagsChecked(release: WorkspaceRelease, remote: string, tags: string[]): Promise<Map<string, string>> {
  if (!(await remoteUrl(release.repository, remote))) {
    throw new ReleaseProcessError(`there is no remote "${remote}"`, `Add it with \`git remote add ${remote} <url>\`, or release without pushing (--no-push)`);
  }
  const remoteTags = await listRemoteTags({ root: release.workspace.root }, remote);
  for (const tag of tags) {
    const commit = remoteTags.get(tag);
    if (commit && commit !== release.head) {
      throw new ReleaseProcessError(`tag ${tag} already exists on ${remote} at another commit (${commit.slice(0, 7)})`, 'That version is taken: prepare a new one with `nx g release-branch`');
    }
  }
  return remoteTags;
}

async function forgeClient(release: WorkspaceRelease, options: ReleaseStepOptions, remote: string): Promise<RemoteReleaseClient | null> {
  const token = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN;
  const repository = options.githubRepository ?? process.env.GITHUB_REPOSITORY ?? githubRepositoryOf(await remoteUrl(release.repository, remote));
  const wanted = options.githubRelease ?? Boolean(token && repository);
  if (!wanted) return null;
  if (!token) throw new ReleaseProcessError('GitHub releases need a token', 'Set GITHUB_TOKEN (or GH_TOKEN), or pass --no-github-release');
  if (!repository) throw new ReleaseProcessError('the GitHub repository is unknown', 'Set GITHUB_REPOSITORY=owner/name or --github-repository');
  const client = new GitHubReleaseClient({ repository, token, apiUrl: options.githubApiUrl ?? process.env.GITHUB_API_URL });
  if (!options.dryRun) await client.verifyAccess();
  return client;
}

function githubRepositoryOf(url: string | null): string | undefined {
  const match = url ? /github\.com[:/]([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(url) : null;
  return match?.[1];
}

interface NpmPackage {
  target: ReleaseTarget;
  name: string;
  dir: string;
}

/** The targets that are npm packages to publish (a package.json with a name, not private), in dependency order. */
function npmPackages(release: WorkspaceRelease, targets: ReleaseTarget[]): NpmPackage[] {
  return targets.flatMap((target) => {
    const dir = join(release.workspace.root, target.project.root);
    const manifestPath = join(dir, 'package.json');
    if (!existsSync(manifestPath)) return [];
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { name?: string; private?: boolean };
    return manifest.name && !manifest.private ? [{ target, name: manifest.name, dir }] : [];
  });
}

/** The release notes of each tag (a fixed group's members together), for annotated tags and GitHub releases. */
async function notesByTag(release: WorkspaceRelease, targets: ReleaseTarget[]): Promise<Map<string, string>> {
  const versions = Object.fromEntries(targets.map((target) => [target.project.name, target.version]));
  const notes = new Map<string, string>();
  for (const tag of uniqueTags(targets)) {
    const projects = targets.filter((target) => target.tag === tag).map((target) => ({ ...target.project, nextVersion: target.version, nextTag: tag }));
    notes.set(tag, await renderWorkspaceNotes({ projects }, { links: release.links, versions }));
  }
  return notes;
}
