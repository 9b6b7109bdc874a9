import type { ClassifiedCommit } from './commit-classification';

export type Bump = 'major' | 'minor' | 'patch';
export type BumpOrNone = Bump | 'none';

const BUMP_RANK: Record<BumpOrNone, number> = { none: 0, patch: 1, minor: 2, major: 3 };

export function higherBump(a: BumpOrNone, b: BumpOrNone): BumpOrNone {
  return BUMP_RANK[a] >= BUMP_RANK[b] ? a : b;
}

export interface BumpRules {
  /** Commit types that release: `feat` gives a minor, every other listed type a patch. Breaking changes always release. */
  releaseTypes: string[];
  /** Below 1.0.0 a breaking change bumps the minor (release-please's `bump-minor-pre-major`). */
  bumpMinorPreMajor: boolean;
  /** Below 1.0.0 a feature bumps the patch (release-please's `bump-patch-for-minor-pre-major`). */
  bumpPatchForMinorPreMajor: boolean;
}

export const DEFAULT_BUMP_RULES: BumpRules = {
  releaseTypes: ['feat', 'fix', 'perf', 'revert'],
  bumpMinorPreMajor: true,
  bumpPatchForMinorPreMajor: true,
};

/** The bump one commit asks for, given whether the project is still below 1.0.0. */
export function commitBump(commit: ClassifiedCommit, rules: BumpRules, preMajor: boolean): BumpOrNone {
  if (commit.type === 'merge') return 'none';
  if (commit.breaking) return preMajor && rules.bumpMinorPreMajor ? 'minor' : 'major';
  if (!rules.releaseTypes.includes(commit.type)) return 'none';
  if (commit.type === 'feat') return preMajor && rules.bumpPatchForMinorPreMajor ? 'patch' : 'minor';
  return 'patch';
}

export interface BumpDecision {
  bump: BumpOrNone;
  /** The commits that ask for a release, each with the bump it asks for. */
  releasing: Array<{ commit: ClassifiedCommit; bump: Bump }>;
}

/** The highest bump the commits ask for. */
export function bumpFor(commits: ClassifiedCommit[], rules: BumpRules, preMajor: boolean): BumpDecision {
  let bump: BumpOrNone = 'none';
  const releasing: BumpDecision['releasing'] = [];
  for (const commit of commits) {
    const asked = commitBump(commit, rules, preMajor);
    if (asked === 'none') continue;
    releasing.push({ commit, bump: asked });
    bump = higherBump(bump, asked);
  }
  return { bump, releasing };
}
