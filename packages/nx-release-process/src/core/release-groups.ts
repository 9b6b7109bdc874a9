import { ReleaseProcessError } from './release-error';
import { lastReleases, tagFor, tagMatcher, type GitTag, type LastReleases } from './tag-pattern';

export type ProjectsRelationship = 'fixed' | 'independent';

export interface ReleaseGroup {
  name: string;
  projects: string[];
  relationship: ProjectsRelationship;
  tagPattern: string;
}

/** Where nx release keeps a tag pattern: `releaseTag.pattern` (Nx 21+) or the older `releaseTagPattern`. */
interface TagPatternConfig {
  releaseTag?: { pattern?: string };
  releaseTagPattern?: string;
}

/** The part of nx.json's `release` section that decides groups and tags, as teams using `nx release` wrote it. */
export interface NxReleaseConfig extends TagPatternConfig {
  projects?: string | string[];
  projectsRelationship?: ProjectsRelationship;
  groups?: Record<string, { projects: string | string[]; projectsRelationship?: ProjectsRelationship } & TagPatternConfig>;
}

function tagPatternOf(config: TagPatternConfig): string | undefined {
  return config.releaseTag?.pattern ?? config.releaseTagPattern;
}

export interface GroupableProject {
  name: string;
  tags: string[];
}

export const DEFAULT_GROUP = '__default__';

/**
 * Resolves nx.json `release` config into release groups over the releasable projects, with nx release's
 * defaults: one group of every project, `fixed`, tags `v{version}` (fixed) or `{projectName}@{version}` (independent).
 */
export function resolveReleaseGroups(
  config: NxReleaseConfig,
  projects: GroupableProject[],
  defaults: { relationship?: ProjectsRelationship; tagPattern?: string } = {},
): ReleaseGroup[] {
  const groupConfigs = config.groups ?? { [DEFAULT_GROUP]: { projects: config.projects ?? '*' } };
  const taken = new Map<string, string>();
  return Object.entries(groupConfigs).map(([name, group]) => {
    const relationship = group.projectsRelationship ?? config.projectsRelationship ?? defaults.relationship ?? 'fixed';
    const members = matchProjects(group.projects, projects, `release group "${name}"`);
    for (const member of members) {
      const other = taken.get(member);
      if (other) {
        throw new ReleaseProcessError(
          `project "${member}" is in two release groups, "${other}" and "${name}"`,
          'List each project in exactly one group under release.groups in nx.json',
        );
      }
      taken.set(member, name);
    }
    return {
      name,
      projects: members,
      relationship,
      tagPattern:
        tagPatternOf(group) ??
        tagPatternOf(config) ??
        defaults.tagPattern ??
        (relationship === 'fixed' ? 'v{version}' : '{projectName}@{version}'),
    };
  });
}

/**
 * Nx-style project patterns: exact names, globs (`*`, `?`), `tag:<tag>` and `!` exclusions.
 * An exact name that matches nothing is an error, as a typo would otherwise drop a project silently.
 */
export function matchProjects(patterns: string | string[], projects: GroupableProject[], where: string): string[] {
  const included = new Set<string>();
  for (const raw of patternList(patterns)) {
    const exclude = raw.startsWith('!');
    const pattern = exclude ? raw.slice(1) : raw;
    const matches = projects.filter((project) => matchesPattern(project, pattern)).map((project) => project.name);
    if (matches.length === 0 && !/[*?]/.test(pattern) && !pattern.startsWith('tag:')) {
      throw new ReleaseProcessError(
        `unknown project "${pattern}" in ${where}`,
        `Known releasable projects: ${projects.map((project) => project.name).join(', ') || 'none'}`,
      );
    }
    for (const name of matches) {
      if (exclude) included.delete(name);
      else included.add(name);
    }
  }
  return projects.map((project) => project.name).filter((name) => included.has(name));
}

/** Whether one project is selected by the patterns (the last matching pattern decides; `!` excludes). */
export function projectMatches(project: GroupableProject, patterns: string | string[]): boolean {
  let selected = false;
  for (const raw of patternList(patterns)) {
    const exclude = raw.startsWith('!');
    if (matchesPattern(project, exclude ? raw.slice(1) : raw)) selected = !exclude;
  }
  return selected;
}

function patternList(patterns: string | string[]): string[] {
  return Array.isArray(patterns) ? patterns : patterns.split(',').map((pattern) => pattern.trim());
}

function matchesPattern(project: GroupableProject, pattern: string): boolean {
  if (pattern.startsWith('tag:')) return matchesGlob(pattern.slice(4), project.tags);
  return matchesGlob(pattern, [project.name]);
}

function matchesGlob(glob: string, values: string[]): boolean {
  const regex = new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return values.some((value) => regex.test(value));
}

/** The release tag of a group's project at a version (a fixed group's members share it). */
export function releaseTag(group: ReleaseGroup, projectName: string, version: string): string {
  return tagFor(group.tagPattern, { projectName, releaseGroupName: group.name }, version);
}

/** The version a tag carries as a release of this group's project, or null. */
export function releaseTagMatcher(group: ReleaseGroup, projectName: string): (tag: string) => string | null {
  return tagMatcher(group.tagPattern, { projectName, releaseGroupName: group.name });
}

/** A group's project's last release and last stable release among the tags. */
export function lastReleasesOf(group: ReleaseGroup, projectName: string, tags: GitTag[]): LastReleases {
  return lastReleases(tags, group.tagPattern, { projectName, releaseGroupName: group.name });
}
