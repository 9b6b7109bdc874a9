/**
 * nx.json's `release` section as this plugin reads it. An `nx release` setup migrates as it is: every key is
 * either honoured here or elsewhere (projects, groups, tag patterns, version plans), or named in one warning
 * with what the plugin does instead, so no setting is dropped without a word.
 */
export interface NxReleaseSettings {
  /** The workspace changelog every release is also prepended to (`changelog.workspaceChangelog`), or null. */
  workspaceChangelog: string | null;
  /** Whether each released project's CHANGELOG.md gets its section (`changelog.projectChangelogs`, default true). */
  projectChangelogs: boolean;
  /** The release commit's message (`git.commitMessage`, `version.git.commitMessage`), `{version}` interpolated. */
  commitMessage: string | null;
  /** The first paragraph of each release tag's message (`git.tagMessage`): `{version}`, `{projectName}`, `{tag}`. */
  tagMessage: string | null;
  /** Keys present that the plugin does not read, each with what it does instead. */
  unused: Array<{ key: string; instead: string }>;
}

/** Keys read elsewhere (release groups, tag patterns, intents). */
const READ_ELSEWHERE = new Set(['projects', 'projectsRelationship', 'groups', 'releaseTagPattern', 'versionPlans']);

const GIT_STEPS = 'release-branch commits on its own branch, and release-process release tags and pushes atomically (--remote, --no-push)';

/** What the plugin does instead of each key it does not read, by the key's path (a prefix covers its children). */
const INSTEAD: Record<string, string> = {
  'releaseTag.pattern': '',
  releaseTag: 'tags are read where the release commit reaches them, as semver',
  releaseTagPatternCheckAllBranchesWhen: 'tags are read where the release commit reaches them',
  releaseTagPatternRequireSemver: 'tags are read as semver',
  releaseTagPatternPreferDockerVersion: 'Docker versions are not planned',
  releaseTagPatternStrictPreid: 'a release candidate is asked for with --preid',
  'git.commitMessage': '',
  'git.tagMessage': '',
  git: GIT_STEPS,
  'version.git.commitMessage': '',
  'version.git.tagMessage': '',
  'version.git': GIT_STEPS,
  'version.conventionalCommits': 'bumps always come from conventional commits and release intents',
  'version.preid': 'a release candidate is asked for with --preid',
  'version.generatorOptions.preid': 'a release candidate is asked for with --preid',
  version: 'version files are found and written by the plugin (its versionFiles option for patterns); bumps come from commits and intents',
  'changelog.workspaceChangelog.file': '',
  'changelog.workspaceChangelog':
    'the workspace changelog is a Keep a Changelog file written by release-branch; forge releases are made by release-process release',
  'changelog.projectChangelogs':
    'each CHANGELOG.md is a Keep a Changelog file written by release-branch; forge releases are made by release-process release',
  changelog: 'changelogs are written by release-branch and nx g changelog',
  conventionalCommits:
    'commit types map to bumps by the plugin (its releaseTypes, bumpMinorPreMajor and bumpPatchForMinorPreMajor options)',
  docker: 'Docker images are not released',
};

/** Reads the `release` section of nx.json: what the plugin honours, and the keys it does not read. */
export function nxReleaseSettings(release: Record<string, unknown> | undefined): NxReleaseSettings {
  const config = release ?? {};
  const changelog = record(config.changelog);
  const git = record(config.git);
  const versionGit = record(record(config.version).git);
  const workspace = changelog.workspaceChangelog;
  const projects = changelog.projectChangelogs;
  return {
    workspaceChangelog:
      workspace === true
        ? 'CHANGELOG.md'
        : isRecord(workspace)
          ? typeof workspace.file === 'string'
            ? workspace.file.replace(/^\{workspaceRoot\}\/?/, '')
            : 'CHANGELOG.md'
          : null,
    projectChangelogs: projects !== false,
    commitMessage: text(git.commitMessage) ?? text(versionGit.commitMessage),
    tagMessage: text(git.tagMessage) ?? text(versionGit.tagMessage),
    unused: unusedKeys(config),
  };
}

/** One line naming every key the plugin does not read and what it does instead; null when there is none. */
export function unusedSettingsWarning(settings: NxReleaseSettings): string | null {
  if (settings.unused.length === 0) return null;
  return `nx.json release settings nx-release-process does not read: ${settings.unused
    .map((entry) => `${entry.key} (${entry.instead})`)
    .join('; ')}`;
}

/** A message template with `{version}`, `{projectName}` and `{tag}`; a placeholder without one value is left out. */
export function interpolateMessage(template: string, values: { version?: string; projectName?: string; tag?: string }): string {
  return template
    .replace(/\s*\{(version|projectName|tag)\}/g, (placeholder, name: keyof typeof values) =>
      values[name] === undefined ? '' : placeholder.replace(`{${name}}`, values[name] as string),
    )
    .trim();
}

function unusedKeys(config: Record<string, unknown>): Array<{ key: string; instead: string }> {
  const found = new Map<string, string>();
  // Every setting is a leaf; it is named one level below the rule that covers it (`version.generator`).
  const visit = (value: unknown, path: string) => {
    if (isRecord(value) && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value)) visit(child, `${path}.${key}`);
      return;
    }
    const rule = ruleFor(path);
    if (rule?.instead === '' || honouredValue(path, value)) return;
    const depth = rule ? rule.key.split('.').length + 1 : 2;
    found.set(path.split('.').slice(0, depth).join('.'), rule?.instead ?? 'not read by nx-release-process');
  };
  for (const [key, value] of Object.entries(config)) if (!READ_ELSEWHERE.has(key)) visit(value, key);
  return [...found].map(([key, instead]) => ({ key, instead }));
}

/** The rule of the nearest configured path: the key's own, else its parent's, and so on. */
function ruleFor(path: string): { key: string; instead: string } | undefined {
  for (let key = path; key; key = key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : '') {
    if (key in INSTEAD) return { key, instead: INSTEAD[key] };
  }
  return undefined;
}

/** The boolean forms of the changelog switches are honoured; their other settings are not. */
function honouredValue(path: string, value: unknown): boolean {
  return (path === 'changelog.workspaceChangelog' || path === 'changelog.projectChangelogs') && typeof value === 'boolean';
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null;
}
