import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listedDiskReader } from './file-readers';
import { selectsProject } from './workspace';
import { listTagRecords } from './git';
import { perPlan, type GateRelease } from './release-workspace';
import { changelogPath, hasChangelogSection } from '../core/changelog-file';
import type { VersionFacts } from '../core/gates/version-gate';
import { ReleaseProcessError } from '../core/release-error';
import { releaseTag } from '../core/release-groups';
import { versionFilePatternsFrom } from '../core/release-options';
import { DEPENDENCY_FIELDS, patternCarries, versionFileKindOf, versionFilesOf } from '../core/version-files';
import { parsePackageJson } from '../core/version-files/package-json';

/** Reads what the version gate checks for one project, from the files and tags as they are. */
export async function gatherVersionFacts(release: GateRelease, projectName: string): Promise<VersionFacts> {
  const project = release.plan.projects.find((candidate) => candidate.name === projectName);
  const group = release.groups.find((candidate) => candidate.projects.includes(projectName));
  if (!project || !group)
    throw new ReleaseProcessError(
      `${projectName} is not a releasable project`,
      'Give it a version in a manifest, or remove its version gate',
    );
  const files = workspaceFilesOf(release);
  const version = project.manifestVersion;
  const tag = releaseTag(group, projectName, version);

  const versionFiles = versionFilesOf(project.root, files).map((path) => ({
    path,
    version: versionFileKindOf(path)!.read(path, files.read(path, 'utf-8') as string),
  }));
  for (const pattern of versionFilePatternsFrom(release.workspace.options)) {
    if (pattern.projects && !selectsProject(release.workspace, pattern.projects, projectName)) continue;
    const path = project.root ? `${project.root}/${pattern.file}` : pattern.file;
    const text = files.read(path, 'utf-8');
    versionFiles.push({ path, version: text !== null && patternCarries(text, pattern, version) ? version : null });
  }

  const changelogFile = changelogPath(project.root);
  const changelog = files.read(changelogFile, 'utf-8');
  return {
    pending: project.nextVersion !== null || version !== project.currentVersion,
    version,
    manifestFile: project.manifestFile,
    lastRelease: project.lastTag ? project.currentVersion : null,
    tag,
    tagExists: (await tagNamesOf(release)).has(tag),
    versionFiles,
    dependencyRanges: dependencyRanges(release, project.root),
    changelog: { path: changelogFile, hasSection: changelog !== null && hasChangelogSection(changelog, version) },
  };
}

/**
 * The workspace's files as a batch of version gates finds them: one listing per folder for the whole batch,
 * where each gate asked the disk a hundred times whether a version file is there. The gates write only
 * their reports, never a file they look for.
 */
const workspaceFilesOf = perPlan((release) => listedDiskReader(release.workspace.root));

/** The names of the repository's tags, on any branch: one git run per plan, not one per gate. */
const tagNamesOf = perPlan((release) => listTagRecords(release.repository).then((tags) => new Set(tags.map((tag) => tag.name))));

/** Each workspace package's name with the version its project carries now, read once per plan. */
const packageVersionsOf = perPlan((release) => {
  const versions = new Map<string, string>();
  for (const candidate of release.plan.projects) {
    const candidateManifest = join(release.workspace.root, candidate.root, 'package.json');
    if (!existsSync(candidateManifest)) continue;
    const name = (parsePackageJson(candidateManifest, readFileSync(candidateManifest, 'utf8')) as { name?: string }).name;
    if (name) versions.set(name, candidate.manifestVersion);
  }
  return versions;
});

/** The project's ranges on workspace packages, with the version each package carries now. */
function dependencyRanges(release: GateRelease, root: string): VersionFacts['dependencyRanges'] {
  const manifestPath = join(release.workspace.root, root, 'package.json');
  if (!existsSync(manifestPath)) return [];
  const file = root ? `${root}/package.json` : 'package.json';
  const manifest = parsePackageJson(manifestPath, readFileSync(manifestPath, 'utf8')) as Record<string, Record<string, string> | undefined>;
  const versionsByPackage = packageVersionsOf(release);
  return DEPENDENCY_FIELDS.flatMap((field) =>
    Object.entries(manifest[field] ?? {}).flatMap(([dependency, range]) => {
      const version = versionsByPackage.get(dependency);
      return version && /^[~^<>=\d]/.test(range) ? [{ dependency, range, version, file }] : [];
    }),
  );
}
