import type { HealthOption } from './health';
import type { AnnouncementsOption } from './announcement';
import { DEFAULT_BUMP_RULES, type BumpRules } from './bump';
import { DEFAULT_DIST_TAGS, type DistTagRules } from './dist-tags';
import { ReleaseProcessError } from './release-error';
import { CONVENTIONAL_ONLY, DEFAULT_SIGNALS, type ReleaseSignalRules } from './release-signals';
import type { VersionFilePattern } from './version-files';

/** `releaseSignals` in the plugin options: "conventional" for conventional types only, or each signal set. */
export type ReleaseSignalsOption =
  | 'conventional'
  | (Partial<Record<'dependencyUpdates' | 'changedFiles', 'patch' | false>> & { keywords?: boolean; productionFiles?: string[] });

/** Options of the nx-release-process plugin entry in nx.json (`plugins: [{ plugin, options }]`). */
export interface ReleaseProcessOptions {
  releaseTypes?: string[];
  bumpMinorPreMajor?: boolean;
  bumpPatchForMinorPreMajor?: boolean;
  /** Extra version files by search/replace pattern (bump2version style), relative to each project root. */
  versionFiles?: VersionFilePattern[];
  releaseSignals?: ReleaseSignalsOption;
  /** Target the release step runs on each released project that has it, after publishing (`docs-deploy`). */
  docsDeployTarget?: string;
  /** Channels told of each release, hotfix and rollback (Slack, Teams, Discord, a generic webhook). */
  announcements?: AnnouncementsOption;
  /** Release health: PromQL checks with limits and the GitHub issues limit, by project. */
  health?: HealthOption;
  /** Whether documentation alone releases: true for every project, or the projects (names, globs, `tag:`) that opt in. */
  releaseOnDocs?: boolean | string[];
  /** How dist-tags are named: `line` for an older line's release (`v{line}-latest`), `prerelease` (`{preid}`). */
  distTags?: { line?: string; prerelease?: string };
  /** Snapshot releases: what follows `X.Y.Z-` in their versions (`{preid}`, `{datetime}`, `{timestamp}`, `{commit}`). */
  snapshot?: { prereleaseTemplate?: string };
  /** Release intents (changesets, Nx version plans): `required` makes a project release on its intents only. */
  intents?: { required?: boolean };
}

/** Validates the configured version file patterns. */
export function versionFilePatternsFrom(options: ReleaseProcessOptions, where = 'nx.json'): VersionFilePattern[] {
  const patterns = options.versionFiles ?? [];
  if (!Array.isArray(patterns))
    throw new ReleaseProcessError(
      `versionFiles in ${where} must be a list`,
      'Write it as [{ "file": "README.md", "search": "v{version}" }]',
    );
  for (const pattern of patterns) {
    if (typeof pattern?.file !== 'string' || typeof pattern.search !== 'string' || !pattern.search.includes('{version}')) {
      throw new ReleaseProcessError(
        `versionFiles entry ${JSON.stringify(pattern)} in ${where} needs a "file" and a "search" containing {version}`,
        'Write it as { "file": "README.md", "search": "v{version}" }',
      );
    }
  }
  return patterns;
}

/** Validates the plugin options once and turns them into bump rules. */
export function bumpRulesFrom(options: ReleaseProcessOptions, where = 'nx.json'): BumpRules {
  const { releaseTypes, bumpMinorPreMajor, bumpPatchForMinorPreMajor } = options;
  if (releaseTypes !== undefined && !(Array.isArray(releaseTypes) && releaseTypes.every((type) => typeof type === 'string'))) {
    throw new ReleaseProcessError(`releaseTypes in ${where} must be a list of commit types`, 'Write it as ["feat", "fix", "perf"]');
  }
  for (const [name, value] of Object.entries({ bumpMinorPreMajor, bumpPatchForMinorPreMajor })) {
    if (value !== undefined && typeof value !== 'boolean') {
      throw new ReleaseProcessError(`${name} in ${where} must be true or false`, `Set "${name}": true or false`);
    }
  }
  return {
    releaseTypes: releaseTypes ?? DEFAULT_BUMP_RULES.releaseTypes,
    bumpMinorPreMajor: bumpMinorPreMajor ?? DEFAULT_BUMP_RULES.bumpMinorPreMajor,
    bumpPatchForMinorPreMajor: bumpPatchForMinorPreMajor ?? DEFAULT_BUMP_RULES.bumpPatchForMinorPreMajor,
    signals: releaseSignalsFrom(options.releaseSignals, where),
  };
}

const SIGNALS_EXAMPLE =
  'Write "conventional", or { "dependencyUpdates": "patch", "keywords": true, "changedFiles": "patch" } with false to switch one off';

function releaseSignalsFrom(option: ReleaseSignalsOption | undefined, where: string): ReleaseSignalRules {
  if (option === undefined) return DEFAULT_SIGNALS;
  if (option === 'conventional') return CONVENTIONAL_ONLY;
  if (typeof option !== 'object' || option === null || Array.isArray(option)) {
    throw new ReleaseProcessError(`releaseSignals in ${where} must be "conventional" or an object`, SIGNALS_EXAMPLE);
  }
  const known = ['dependencyUpdates', 'keywords', 'changedFiles', 'productionFiles'];
  const unknown = Object.keys(option).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw new ReleaseProcessError(`releaseSignals in ${where} has unknown setting "${unknown[0]}"`, SIGNALS_EXAMPLE);
  const level = (name: 'dependencyUpdates' | 'changedFiles'): 'patch' | 'none' => {
    const value = option[name];
    if (value === undefined) return DEFAULT_SIGNALS[name];
    if (value === 'patch' || value === false) return value || 'none';
    throw new ReleaseProcessError(`releaseSignals.${name} in ${where} must be "patch" or false`, SIGNALS_EXAMPLE);
  };
  if (option.keywords !== undefined && typeof option.keywords !== 'boolean') {
    throw new ReleaseProcessError(`releaseSignals.keywords in ${where} must be true or false`, SIGNALS_EXAMPLE);
  }
  productionGlobsFrom(option, where);
  return {
    dependencyUpdates: level('dependencyUpdates'),
    keywords: option.keywords ?? DEFAULT_SIGNALS.keywords,
    changedFiles: level('changedFiles'),
  };
}

/** `releaseSignals.productionFiles`: globs relative to each project root, `!` to exclude; undefined when not set. */
export function productionGlobsFrom(option: ReleaseSignalsOption | undefined, where = 'nx.json'): string[] | undefined {
  if (typeof option !== 'object' || option === null || option.productionFiles === undefined) return undefined;
  const globs = option.productionFiles;
  if (!Array.isArray(globs) || !globs.every((glob) => typeof glob === 'string' && glob.trim() !== '')) {
    throw new ReleaseProcessError(
      `releaseSignals.productionFiles in ${where} must be a list of globs`,
      'Write it as ["src/**", "!**/*.spec.ts"]',
    );
  }
  return globs;
}

/** `gates.test` in the plugin options, and the test-gate executor's options. */
export interface TestGateOptions {
  /** Command to run instead of the project's `test` target (run in the workspace root). */
  command?: string;
  /** Lowest line coverage, in percent, read from an istanbul json-summary. */
  coverageFloor?: number;
  /** That summary, relative to the workspace root; default coverage/<projectRoot>/coverage-summary.json. */
  coverageSummary?: string;
}

/** The dist-tag names of the plugin options, checked; the defaults where unset. */
export function distTagRulesFrom(option: ReleaseProcessOptions['distTags'], where = 'nx.json'): DistTagRules {
  if (option === undefined) return DEFAULT_DIST_TAGS;
  const problems = (['line', 'prerelease'] as const).filter((key) => option[key] !== undefined && typeof option[key] !== 'string');
  if (typeof option !== 'object' || option === null || problems.length > 0) {
    throw new ReleaseProcessError(
      `distTags in ${where} must be { "line": "v{line}-latest", "prerelease": "{preid}" }`,
      'Give each name as a string',
    );
  }
  return { line: option.line ?? DEFAULT_DIST_TAGS.line, prerelease: option.prerelease ?? DEFAULT_DIST_TAGS.prerelease };
}
