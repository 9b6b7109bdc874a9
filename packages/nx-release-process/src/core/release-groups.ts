import { ReleaseProcessError } from './release-error';
import { lastReleases, ROLLBACK_SUFFIX, tagFor, tagMatcher, type GitTag, type LastReleases } from './tag-pattern';

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
  /** Nx version plans: true (or an object of settings) makes them required; their files are read either way. */
  versionPlans?: boolean | object;
}

function tagPatternOf(config: TagPatternConfig): string | undefined {
  return config.releaseTag?.pattern ?? config.releaseTagPattern;
}

export interface GroupableProject {
  name: string;
  /** Root relative to the workspace root ('' for the root project): Nx patterns such as `packages/*` match it. */
  root: string;
  tags: string[];
}

/**
 * Selects projects by patterns as Nx does (names, globs, directories, `tag:`, `!`): the adapters hand in Nx's
 * own matcher, so `release.projects` selects what `nx show projects -p` shows.
 */
export type ProjectMatcher = (patterns: string[], projects: GroupableProject[]) => string[];

export const DEFAULT_GROUP = '__default__';

/**
 * Resolves nx.json `release` config into release groups over the releasable projects, with nx release's
 * defaults: one group of every project, `fixed`, tags `v{version}` (fixed) or `{projectName}@{version}` (independent).
 */
export function resolveReleaseGroups(
  config: NxReleaseConfig,
  projects: GroupableProject[],
  match: ProjectMatcher,
  defaults: { relationship?: ProjectsRelationship; tagPattern?: string } = {},
): ReleaseGroup[] {
  const groupConfigs = config.groups ?? { [DEFAULT_GROUP]: { projects: config.projects ?? '*' } };
  const taken = new Map<string, string>();
  return Object.entries(groupConfigs).map(([name, group]) => {
    const relationship = group.projectsRelationship ?? config.projectsRelationship ?? defaults.relationship ?? 'fixed';
    const members = matchProjects(group.projects, projects, `release group "${name}"`, match);
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
      tagPattern: tagPatternOf(group) ?? tagPatternOf(config) ?? defaults.tagPattern ?? defaultTagPattern(relationship),
    };
  });
}

/**
 * The projects the patterns select, in the projects' order. An exact name that matches nothing is an error,
 * as a typo would otherwise drop a project silently.
 */
export function matchProjects(patterns: string | string[], projects: GroupableProject[], where: string, match: ProjectMatcher): string[] {
  const list = patternList(patterns);
  for (const raw of list) {
    const pattern = raw.replace(/^!/, '');
    if (!/[*?{}[\]]/.test(pattern) && !pattern.includes(':') && match([pattern], projects).length === 0) {
      throw new ReleaseProcessError(
        `unknown project "${pattern}" in ${where}`,
        `Known releasable projects: ${projects.map((project) => project.name).join(', ') || 'none'}`,
      );
    }
  }
  const included = new Set(match(list, projects));
  return projects.map((project) => project.name).filter((name) => included.has(name));
}

function patternList(patterns: string | string[]): string[] {
  return (Array.isArray(patterns) ? patterns : patterns.split(',')).map((pattern) => pattern.trim()).filter(Boolean);
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

/** A version at the end of a tag's name: `v1.2.0`, `core@1.2.0-rc.1`, `core-v2.0.0`. */
const VERSION_AT_END = /\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/**
 * When no project has a release under its group's tag pattern while the history holds version tags of
 * another shape (the pattern changed, or another tool named them), one line saying so and what to do:
 * otherwise every project is planned as a first release without a word. Null when there is nothing to say.
 */
export function tagPatternHint(groups: ReleaseGroup[], releases: Map<string, LastReleases>, tags: GitTag[]): string | null {
  if (groups.length === 0 || [...releases.values()].some((release) => release.latest !== null)) return null;
  const matchers = groups.flatMap((group) => group.projects.map((project) => releaseTagMatcher(group, project)));
  const others = tags
    .map((tag) => tag.name)
    .filter((name) => VERSION_AT_END.test(name) && !name.endsWith(ROLLBACK_SUFFIX) && !matchers.some((matches) => matches(name)))
    .sort();
  if (others.length === 0) return null;
  const patterns = [...new Set(groups.map((group) => group.tagPattern))].join(', ');
  const examples = others.slice(-3).join(', ');
  return `no tag matches ${patterns}, though ${others.length} version tag${others.length === 1 ? '' : 's'} of another pattern exist${others.length === 1 ? 's' : ''} (${examples}): every project is planned as a first release. If the pattern changed, set release.releaseTag.pattern in nx.json to the one those tags follow, or tag each project's last release under the new pattern`;
}

/** nx release's default tag pattern: one version for a fixed group, a tag per project for independent ones. */
export function defaultTagPattern(relationship: ProjectsRelationship): string {
  return relationship === 'fixed' ? 'v{version}' : '{projectName}@{version}';
}
