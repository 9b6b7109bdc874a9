import * as semver from 'semver';
import { changelogPath, prependChangelogSection } from './changelog-file';
import type { ProjectPlan, ReleasePlan } from './plan-release';
import { ReleaseProcessError } from './release-error';
import { renderChangelogSection } from './render-changelog';
import { updatePackageLock } from './version-files/package-lock';

const PACKAGE_LOCK = 'package-lock.json';
import { renderWorkspaceNotes, type NotesContext } from './render-release-notes';
import {
  bumpPatternFile,
  patternCarries,
  updateDependencyRanges,
  versionFileKindOf,
  versionFilesOf,
  type VersionChange,
  type VersionFilePattern,
} from './version-files';

/** The reads release edits need. The Nx `Tree` has this shape, so generators pass their tree. */
export interface ReleaseFileReader {
  exists(path: string): boolean;
  read(path: string, encoding: 'utf-8'): string | null;
  children(dirPath: string): string[];
}

export interface FileEdit {
  path: string;
  content: string;
}

export interface ReleaseEditOptions {
  /** Release date, YYYY-MM-DD. */
  date: string;
  links: NotesContext['links'];
  versionFiles: boolean;
  versionFilePatterns?: VersionFilePattern[];
  /** Whether a pattern's `projects` select the project: Nx's matcher over the workspace, from the adapters. */
  selectsProject?: (patterns: string | string[], project: string) => boolean;
  /** Prepend a section to each released project's CHANGELOG.md. */
  changelog: boolean;
  /** Also prepend every release to this workspace-level changelog. */
  workspaceChangelog?: string | null;
  /** Write the release notes of every release to this file. */
  releaseNotes?: string | null;
}

export interface ReleaseEdits {
  edits: FileEdit[];
  /** What was left alone, and why (e.g. a changelog that already has the version). */
  notices: string[];
  /**
   * Files that already hold this release's text and are kept as they are: a changelog with the version's
   * section, release notes with every release's heading (the drafts `nx g changelog` and `nx g release-notes`
   * made and the user may have edited). The release commit takes them with the edits.
   */
  drafts: string[];
}

/**
 * Every file change a release makes, computed before anything is written: version files (built-in and
 * configured patterns), ranges on released workspace packages, changelogs and release notes. A version
 * file out of step fails the whole computation, so nothing is half-written.
 */
export async function planReleaseEdits(plan: ReleasePlan, files: ReleaseFileReader, options: ReleaseEditOptions): Promise<ReleaseEdits> {
  const released = plan.projects.filter((project) => project.nextVersion !== null);
  for (const project of released) refuseDowngrade(project);
  const contents = new Map<string, string>();
  const notices: string[] = [];
  const drafts: string[] = [];
  const read = (path: string) => contents.get(path) ?? files.read(path, 'utf-8');
  const write = (path: string, content: string) => {
    if (content !== read(path)) contents.set(path, content);
  };

  if (options.versionFiles) {
    const nextVersions = Object.fromEntries(released.map((project) => [project.name, project.nextVersion as string]));
    for (const project of released) {
      const change: VersionChange = { current: project.manifestVersion, next: project.nextVersion as string, date: options.date };
      if (change.current !== change.next) {
        const builtIn = versionFilesOf(project.root, files);
        for (const path of builtIn) {
          write(path, versionFileKindOf(path)!.write(path, read(path) as string, change));
        }
        for (const pattern of patternsFor(project, options)) {
          const path = joinPath(project.root, pattern.file);
          const text = read(path);
          if (text === null) throw missingFile(path);
          // A file bumpversion lists that is also a built-in version file (`__init__.py`) is bumped once.
          if (builtIn.includes(path) && !patternCarries(text, pattern, change.current)) continue;
          write(path, bumpPatternFile(path, text, pattern, change));
        }
      }
      const manifest = joinPath(project.root, 'package.json');
      const text = read(manifest);
      if (text !== null) write(manifest, updateDependencyRanges(manifest, text, nextVersions));
    }
    const lock = read(PACKAGE_LOCK);
    if (lock !== null) {
      const packages = released.flatMap((project) => {
        const text = read(joinPath(project.root, 'package.json'));
        const name = text === null ? undefined : (JSON.parse(text) as { name?: unknown }).name;
        return typeof name === 'string' && project.root ? [{ root: project.root, name, version: project.nextVersion as string }] : [];
      });
      write(PACKAGE_LOCK, updatePackageLock(PACKAGE_LOCK, lock, packages));
    }
  }

  const context = {
    links: options.links,
    versions: Object.fromEntries(plan.projects.map((project) => [project.name, project.nextVersion])),
  };
  for (const project of released) {
    if (!options.changelog && !options.workspaceChangelog) break;
    const section = await renderChangelogSection(project, { ...context, date: options.date });
    if (options.changelog) {
      prepend(changelogPath(project.root), project.nextVersion as string, section);
    }
    if (options.workspaceChangelog) {
      const tag = project.nextTag as string;
      prepend(options.workspaceChangelog, tag, section.replace(/^## \[[^\]]*\]/, `## [${tag}]`));
    }
  }
  if (options.releaseNotes && released.length > 0) {
    const current = read(options.releaseNotes);
    const tags = [...new Set(released.map((project) => project.nextTag as string))];
    if (current !== null && tags.every((tag) => current.includes(`# Release ${tag}\n`))) {
      drafts.push(options.releaseNotes);
      notices.push(`${options.releaseNotes} already has the notes of ${tags.join(', ')}: left as it is`);
    } else write(options.releaseNotes, await renderWorkspaceNotes(plan, context));
  }

  function prepend(path: string, version: string, section: string) {
    const update = prependChangelogSection(read(path), version, section);
    if (update.added) write(path, update.text);
    else {
      drafts.push(path);
      notices.push(`${path} already has a section for ${version}: left as it is`);
    }
  }

  return {
    edits: [...contents].map(([path, content]) => ({ path, content })),
    notices,
    drafts: drafts.filter((path) => !contents.has(path)),
  };
}

/** A manifest ahead of the last tag is a prepared (or hand-edited) release: planning from the tag would go back. */
function refuseDowngrade(project: ProjectPlan): void {
  const next = project.nextVersion as string;
  if (!semver.lt(next, project.manifestVersion)) return;
  const fromTag = project.lastTag ? ` from the last release tag ${project.lastTag}` : '';
  throw new ReleaseProcessError(
    `${project.name}: ${project.manifestFile} already says ${project.manifestVersion}, ahead of ${next} planned${fromTag}; versions never go back`,
    `Release the prepared version first (\`release-process release\`), or tag the commit that released ${project.manifestVersion}, then plan again`,
  );
}

function patternsFor(project: ProjectPlan, options: ReleaseEditOptions): VersionFilePattern[] {
  return (options.versionFilePatterns ?? []).filter((pattern) => {
    if (!pattern.projects) return true;
    if (!options.selectsProject) throw new Error('planReleaseEdits: versionFiles with "projects" need selectsProject');
    return options.selectsProject(pattern.projects, project.name);
  });
}

function missingFile(path: string): ReleaseProcessError {
  return new ReleaseProcessError(`version file ${path} does not exist`, 'Create it, or remove it from versionFiles in nx.json');
}

function joinPath(root: string, file: string): string {
  return root ? `${root.replace(/\/+$/, '')}/${file}` : file;
}
