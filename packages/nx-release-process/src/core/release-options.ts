import { DEFAULT_BUMP_RULES, type BumpRules } from './bump';
import { ReleaseProcessError } from './release-error';
import type { VersionFilePattern } from './version-files';

/** Options of the nx-release-process plugin entry in nx.json (`plugins: [{ plugin, options }]`). */
export interface ReleaseProcessOptions {
  releaseTypes?: string[];
  bumpMinorPreMajor?: boolean;
  bumpPatchForMinorPreMajor?: boolean;
  /** Extra version files by search/replace pattern (bump2version style), relative to each project root. */
  versionFiles?: VersionFilePattern[];
}

/** Validates the configured version file patterns. */
export function versionFilePatternsFrom(options: ReleaseProcessOptions, where = 'nx.json'): VersionFilePattern[] {
  const patterns = options.versionFiles ?? [];
  if (!Array.isArray(patterns)) throw new ReleaseProcessError(`versionFiles in ${where} must be a list`, 'Write it as [{ "file": "README.md", "search": "v{version}" }]');
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
  };
}
