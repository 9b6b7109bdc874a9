import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectGraph } from '@nx/devkit';
import type { Bump } from '../core/bump';
import { createCommitClassifier, createRevertedPairFilter, type ClassifiedCommit, type RawCommit } from '../core/commit-classification';
import { commitsByProjectRoot, createRangeFilter } from '../core/commit-range';
import type { PlanDecisions, PlanOptions, ProjectHistory, ReleasePlan } from '../core/plan-release';
import { productionFileMatcher, type ProductionFiles } from '../core/production-files';
import { lastReleasesOf, matchProjects, resolveReleaseGroups, tagPatternHint, type ReleaseGroup } from '../core/release-groups';
import { nxReleaseSettings, unusedSettingsWarning } from '../core/nx-release-settings';
import { ReleaseProcessError } from '../core/release-error';
import { bumpRulesFrom, versionFilePatternsFrom } from '../core/release-options';
import { repositoryLinks, type RepositoryLinks } from '../core/repository-links';
import { forgeHostsFrom } from './remote-release-clients/forge-from-environment';
import type { LastReleases } from '../core/tag-pattern';
import { manifestNames } from '../core/version-files';
import { listTagsMergedInto, listTrackedFiles, openRepository, readCommitWindow, remoteUrl, resolveCommit, type Repository } from './git';
import { readBumpversionPatterns } from './bumpversion-config';
import { isPrivatePackage, readManifestVersion, type ManifestVersion } from './manifest-version';
import { readProductionFiles } from './production-files';
import { addIntentCommits, dependencyRangesOf, readWorkspaceIntents, type WorkspaceIntents } from './release-intents';
import { nxProjectMatcher } from './project-matcher';
import { readWorkspace, repositoryPath, type NxJson, type Workspace, type WorkspaceProject } from './workspace';

export interface PlanRequest {
  /** A folder inside the workspace or repository; the working folder by default. */
  path: string;
  projects?: string[];
  from?: string;
  to?: string;
  preid?: string;
  promote?: boolean;
  forceBump?: Bump;
  /** Given by executors, which run inside Nx with the graph already built. */
  projectGraph?: ProjectGraph;
  nxJson?: NxJson;
}

/** A release as the gates see it: the plan's decisions, without the commits behind them. */
export interface GateRelease {
  workspace: Workspace;
  repository: Repository;
  /** The commit the release is cut from. */
  head: string;
  groups: ReleaseGroup[];
  plan: PlanDecisions;
  links: RepositoryLinks | null;
  /** Versioned projects the release leaves out, with the reason (private package, release config). */
  leftOut: Map<string, string>;
  /** What the user should know before acting on the plan: nx release settings not read, tags of another pattern. */
  notices: string[];
}

/**
 * What is worked out once per workspace plan: a batch answers the gates of a hundred projects from one
 * plan, and each would otherwise read the same tags, manifests or changes again.
 */
export function perPlan<T>(compute: (release: GateRelease) => T): (release: GateRelease) => T {
  const values = new WeakMap<GateRelease, T>();
  return (release) => {
    if (!values.has(release)) values.set(release, compute(release));
    return values.get(release) as T;
  };
}

/** What is worked out once per workspace plan and key: a file a batch's gates all name, a release they share. */
export function perPlanAndKey<K, T>(compute: (release: GateRelease, key: K) => T): (release: GateRelease, key: K) => T {
  const byKey = perPlan(() => new Map<K, T>());
  return (release, key) => {
    const values = byKey(release);
    if (!values.has(key)) values.set(key, compute(release, key));
    return values.get(key) as T;
  };
}

export interface WorkspaceRelease extends GateRelease {
  plan: ReleasePlan;
  /** The workspace's release intents: which files the release commit consumes. */
  intents: WorkspaceIntents;
}

export interface ReleasableProject extends WorkspaceProject {
  manifest: ManifestVersion;
  /** Root relative to the repository root, as `git log` names files. */
  repositoryRoot: string;
  /** The files it ships: changes to them ask for a release when nothing else decides. */
  productionFiles: ProductionFiles;
}

/** Everything a plan is made from but the commits: read once, validated, then handed to the planner. */
export interface LoadedWorkspace {
  workspace: Workspace;
  repository: Repository;
  head: string;
  /** `--from`, resolved: every project's range starts there. */
  from: string | null;
  groups: ReleaseGroup[];
  projects: ReleasableProject[];
  /** Versioned projects the release leaves out, with the reason (private package, release config). */
  leftOut: Map<string, string>;
  /** Each project's last release and last stable release among the tags reachable from `head`. */
  releases: Map<string, LastReleases>;
  options: PlanOptions;
  links: RepositoryLinks | null;
  /** Release intents (changesets, version plans), read and checked with the rest. */
  intents: WorkspaceIntents;
  /** What the user should know before acting on the plan: nx release settings not read, tags of another pattern. */
  notices: string[];
}

/**
 * Loads what planning needs around `request.path`: the repository, the workspace and its graph, the
 * releasable projects with their manifests and production files, release groups, tags and options.
 */
export async function loadReleaseWorkspace(request: PlanRequest): Promise<LoadedWorkspace> {
  if (request.preid !== undefined && !/^[0-9A-Za-z-]+$/.test(request.preid)) {
    throw new ReleaseProcessError(`invalid --preid "${request.preid}"`, 'Use letters, digits and hyphens, such as rc or beta');
  }
  const repository = await openRepository(request.path);
  const known = request.projectGraph ? { graph: request.projectGraph, nxJson: request.nxJson ?? {} } : undefined;
  // Every gate task pays this load: the git reads start first and run while the workspace's files are read.
  const headCommit = resolveCommit(repository, request.to ?? 'HEAD');
  const reachableTags = headCommit.then((head) => listTagsMergedInto(repository, head));
  reachableTags.catch(() => undefined); // awaited below; a failure must not go unhandled while the graph and manifests are read
  const [head, from, remote, workspace] = await Promise.all([
    headCommit,
    request.from ? resolveCommit(repository, request.from) : null,
    remoteUrl(repository),
    readWorkspace(request.path, repository.root, known),
  ]);

  const { projects, groups, leftOut } = releasableProjects(workspace, repository);
  // bumpversion file lists join the configured patterns here, so every reader of the options sees them.
  workspace.options = {
    ...workspace.options,
    versionFiles: [...versionFilePatternsFrom(workspace.options), ...readBumpversionPatterns(workspace, projects)],
  };
  const selected = request.projects?.length ? matchProjects(request.projects, projects, '--project', nxProjectMatcher) : undefined;
  const tags = await reachableTags;
  const releases = new Map(groups.flatMap((group) => group.projects.map((name) => [name, lastReleasesOf(group, name, tags)] as const)));
  const intents = readWorkspaceIntents(workspace, repository, groups, new Set(projects.map((project) => project.name)));
  const options = {
    rules: bumpRulesFrom(workspace.options),
    preid: request.preid,
    promote: request.promote,
    forceBump: request.forceBump,
    selected,
    intents: intents.rules,
  };
  return {
    workspace,
    repository,
    head,
    from,
    groups,
    projects,
    leftOut,
    releases,
    options,
    // A self-managed GitLab's host is known from the CI's variables when its name does not give it away.
    links: remote ? repositoryLinks(remote, forgeHostsFrom(process.env)) : null,
    intents,
    notices: [
      unusedSettingsWarning(nxReleaseSettings(workspace.release as Record<string, unknown>)),
      tagPatternHint(groups, releases, tags),
    ].filter((notice): notice is string => notice !== null),
  };
}

/** The inputs of a plan as plain data, for the shared-plan key: any change to them means a fresh plan. */
export function planInputs(loaded: LoadedWorkspace): unknown {
  return {
    head: loaded.head,
    from: loaded.from,
    options: loaded.options,
    groups: loaded.groups,
    releases: [...loaded.releases],
    release: loaded.workspace.release,
    settings: loaded.workspace.options,
    intents: [...loaded.intents.byProject],
    projects: loaded.projects.map(({ name, root, repositoryRoot, manifest, dependencies, productionFiles }) => ({
      name,
      root,
      repositoryRoot,
      manifest,
      dependencies,
      productionFiles,
    })),
  };
}

/** Each project's history since its last releases, from one `git log` pass over the commits any range needs. */
export async function readProjectHistories(loaded: LoadedWorkspace): Promise<ProjectHistory[]> {
  const { projects, releases, from } = loaded;
  const boundaryOf = (name: string, which: keyof LastReleases) => from ?? releases.get(name)?.[which]?.commit ?? null;
  const window = await readCommitWindow(
    loaded.repository,
    loaded.head,
    projects.flatMap((project) => [boundaryOf(project.name, 'latest'), boundaryOf(project.name, 'latestStable')]),
  );
  const docsOptIn = releaseOnDocsProjects(loaded);
  const [commitsOf] = await Promise.all([
    createProjectCommits(window, projects),
    addIntentCommits(loaded.repository, loaded.head, loaded.intents),
  ]);
  return projects.map((project) => {
    const { latest, latestStable } = releases.get(project.name) as LastReleases;
    return {
      name: project.name,
      root: project.root,
      manifestVersion: project.manifest.version,
      manifestFile: join(project.root, project.manifest.file),
      dependencies: project.dependencies,
      latest,
      latestStable,
      sinceLatest: commitsOf(project, boundaryOf(project.name, 'latest')),
      sinceStable: commitsOf(project, boundaryOf(project.name, 'latestStable')),
      isProductionFile: repositoryPathMatcher(project),
      intents: loaded.intents.byProject.get(project.name),
      releasesOnDocs: docsOptIn.has(project.name),
      dependencyRanges:
        loaded.intents.rules.dependents === 'out-of-range'
          ? dependencyRangesOf(loaded.workspace, project, loaded.intents.packages)
          : undefined,
    };
  });
}

/**
 * The projects whose documentation alone releases them: all by default (a README is shipped and shown on
 * the registry page), none with `releaseOnDocs: false` (semantic-release's rule), or the ones listed.
 */
function releaseOnDocsProjects(loaded: LoadedWorkspace): Set<string> {
  const option = loaded.workspace.options.releaseOnDocs;
  if (option === undefined || option === true) return new Set(loaded.projects.map((project) => project.name));
  if (option === false) return new Set();
  if (!Array.isArray(option) || !option.every((entry) => typeof entry === 'string')) {
    throw new ReleaseProcessError(
      'releaseOnDocs in nx.json must be true, false or a list of projects',
      'Write it as false, or ["docs-site", "tag:public"]',
    );
  }
  return new Set(nxProjectMatcher(option, loaded.projects));
}

/**
 * The projects that can be released: those nx.json's release config selects (each must carry a version),
 * or, without such config, as `nx release` does, every project whose manifest has a version and whose
 * package.json is not private. Versioned projects left out keep the reason, for their gates to say.
 */
function releasableProjects(
  workspace: Workspace,
  repository: Repository,
): { projects: ReleasableProject[]; groups: ReleaseGroup[]; leftOut: Map<string, string> } {
  const versioned: ReleasableProject[] = [];
  const unversioned: string[] = [];
  let tracked: string[] | undefined;
  for (const project of workspace.projects) {
    const repositoryRoot = repositoryPath(workspace, repository.root, project.root);
    const manifest = readManifestVersion(join(workspace.root, project.root), repositoryRoot || '.');
    const trackedInProject = () => {
      const prefix = repositoryRoot ? `${repositoryRoot}/` : '';
      return (tracked ??= listTrackedFiles(repository)).filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length));
    };
    if (manifest)
      versioned.push({ ...project, manifest, repositoryRoot, productionFiles: readProductionFiles(workspace, project, trackedInProject) });
    else unversioned.push(project.name);
  }
  const configured = workspace.release.groups !== undefined || workspace.release.projects !== undefined;
  const candidates = configured ? workspace.projects : versioned.filter((project) => !isPrivatePackage(join(workspace.root, project.root)));
  // Without a release section, each project of an Nx workspace is released on its own (what `init` writes):
  // a fixed default would move a 0.4 Python project to the 1.3 of a TypeScript neighbour.
  const unconfigured = workspace.kind === 'nx' && Object.keys(workspace.release).length === 0;
  const groups = resolveReleaseGroups(workspace.release, candidates, nxProjectMatcher, unconfigured ? { relationship: 'independent' } : {});
  const grouped = new Set(groups.flatMap((group) => group.projects));
  const missing = unversioned.filter((name) => grouped.has(name));
  if (missing.length > 0) {
    throw new ReleaseProcessError(
      `release config in nx.json names ${missing.map((name) => `"${name}"`).join(', ')} but no version was found for it`,
      missing.some((name) => inheritsCargoVersion(workspace, name))
        ? 'A crate with version.workspace = true has no version of its own: leave it out of release.projects (e.g. "!crates/*") and release the Cargo workspace root'
        : `Add a version to its ${manifestNames()}, or leave it out of release.projects`,
    );
  }
  if (versioned.length === 0) {
    throw new ReleaseProcessError(`no project in ${workspace.root} has a version to release`, `Add a version to a ${manifestNames()}`);
  }
  const leftOut = new Map([
    ...unversioned
      .filter((name) => inheritsCargoVersion(workspace, name))
      .map(
        (name) =>
          [
            name,
            'its Cargo.toml takes the version of the Cargo workspace (version.workspace = true): release the workspace root whose Cargo.toml carries [workspace.package] version',
          ] as const,
      ),
    ...versioned
      .filter((project) => !grouped.has(project.name))
      .map(
        (project) =>
          [
            project.name,
            configured
              ? 'left out by the release config in nx.json (release.projects or release.groups)'
              : 'a private package, left out of releases as nx release does; name it in release.projects of nx.json to release it',
          ] as const,
      ),
  ]);
  return { projects: versioned.filter((project) => grouped.has(project.name)), groups, leftOut };
}

/** A crate whose version is the Cargo workspace's (`version.workspace = true`), so it has none of its own to release. */
function inheritsCargoVersion(workspace: Workspace, name: string): boolean {
  const project = workspace.projects.find((candidate) => candidate.name === name);
  const cargo = project ? join(workspace.root, project.root, 'Cargo.toml') : null;
  return (
    !!cargo &&
    existsSync(cargo) &&
    /^\s*version(\.workspace\s*=\s*true|\s*=\s*\{\s*workspace\s*=\s*true)/m.test(readFileSync(cargo, 'utf8'))
  );
}

/**
 * Cuts each project's commits from the window: bucketed by project root once, then filtered by range.
 * Commits are classified once each, and a change with its revert in the same range drops out.
 */
async function createProjectCommits(
  window: RawCommit[],
  projects: ReleasableProject[],
): Promise<(project: ReleasableProject, boundary: string | null) => ClassifiedCommit[]> {
  const classify = await createCommitClassifier();
  const dropRevertedPairs = await createRevertedPairFilter();
  const buckets = commitsByProjectRoot(
    window,
    projects.map((project) => project.repositoryRoot),
  );
  const newerThan = createRangeFilter(window);
  const classified = new Map<string, ClassifiedCommit>();
  const classifyOnce = (commit: RawCommit) => {
    let result = classified.get(commit.hash);
    if (!result) classified.set(commit.hash, (result = classify(commit)));
    return result;
  };
  return (project, boundary) =>
    dropRevertedPairs((buckets.get(project.repositoryRoot) ?? []).filter(newerThan(boundary)).map(classifyOnce));
}

/** The project's production-file test for paths as `git log` names them (repository-relative). */
function repositoryPathMatcher(project: ReleasableProject): (path: string) => boolean {
  const matches = productionFileMatcher(project.productionFiles);
  const prefix = project.repositoryRoot ? `${project.repositoryRoot}/` : '';
  return (path) => path.startsWith(prefix) && matches(path.slice(prefix.length));
}
