import type { ClassifiedCommit } from './commit-classification';

/**
 * Which signals besides the conventional type may ask for a release, and how much. The conventional type
 * and breaking markers always come first; `CONVENTIONAL_ONLY` switches every other signal off.
 */
export interface ReleaseSignalRules {
  /** Dependency updates (`deps:`, `chore(deps):`, Dependabot's `Bump x from…`, Renovate's `Update dependency…`). */
  dependencyUpdates: 'patch' | 'none';
  /** Cues in messages without a conventional type: `Breaking:`/`BREAKING`, `New:`/`Update:`, `Fix…`, gitmoji. */
  keywords: boolean;
  /** A commit no other signal decided: a change to the project's production files asks for this. */
  changedFiles: 'patch' | 'none';
}

export const DEFAULT_SIGNALS: ReleaseSignalRules = { dependencyUpdates: 'patch', keywords: true, changedFiles: 'patch' };
export const CONVENTIONAL_ONLY: ReleaseSignalRules = { dependencyUpdates: 'none', keywords: false, changedFiles: 'none' };

/** A level before the below-1.0.0 rules shift it. */
export type Level = 'major' | 'minor' | 'patch' | 'none';

export type SignalKind =
  | 'conventional'
  | 'dependency-update'
  | 'dev-dependency-update'
  | 'keyword'
  | 'production-files'
  | 'non-production-files'
  | 'docs-only'
  | 'merge'
  | 'hotfix'
  | 'no-signal';

/** What decided one commit's level, with the words the plan shows for it. */
export interface CommitSignal {
  kind: SignalKind;
  level: Level;
  label: string;
}

/** The types of the Conventional Commits specification and its Angular roots: a commit typed so has said what it is. */
const CONVENTIONAL_TYPES = new Set(['feat', 'fix', 'perf', 'revert', 'docs', 'style', 'refactor', 'test', 'build', 'ci', 'chore']);

export interface SignalContext {
  /** Commit types that release on their own (`feat` a minor, the others a patch). */
  releaseTypes: string[];
  signals: ReleaseSignalRules;
  /** Whether a changed path (as `git log` names it) is one of this project's production files. */
  isProductionFile: (path: string) => boolean;
  /** False: documentation alone releases nothing (semantic-release's rule). By default a shipped README releases. */
  releaseOnDocs?: boolean;
}

/** The level one commit asks for and the signal that decided it, in the documented order. */
export function commitSignal(commit: ClassifiedCommit, context: SignalContext): CommitSignal {
  if (commit.type === 'merge') return { kind: 'merge', level: 'none', label: 'merge commit' };
  if (commit.breaking) return { kind: 'conventional', level: 'major', label: 'conventional breaking change' };
  const typed = CONVENTIONAL_TYPES.has(commit.type) || context.releaseTypes.includes(commit.type);
  if (context.releaseTypes.includes(commit.type)) {
    return { kind: 'conventional', level: commit.type === 'feat' ? 'minor' : 'patch', label: `conventional ${commit.type}` };
  }
  const { signals } = context;
  const dependency = dependencyUpdateOf(commit);
  if (dependency && signals.dependencyUpdates !== 'none') {
    return dependency === 'dev'
      ? { kind: 'dev-dependency-update', level: 'none', label: 'dev dependency update' }
      : { kind: 'dependency-update', level: signals.dependencyUpdates, label: 'dependency update' };
  }
  // With releaseOnDocs off, as semantic-release and release-please decide: documentation alone is no release.
  if (context.releaseOnDocs === false && (commit.type === 'docs' || (commit.files.length > 0 && commit.files.every(isDocumentation)))) {
    return { kind: 'docs-only', level: 'none', label: 'documentation only' };
  }
  const production = commit.files.some(context.isProductionFile);
  if (!typed && signals.keywords) {
    const cue = keywordOf(commit.header);
    // A cue speaks for what shipped: "New: tests for x" touching tests only asks for nothing.
    if (cue && (production || cue.level === 'major')) return { kind: 'keyword', level: cue.level, label: `keyword "${cue.word}"` };
  }
  if (signals.changedFiles === 'none')
    return { kind: 'no-signal', level: 'none', label: typed ? `conventional ${commit.type}` : 'no conventional type' };
  if (production) return { kind: 'production-files', level: signals.changedFiles, label: 'changed production files' };
  return { kind: 'non-production-files', level: 'none', label: commit.files.length === 0 ? 'no files changed' : 'only docs/tests changed' };
}

/** Markdown and reStructuredText files, and anything under a `docs/` or `doc/` folder. */
export function isDocumentation(path: string): boolean {
  return /\.(md|mdx|markdown|rst|adoc)$/i.test(path) || /(^|\/)docs?\//i.test(path);
}

/** Scopes and words that mark a commit as a dependency update, and those that say it is a dev-only one. */
const DEPENDENCY_SCOPE = /^(deps?|dependencies|deps-prod)$/i;
const DEV_DEPENDENCY_SCOPE = /^(deps-dev|dev-?deps|dev-?dependencies)$/i;
const TYPE_PREFIX = String.raw`^(?:\w+(?:\([^)]*\))?!?:\s*)?`;
const DEPENDENCY_MESSAGES = [
  // Dependabot: "Bump lodash from 4.17.20 to 4.17.21", "chore(deps): bump the npm group with 3 updates"
  new RegExp(`${TYPE_PREFIX}bump \\S+ from \\S+ to \\S+`, 'i'),
  new RegExp(`${TYPE_PREFIX}bump the \\S+ group`, 'i'),
  // Renovate: "Update dependency x to v2", "chore(deps): update all non-major dependencies"
  new RegExp(`${TYPE_PREFIX}(?:update|upgrade|bump)[sd]?\\b.*\\b(?:dependency|dependencies|deps|devDependencies)\\b`, 'i'),
  // "upgrade meow to v5", "Update typescript to 5.4"
  new RegExp(`${TYPE_PREFIX}(?:update|upgrade)[sd]? \\S+ to v?\\d`, 'i'),
  // ESLint's tag for dependency upgrades
  /^upgrade:/i,
];

function dependencyUpdateOf(commit: ClassifiedCommit): 'prod' | 'dev' | null {
  const scope = commit.scope ?? '';
  const dev = DEV_DEPENDENCY_SCOPE.test(scope) || /dev-?dependenc/i.test(commit.header);
  if (commit.type === 'deps' || DEPENDENCY_SCOPE.test(scope) || DEV_DEPENDENCY_SCOPE.test(scope)) return dev ? 'dev' : 'prod';
  if (DEPENDENCY_MESSAGES.some((pattern) => pattern.test(commit.header))) return dev ? 'dev' : 'prod';
  return null;
}

/**
 * Cues in free-form messages, from conventions older than Conventional Commits: ESLint's tags
 * (`Breaking:`, `New:`, `Update:`, `Fix:`; conventional-changelog's eslint preset bumps them the same way),
 * gitmoji (💥 ✨ 🐛), and plain verbs (`Fix…`).
 */
const KEYWORDS: Array<{ pattern: RegExp; level: Level }> = [
  { pattern: /^(breaking)\s*:/i, level: 'major' },
  { pattern: /\b(BREAKING)\b/, level: 'major' },
  { pattern: /^(:boom:|💥)/u, level: 'major' },
  { pattern: /^(new|update|feature)\s*:/i, level: 'minor' },
  { pattern: /^(:sparkles:|✨)/u, level: 'minor' },
  { pattern: /^(fix(?:e[sd])?)[\s:]/i, level: 'patch' },
  { pattern: /^(:bug:|🐛|:ambulance:|🚑)/u, level: 'patch' },
];

function keywordOf(header: string): { word: string; level: Level } | null {
  for (const { pattern, level } of KEYWORDS) {
    const match = pattern.exec(header);
    if (match) return { word: match[1], level };
  }
  return null;
}
