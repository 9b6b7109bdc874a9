import { createRangeFilter, pathsUnder } from '../core/commit-range';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCommitWindow } from './git';
import { repositoryRelative } from './files';
import { auditWorkspace, type AuditSeverity } from './npm-audit';
import { perPlan, perPlanAndKey, type GateRelease } from './release-workspace';
import { changelogPath, hasChangelogSection } from '../core/changelog-file';
import { DOC_TARGETS, type ChecklistEvidence, type SignOff } from '../core/gates/checklist';
import type { GateReport } from '../core/gates/gate-report';
import { ReleaseProcessError } from '../core/release-error';

export interface ChecklistOptions {
  /** Names of the project's documentation targets, by role (default docs, api-docs, examples). */
  docTargets?: Partial<typeof DOC_TARGETS>;
  /** File of sign-offs, relative to the workspace root. */
  signOffFile?: string;
  /** Lowest `npm audit` severity that fails the item (default high). */
  auditLevel?: AuditSeverity;
  /** Paths in the project that count as documentation (default README.md and docs/). */
  docs?: string[];
  benchmarkConfigured?: boolean;
}

/** The commits newer than the oldest of the plan's last releases, read in one `git log` pass, with their range filter. */
const commitWindow = perPlan((release) => {
  const boundaries = [...new Set(release.plan.projects.flatMap((project) => (project.lastTagCommit ? [project.lastTagCommit] : [])))];
  return readCommitWindow(release.repository, release.head, boundaries).then((commits) => ({
    commits,
    newerThan: createRangeFilter(commits),
  }));
});

/**
 * The files commits touched since a release, repository-relative and sorted: one `git log` pass serves a
 * whole batch of checklists, where each ran a `git diff`.
 */
const touchedSince = perPlanAndKey((release, boundary: string) =>
  commitWindow(release).then(({ commits, newerThan }) =>
    [...new Set(commits.filter(newerThan(boundary)).flatMap((commit) => commit.files))].sort(),
  ),
);

/** Gathers the checklist's evidence: other gates' reports, git, the changelog, npm audit and sign-offs. */
export async function gatherChecklistEvidence(
  release: GateRelease,
  projectName: string,
  readReport: (gate: string) => GateReport | null,
  options: ChecklistOptions,
  projectTargets: string[] = [],
): Promise<ChecklistEvidence> {
  const project = release.plan.projects.find((candidate) => candidate.name === projectName);
  if (!project) throw new ReleaseProcessError(`${projectName} is not a releasable project`, 'Give it a version in a manifest');
  const root = release.workspace.root;
  const signOffFile = options.signOffFile ?? 'release-signoffs.json';
  const changelog = join(root, changelogPath(project.root));
  const docs = (options.docs ?? ['README.md', 'docs']).map((path) =>
    repositoryRelative(release.repository.root, root, project.root ? `${project.root}/${path}` : path),
  );
  return {
    project: projectName,
    version: project.manifestVersion,
    gates: { test: readReport('test-gate'), benchmark: readReport('benchmark-gate'), version: readReport('version-gate') },
    benchmarkConfigured: options.benchmarkConfigured ?? false,
    docsChanged: project.lastTagCommit ? pathsUnder(await touchedSince(release, project.lastTagCommit), docs) : null,
    changelogHasVersion: existsSync(changelog) && hasChangelogSection(readFileSync(changelog, 'utf8'), project.manifestVersion),
    audit: await auditOf(release, options.auditLevel ?? 'high'),
    signOffs: signOffsOf(release, signOffFile),
    signOffFile,
    docTargets: Object.fromEntries(
      Object.entries({ ...DOC_TARGETS, ...options.docTargets }).filter(([, target]) => projectTargets.includes(target)),
    ),
  };
}

/**
 * The workspace's npm audit, once per plan and severity floor: each checklist of a batch read and hashed
 * the whole lockfile again (0.17 s at 100 projects for a 1.2 MB lockfile), and checklists running side by
 * side on a cold cache each started npm.
 */
const auditOf = perPlanAndKey((release, level: AuditSeverity) => auditWorkspace(release.workspace.root, level));

/** The sign-offs file, read once per plan: a batch's checklists all read the same one. */
const signOffsOf = perPlanAndKey((release, name: string) => readSignOffs(join(release.workspace.root, name), name));

function readSignOffs(path: string, name: string): SignOff[] {
  if (!existsSync(path)) return [];
  try {
    const entries = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (!Array.isArray(entries)) throw new Error('not a list');
    return entries as SignOff[];
  } catch (error) {
    throw new ReleaseProcessError(
      `${name} is not a JSON list of sign-offs: ${(error as Error).message}`,
      'Fix the file: [{"item": ..., "project": ..., "version": ..., "by": ..., "date": ...}]',
    );
  }
}
