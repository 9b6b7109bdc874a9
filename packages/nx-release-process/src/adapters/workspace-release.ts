import { join } from 'node:path';
import type { ProjectGraph } from '@nx/devkit';
import type { Bump } from '../core/bump';
import {
  createCommitClassifier,
  createRevertedPairFilter,
  type ClassifiedCommit,
  type RawCommit,
} from '../core/commit-classification';
import { commitsByProjectRoot, createRangeFilter } from '../core/commit-range';
import { planRelease, type ProjectHistory, type ReleasePlan } from '../core/plan-release';
import { productionFileMatcher, type ProductionFiles } from '../core/production-files';
import { matchProjects, resolveReleaseGroups, type ReleaseGroup } from '../core/release-groups';
import { ReleaseProcessError } from '../core/release-error';
import { bumpRulesFrom } from '../core/release-options';
import { repositoryLinks, type RepositoryLinks } from '../core/repository-links';
import { lastReleases, type LastReleases } from '../core/tag-pattern';
import { listTagsMergedInto, listTrackedFiles, openRepository, readCommitWindow, remoteUrl, resolveCommit, type Repository } from './git';
import { readManifestVersion, type ManifestVersion } from './manifest-version';
import { readProductionFiles } from './production-files';
import { planFingerprint, readSharedPlan, writeSharedPlan } from './shared-plan';
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
  /** Gate executors: reuse the plan another task made from the very same inputs (see shared-plan.ts). */
  sharePlan?: boolean;
}

export interface WorkspaceRelease {
  workspace: Workspace;
  repository: Repository;
  /** The commit the release is cut from. */
  head: string;
  groups: ReleaseGroup[];
  plan: ReleasePlan;
  links: RepositoryLinks | null;
}

interface ReleasableProject extends WorkspaceProject {
  manifest: ManifestVersion;
  /** Root relative to the repository root, as `git log` names files. */
  repositoryRoot: string;
  /** The files it ships: changes to them ask for a release when nothing else decides. */
  productionFiles: ProductionFiles;
}

/**
 * Plans the release of the workspace around `request.path`: the workspace and its graph, the tags, and
 * one `git log` pass over the commits that any project's range needs; the decisions are core's.
 */
export async function planWorkspaceRelease(request: PlanRequest): Promise<WorkspaceRelease> {
  if (request.preid !== undefined && !/^[0-9A-Za-z-]+$/.test(request.preid)) {
    throw new ReleaseProcessError(`invalid --preid "${request.preid}"`, 'Use letters, digits and hyphens, such as rc or beta');
  }
  const repository = await openRepository(request.path);
  const known = request.projectGraph ? { graph: request.projectGraph, nxJson: request.nxJson ?? {} } : undefined;
  const workspace = await readWorkspace(request.path, repository.root, known);
  const head = await resolveCommit(repository, request.to ?? 'HEAD');
  const from = request.from ? await resolveCommit(repository, request.from) : null;

  const { projects, groups } = releasableProjects(workspace, repository);
  const selected = request.projects?.length ? matchProjects(request.projects, projects, '--project') : undefined;
  const tags = await listTagsMergedInto(repository, head);
  const releases = new Map(
    groups.flatMap((group) =>
      group.projects.map((name) => [name, lastReleases(tags, group.tagPattern, { projectName: name, releaseGroupName: group.name })] as const),
    ),
  );
  const boundaryOf = (name: string, which: keyof LastReleases) => from ?? releases.get(name)?.[which]?.commit ?? null;
  const options = { rules: bumpRulesFrom(workspace.options), preid: request.preid, promote: request.promote, forceBump: request.forceBump, selected };
  const fingerprint = request.sharePlan
    ? planFingerprint({
        head,
        from,
        options,
        groups,
        releases: [...releases],
        release: workspace.release,
        settings: workspace.options,
        projects: projects.map(({ name, root, repositoryRoot, manifest, dependencies, productionFiles }) => ({
          name,
          root,
          repositoryRoot,
          manifest,
          dependencies,
          productionFiles,
        })),
      })
    : null;
  let plan = fingerprint ? readSharedPlan(workspace.root, fingerprint) : null;
  if (!plan) {
    const window = await readCommitWindow(
      repository,
      head,
      projects.flatMap((project) => [boundaryOf(project.name, 'latest'), boundaryOf(project.name, 'latestStable')]),
    );
    const commitsOf = await createProjectCommits(window, projects);
    const histories: ProjectHistory[] = projects.map((project) => {
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
      };
    });
    plan = planRelease(histories, groups, options);
    if (fingerprint) writeSharedPlan(workspace.root, fingerprint, plan);
  }
  const remote = await remoteUrl(repository);
  return { workspace, repository, head, groups, plan, links: remote ? repositoryLinks(remote) : null };
}

/**
 * The projects that can be released: those named by nx.json's release config (each must carry a version),
 * or, without such config, every project whose manifest has a version.
 */
function releasableProjects(workspace: Workspace, repository: Repository): { projects: ReleasableProject[]; groups: ReleaseGroup[] } {
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
    if (manifest) versioned.push({ ...project, manifest, repositoryRoot, productionFiles: readProductionFiles(workspace, project, trackedInProject) });
    else unversioned.push(project.name);
  }
  const configured = workspace.release.groups !== undefined || workspace.release.projects !== undefined;
  const groups = resolveReleaseGroups(workspace.release, configured ? workspace.projects : versioned);
  const grouped = new Set(groups.flatMap((group) => group.projects));
  const missing = unversioned.filter((name) => grouped.has(name));
  if (missing.length > 0) {
    throw new ReleaseProcessError(
      `release config in nx.json names ${missing.map((name) => `"${name}"`).join(', ')} but no version was found for it`,
      'Add a version to its package.json (or pyproject.toml, Cargo.toml, version.py), or leave it out of release.projects',
    );
  }
  if (versioned.length === 0) {
    throw new ReleaseProcessError(
      `no project in ${workspace.root} has a version to release`,
      'Add a "version" to a package.json (or pyproject.toml, Cargo.toml, version.py)',
    );
  }
  return { projects: versioned.filter((project) => grouped.has(project.name)), groups };
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
  const buckets = commitsByProjectRoot(window, projects.map((project) => project.repositoryRoot));
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

/** Next versions by project, for "update dependency" lines. */
export function plannedVersions(plan: ReleasePlan): Record<string, string | null> {
  return Object.fromEntries(plan.projects.map((project) => [project.name, project.nextVersion]));
}

