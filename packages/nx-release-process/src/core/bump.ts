import type { ClassifiedCommit } from './commit-classification';
import { commitSignal, DEFAULT_SIGNALS, type CommitSignal, type Level, type ReleaseSignalRules } from './release-signals';

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
  /** The signals besides the conventional type that may ask for a release. */
  signals: ReleaseSignalRules;
  /** False: a change to documentation alone (`docs:`, or only `*.md` and `docs/` files) releases nothing. */
  releaseOnDocs?: boolean;
}

export const DEFAULT_BUMP_RULES: BumpRules = {
  releaseTypes: ['feat', 'fix', 'perf', 'revert'],
  bumpMinorPreMajor: true,
  bumpPatchForMinorPreMajor: true,
  signals: DEFAULT_SIGNALS,
};

/** Every changed path counts as shipped: what a project that declares nothing publishes (see production-files.ts). */
const EVERY_FILE = () => true;

/** A level as a bump, given whether the project is still below 1.0.0. */
function shifted(level: Level, rules: BumpRules, preMajor: boolean): BumpOrNone {
  if (!preMajor) return level;
  if (level === 'major' && rules.bumpMinorPreMajor) return 'minor';
  if (level === 'minor' && rules.bumpPatchForMinorPreMajor) return 'patch';
  return level;
}

/** The bump one commit asks for and the signal that decided it. */
export function commitBump(
  commit: ClassifiedCommit,
  rules: BumpRules,
  preMajor: boolean,
  isProductionFile: (path: string) => boolean = EVERY_FILE,
): { bump: BumpOrNone; signal: CommitSignal } {
  const signal = commitSignal(commit, {
    releaseTypes: rules.releaseTypes,
    signals: rules.signals,
    isProductionFile,
    releaseOnDocs: rules.releaseOnDocs,
  });
  return { bump: shifted(signal.level, rules, preMajor), signal };
}

export interface ReleasingCommit {
  commit: ClassifiedCommit;
  bump: Bump;
  signal: CommitSignal;
}

export interface BumpDecision {
  bump: BumpOrNone;
  /** The commits that ask for a release, each with the bump it asks for and why. */
  releasing: ReleasingCommit[];
  /** The signals of the commits that ask for nothing (the plan says why a project does not release). */
  quiet: CommitSignal[];
}

/** The highest bump the commits ask for. */
export function bumpFor(
  commits: ClassifiedCommit[],
  rules: BumpRules,
  preMajor: boolean,
  isProductionFile: (path: string) => boolean = EVERY_FILE,
): BumpDecision {
  let bump: BumpOrNone = 'none';
  const releasing: ReleasingCommit[] = [];
  const quiet: CommitSignal[] = [];
  for (const commit of commits) {
    const asked = commitBump(commit, rules, preMajor, isProductionFile);
    if (asked.bump === 'none') {
      quiet.push(asked.signal);
      continue;
    }
    releasing.push({ commit, bump: asked.bump, signal: asked.signal });
    bump = higherBump(bump, asked.bump);
  }
  return { bump, releasing, quiet };
}

/** What decided a bump, in a few words: the signal of the first commit asking for it, or why nothing does. */
export function decidedBy(decision: BumpDecision, commitCount: number): string {
  const top = decision.releasing.find((releasing) => releasing.bump === decision.bump);
  if (top) return top.signal.label;
  if (commitCount === 0) return 'no commits';
  const labels = [...new Set(decision.quiet.map((signal) => signal.label))];
  return labels.length === 1 ? labels[0] : `no signal asks for a release (${labels.join(', ')})`;
}
