import { markdownText } from './printable';

/**
 * The users' side of a rollback, as a plan of actions (the release step's shape), once `nx g rollback` has
 * reverted the release on the branch and tagged it: the branch and the rollback tag pushed together, each npm
 * package's channel moved back to the previous version and the rolled-back version deprecated, the forge
 * release marked. Pure: the use case collects the state, this decides what is left, a rerun plans the rest.
 */
export interface RollbackState {
  /** The release tag rolled back, and its version. */
  tag: string;
  version: string;
  /** The version users go back to; null when the rolled-back one was the first release. */
  previous: string | null;
  reason: string;
  /** `<tag>-rollback`, made here at the revert commit by `nx g rollback`; `pushed` once the remote has it. */
  rollbackTag: { tag: string; pushed: boolean };
  /** Null without a remote to push to (`--no-push`). */
  push: { remote: string; branch: string } | null;
  /** npm packages of the release: the channel it went out on and where that channel points now, and its deprecation. */
  packages: Array<{ name: string; channel: string; channelAt: string | null; deprecated: boolean; previousPublished: boolean }>;
  /** Rust crates of the release; `live` while the registry still offers the version (published, not yanked). */
  crates?: Array<{ name: string; live: boolean }>;
  /** Python packages of the release, by name and PEP 440 version: no tool yanks them, the user is told how. */
  pythonPackages?: Array<{ name: string; version: string }>;
  /**
   * Null when there is no forge release to mark; `marked` once its body carries the rollback notice,
   * `rollbackReleased` once the rollback tag has a release of its own.
   */
  forge: { description: string; marked: boolean; rollbackReleased: boolean } | null;
}

export type RollbackAction =
  | { kind: 'push'; remote: string; branch: string; tag: string }
  | { kind: 'dist-tag'; name: string; channel: string; version: string }
  | { kind: 'deprecate'; name: string; version: string; message: string }
  | { kind: 'yank-crate'; name: string; version: string }
  | { kind: 'forge-mark'; forge: string; tag: string; notice: string }
  | { kind: 'forge-rollback-release'; forge: string; tag: string; notes: string };

/**
 * The steps that remain, in the order that gets users off the bad version soonest once the code is back: one
 * atomic push of branch and rollback tag, then each package's channel moved back to the previous version and
 * the bad one deprecated, then the forge release.
 */
export function planRollbackActions(state: RollbackState): RollbackAction[] {
  const actions: RollbackAction[] = [];
  if (state.push && !state.rollbackTag.pushed) {
    actions.push({ kind: 'push', remote: state.push.remote, branch: state.push.branch, tag: state.rollbackTag.tag });
  }
  for (const pkg of state.packages) {
    // With no previous version on the registry there is nothing to move the channel to: deprecation alone warns the users.
    if (state.previous && pkg.previousPublished && pkg.channelAt === state.version) {
      actions.push({ kind: 'dist-tag', name: pkg.name, channel: pkg.channel, version: state.previous });
    }
    if (!pkg.deprecated) actions.push({ kind: 'deprecate', name: pkg.name, version: state.version, message: deprecation(state) });
  }
  for (const crate of state.crates ?? []) {
    if (crate.live) actions.push({ kind: 'yank-crate', name: crate.name, version: state.version });
  }
  if (state.forge && !state.forge.marked) {
    actions.push({ kind: 'forge-mark', forge: state.forge.description, tag: state.tag, notice: rollbackNotice(state) });
  }
  // The rollback tag gets a release of its own once it is on the remote; without a push it may never be there.
  if (state.forge && state.push && !state.forge.rollbackReleased) {
    actions.push({
      kind: 'forge-rollback-release',
      forge: state.forge.description,
      tag: state.rollbackTag.tag,
      notes: rollbackNotes(state),
    });
  }
  return actions;
}

/**
 * What the user must do by hand: a Python index offers no yank to its upload tools (twine has none), so each
 * Python package of the release gets one line saying where to yank it.
 */
export function manualRollbackSteps(state: Pick<RollbackState, 'pythonPackages' | 'reason'>): string[] {
  return (state.pythonPackages ?? []).map(
    (pkg) =>
      `yank ${pkg.name} ${pkg.version} on its Python index by hand (twine cannot): on PyPI, the project's Manage page → Releases → ${pkg.version} → Options → Yank, with the reason "${oneLine(state.reason)}"; on a private index, its own yank or delete`,
  );
}

/** The npm deprecation message: short, with the way back. */
export function deprecation(state: Pick<RollbackState, 'version' | 'previous' | 'reason'>): string {
  const back = state.previous ? `; use ${state.previous}` : '';
  return `${state.version} was rolled back: ${oneLine(state.reason)}${back}`.slice(0, 1000);
}

export const ROLLBACK_NOTICE_MARK = '> **Rolled back**';

/** The notice put at the top of the forge release's notes. */
export function rollbackNotice(state: Pick<RollbackState, 'tag' | 'previous' | 'reason' | 'rollbackTag'>): string {
  const back = state.previous ? ` Users are moved back to ${state.previous}.` : '';
  return `${ROLLBACK_NOTICE_MARK} (${state.rollbackTag.tag}): ${oneLine(state.reason)}.${back}`;
}

/** The notes of the rollback tag's own release: what was rolled back, why, and where users go. */
export function rollbackNotes(state: Pick<RollbackState, 'tag' | 'version' | 'previous' | 'reason'>): string {
  const back = state.previous ? ` Users are moved back to ${state.previous}.` : '';
  return `# Rollback of ${state.tag}\n\n${state.version} was rolled back: ${markdownText(oneLine(state.reason))}.${back}`;
}

export function describeRollbackAction(action: RollbackAction): string {
  switch (action.kind) {
    case 'push':
      return `push ${action.branch} and ${action.tag} to ${action.remote} (atomic)`;
    case 'dist-tag':
      return `point ${action.name}@${action.channel} back to ${action.version}`;
    case 'deprecate':
      return `deprecate ${action.name}@${action.version}: "${action.message}"`;
    case 'yank-crate':
      return `yank the crate ${action.name} ${action.version}`;
    case 'forge-mark':
      return `mark the ${action.forge} release ${action.tag} rolled back`;
    case 'forge-rollback-release':
      return `create the ${action.forge} release ${action.tag}`;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
