import * as semver from 'semver';
import type { ClassifiedCommit } from './commit-classification';
import { bumpFor, decidedBy, higherBump, type Bump, type BumpOrNone, type BumpRules } from './bump';
import type { CommitSignal } from './release-signals';
import { dependencyOrder, dependentsGraph, type DependencyGraph } from './dependents';
import { releaseTag, type ReleaseGroup } from './release-groups';
import { ReleaseProcessError } from './release-error';
import { highest, NO_INTENT_RULES, type IntentRules, type ProjectIntent } from './release-intents';
import type { TaggedRelease } from './tag-pattern';
import { nextVersion } from './version-step';

/** Everything planning needs to know about one releasable project, gathered by the adapters. */
export interface ProjectHistory {
  name: string;
  /** Project root relative to the workspace root; '' for the workspace root itself. */
  root: string;
  /** Version in the project's manifest and the file it was read from. */
  manifestVersion: string;
  manifestFile: string;
  dependencies: string[];
  latest: TaggedRelease | null;
  latestStable: TaggedRelease | null;
  /** Commits touching the project since `latest` (all of its history when never released), newest first. */
  sinceLatest: ClassifiedCommit[];
  /** Commits since `latestStable`; the same as `sinceLatest` unless `latest` is a candidate. */
  sinceStable: ClassifiedCommit[];
  /** Whether a changed path (repository-relative, as `git log` names it) is one of the project's production files. */
  isProductionFile?: (path: string) => boolean;
  /** The release intents (changesets, version plans) that name the project: where there are any, they decide its bump. */
  intents?: ProjectIntent[];
  /** Whether documentation alone releases it (the plugin's `releaseOnDocs`); by default as its other files. */
  releasesOnDocs?: boolean;
  /** The range its package.json declares for each dependency (by project), where `dependents: out-of-range` needs them. */
  dependencyRanges?: Record<string, string>;
}

export interface PlanOptions {
  rules: BumpRules;
  preid?: string;
  promote?: boolean;
  /** Projects asked for; their dependents (and fixed-group partners) join them. All projects when absent. */
  selected?: string[];
  /** Releases the selected projects with this bump, whatever their commits ask for (`--bump`). */
  forceBump?: Bump;
  /** Whether intents are required, and the sets they release together; none by default. */
  intents?: IntentRules;
}

export type ReleaseReason =
  | { kind: 'commit'; commit: ClassifiedCommit; bump: Bump; signal: CommitSignal }
  | { kind: 'dependency'; dependency: string }
  | { kind: 'group'; group: string }
  | { kind: 'first-release' }
  | { kind: 'promote'; from: string }
  | { kind: 'forced'; bump: Bump }
  | { kind: 'intent'; file: string; bump: BumpOrNone; summary: string }
  | { kind: 'intent-set'; set: 'fixed' | 'linked'; with: string[] };

export interface ProjectPlan {
  name: string;
  root: string;
  group: string;
  relationship: ReleaseGroup['relationship'];
  currentVersion: string;
  /** The version the project's files carry now (equal to currentVersion unless prepared or edited by hand). */
  manifestVersion: string;
  manifestFile: string;
  lastTag: string | null;
  lastTagCommit: string | null;
  /** The bump applied; 'none' for a first release (the manifest version is released as it is). */
  bump: BumpOrNone;
  nextVersion: string | null;
  nextTag: string | null;
  reasons: ReleaseReason[];
  /** The signal that decided the bump, or why there is no release, in a few words (`conventional feat`, `only docs/tests changed`). */
  decidedBy: string;
  /** The commits the release is made of (since the last stable release), for notes and changelogs. */
  commits: ClassifiedCommit[];
  /** The intents it releases, for notes and changelogs, and for the release commit to consume. */
  intents: ProjectIntent[];
  dependencies: string[];
}

export interface ReleasePlan {
  /** In dependency order: every project after the projects it depends on. */
  projects: ProjectPlan[];
}

/** A project's release decision without the commits and reasons behind it: what the gates check. */
export type ProjectDecision = Omit<ProjectPlan, 'commits' | 'reasons' | 'intents'>;

export interface PlanDecisions {
  projects: ProjectDecision[];
}

/** The decisions of a plan, without the commits that make up nearly all of its size (42 kB of 4.5 MB in the gates bench). */
export function planDecisions(plan: ReleasePlan): PlanDecisions {
  return { projects: plan.projects.map(({ commits: _commits, reasons: _reasons, intents: _intents, ...decision }) => decision) };
}

interface Decision {
  history: ProjectHistory;
  group: ReleaseGroup;
  bump: BumpOrNone;
  released: boolean;
  reasons: ReleaseReason[];
  /** What the project's own commits decided, in a few words. */
  decidedBy: string;
}

/**
 * Plans the release of a workspace: each project's bump from its own commits, then every project that
 * depends on a released one (transitively) is released too with at least a patch, and fixed groups
 * release together on one version.
 */
export function planRelease(histories: ProjectHistory[], groups: ReleaseGroup[], options: PlanOptions): ReleasePlan {
  const groupOf = indexGroups(groups, histories);
  const selected = new Set(options.selected ?? histories.map((history) => history.name));
  if (options.promote) assertSomethingToPromote(histories.filter((history) => selected.has(history.name)));

  const decisions = new Map<string, Decision>();
  for (const history of histories) {
    decisions.set(history.name, ownDecision(history, groupOf(history.name), options, selected.has(history.name)));
  }
  applyIntentSets(decisions, options.intents ?? NO_INTENT_RULES);
  propagate(decisions, groups, histories, options);

  const graph: DependencyGraph = Object.fromEntries(histories.map((history) => [history.name, history.dependencies]));
  const groupVersions = fixedGroupVersions(decisions, groups, options);
  const projects = dependencyOrder(graph)
    .map((name) => decisions.get(name) as Decision)
    .filter((decision) => selected.has(decision.history.name) || decision.released)
    .map((decision) => toProjectPlan(decision, options, groupVersions.get(decision.group.name)));
  return { projects };
}

function indexGroups(groups: ReleaseGroup[], histories: ProjectHistory[]): (name: string) => ReleaseGroup {
  const byProject = new Map<string, ReleaseGroup>();
  for (const group of groups) for (const project of group.projects) byProject.set(project, group);
  for (const history of histories) {
    if (!byProject.has(history.name)) {
      throw new ReleaseProcessError(
        `project "${history.name}" is in no release group`,
        'Add it to a group under release.groups in nx.json, or to release.projects',
      );
    }
  }
  return (name) => byProject.get(name) as ReleaseGroup;
}

function assertSomethingToPromote(histories: ProjectHistory[]): void {
  if (!histories.some((history) => isCandidate(history))) {
    throw new ReleaseProcessError(
      'no project is on a release candidate, so there is nothing to promote',
      'Cut a candidate first with --preid rc, or run without --promote',
    );
  }
}

function isCandidate(history: ProjectHistory): boolean {
  return history.latest !== null && semver.prerelease(history.latest.version) !== null;
}

/**
 * What the project's own commits ask for. Every project gets its bump computed, selected or not, because a
 * project pulled into the release by a dependency ships its own unreleased changes too: its version must
 * cover them. Only selected projects start a release on their own.
 */
function ownDecision(history: ProjectHistory, group: ReleaseGroup, options: PlanOptions, selected: boolean): Decision {
  const decision: Decision = { history, group, bump: 'none', released: false, reasons: [], decidedBy: 'first release' };
  if (!history.latest) {
    decision.released = selected;
    decision.reasons.push({ kind: 'first-release' });
    return decision;
  }
  const preMajor = semver.major(history.latest.version) === 0;
  const intents = history.intents ?? [];
  const rules = history.releasesOnDocs === undefined ? options.rules : { ...options.rules, releaseOnDocs: history.releasesOnDocs };
  const own = bumpFor(history.sinceStable, rules, preMajor, history.isProductionFile);
  if (intents.length > 0) {
    // As changesets decides: the highest level declared, taken as written (a major below 1.0.0 is 1.0.0).
    decision.bump = highest(intents.map((intent) => intent.bump));
    decision.decidedBy = 'intent';
    decision.reasons.push(...intents.map(({ file, bump, summary }) => ({ kind: 'intent' as const, file, bump, summary })));
  } else if (options.intents?.required) {
    decision.decidedBy = 'no intent (intents are required)';
  } else {
    decision.bump = own.bump;
    decision.decidedBy = decidedBy(own, history.sinceStable.length);
    decision.reasons.push(...own.releasing.map(({ commit, bump, signal }) => ({ kind: 'commit' as const, commit, bump, signal })));
  }
  if (!selected) return decision;
  if (options.forceBump) {
    decision.bump = options.forceBump;
    decision.released = true;
    decision.reasons.unshift({ kind: 'forced', bump: options.forceBump });
    decision.decidedBy = `--bump ${options.forceBump}`;
    return decision;
  }
  if (options.promote && isCandidate(history)) {
    decision.released = true;
    // The promoted version's step from the last stable release (1.3.0 → 1.4.0-rc.2 → 1.4.0 is a minor).
    decision.bump = stepFromStable(history.latestStable?.version ?? null, history.latest.version);
    decision.reasons.unshift({ kind: 'promote', from: history.latest.version });
    decision.decidedBy = `promotes ${history.latest.version}`;
    return decision;
  }
  // Intents are consumed by the release that ships them: one still here asks for a release.
  if (intents.length > 0 || options.intents?.required) {
    decision.released = decision.bump !== 'none';
    return decision;
  }
  const changedSinceLatest = bumpFor(history.sinceLatest, rules, preMajor, history.isProductionFile).bump !== 'none';
  decision.released = own.bump !== 'none' && changedSinceLatest;
  return decision;
}

/**
 * changesets' sets: a `fixed` set releases whole when one member releases, a `linked` set's releasing
 * members share their highest bump; each at the set's highest bump.
 */
function applyIntentSets(decisions: Map<string, Decision>, rules: IntentRules): void {
  const sets = [...rules.fixed.map((set) => ['fixed', set] as const), ...rules.linked.map((set) => ['linked', set] as const)];
  for (const [kind, names] of sets) {
    const members = names.map((name) => decisions.get(name)).filter((member): member is Decision => member !== undefined);
    const releasing = members.filter((member) => member.released);
    if (releasing.length === 0) continue;
    const bump = releasing.reduce<BumpOrNone>((top, member) => higherBump(top, member.bump), 'none');
    for (const member of kind === 'fixed' ? members : releasing) {
      if (!member.released || member.bump !== bump) {
        member.reasons.push({
          kind: 'intent-set',
          set: kind,
          with: releasing.map((other) => other.history.name).filter((name) => name !== member.history.name),
        });
      }
      if (!member.released && member.decidedBy !== 'intent') member.decidedBy = `released with its ${kind} set`;
      member.released = true;
      member.bump = bump;
    }
  }
}

/** Releases dependents of released projects and whole fixed groups, until nothing more changes. */
function propagate(decisions: Map<string, Decision>, groups: ReleaseGroup[], histories: ProjectHistory[], options: PlanOptions): void {
  const dependents = dependentsGraph(Object.fromEntries(histories.map((history) => [history.name, history.dependencies])));
  const queue = [...decisions.values()].filter((decision) => decision.released).map((d) => d.history.name);
  const outOfRangeOnly = options.intents?.dependents === 'out-of-range';
  const release = (name: string, reason: ReleaseReason) => {
    const decision = decisions.get(name);
    if (!decision) return; // not releasable (no version): nothing to bump
    if (
      reason.kind === 'dependency' &&
      outOfRangeOnly &&
      !decision.released &&
      stillInRange(decision, decisions.get(reason.dependency), options)
    )
      return;
    decision.reasons.push(reason);
    if (decision.released) return;
    decision.released = true;
    if (decision.bump === 'none')
      decision.decidedBy = reason.kind === 'dependency' ? `dependency ${reason.dependency} updated` : 'released with its fixed group';
    decision.bump = higherBump(decision.bump, 'patch');
    queue.push(name);
  };
  while (queue.length > 0) {
    const name = queue.shift() as string;
    const decision = decisions.get(name) as Decision;
    for (const dependent of dependents[name] ?? []) release(dependent, { kind: 'dependency', dependency: name });
    if (decision.group.relationship === 'fixed') {
      for (const partner of decision.group.projects) {
        const partnerDecision = decisions.get(partner);
        if (partner !== name && partnerDecision && !partnerDecision.released) {
          release(partner, { kind: 'group', group: decision.group.name });
        }
      }
    }
  }
  for (const group of groups.filter((group) => group.relationship === 'fixed')) {
    const members = group.projects.map((name) => decisions.get(name)).filter((d): d is Decision => !!d?.released);
    const bump = members.reduce<BumpOrNone>((highest, member) => higherBump(highest, member.bump), 'none');
    for (const member of members) member.bump = bump;
  }
}

/** Whether the dependency's next version still satisfies the range the dependent declares for it (changesets' rule). */
function stillInRange(dependent: Decision, dependency: Decision | undefined, options: PlanOptions): boolean {
  const declared = dependency ? dependent.history.dependencyRanges?.[dependency.history.name] : undefined;
  const next = dependency ? versionFor(dependency, options) : null;
  if (!dependency || declared === undefined || !next) return false;
  const current = currentOf(dependency.history);
  // `workspace:` ranges: `*` takes any version, `^` and `~` the current one with that operator.
  const range = declared.startsWith('workspace:') ? declared.slice('workspace:'.length) : declared;
  const effective = range === '^' || range === '~' ? `${range}${current}` : range;
  return semver.validRange(effective) !== null && semver.satisfies(next, effective);
}

/** A fixed group shares one version: computed once from the group's highest current version. */
function fixedGroupVersions(decisions: Map<string, Decision>, groups: ReleaseGroup[], options: PlanOptions): Map<string, string | null> {
  const versions = new Map<string, string | null>();
  for (const group of groups.filter((group) => group.relationship === 'fixed')) {
    const members = group.projects.map((name) => decisions.get(name)).filter((d): d is Decision => !!d?.released);
    if (members.length === 0) continue;
    const leader = members.reduce((highest, member) =>
      semver.gt(currentOf(member.history), currentOf(highest.history)) ? member : highest,
    );
    versions.set(group.name, versionFor(leader, options));
  }
  return versions;
}

function currentOf(history: ProjectHistory): string {
  return history.latest?.version ?? history.manifestVersion;
}

function versionFor(decision: Decision, options: PlanOptions): string | null {
  if (!decision.released) return null;
  const { history } = decision;
  return nextVersion({
    current: currentOf(history),
    released: history.latest !== null,
    lastStable: history.latestStable?.version ?? null,
    bump: decision.bump,
    changedSinceCurrent: true,
    preid: options.preid,
    promote: options.promote && isCandidate(history),
  });
}

function toProjectPlan(decision: Decision, options: PlanOptions, groupVersion: string | null | undefined): ProjectPlan {
  const { history, group } = decision;
  const version = group.relationship === 'fixed' && decision.released ? (groupVersion ?? null) : versionFor(decision, options);
  return {
    name: history.name,
    root: history.root,
    group: group.name,
    relationship: group.relationship,
    currentVersion: currentOf(history),
    manifestVersion: history.manifestVersion,
    manifestFile: history.manifestFile,
    lastTag: history.latest?.tag ?? null,
    lastTagCommit: history.latest?.commit ?? null,
    bump: decision.released ? decision.bump : 'none',
    nextVersion: version,
    nextTag: version ? releaseTag(group, history.name, version) : null,
    reasons: decision.released ? decision.reasons : [],
    decidedBy: decision.decidedBy,
    // A candidate tells what changed since the previous candidate; a stable release, since the last stable one.
    commits: version && semver.prerelease(version) ? history.sinceLatest : history.sinceStable,
    intents: decision.released ? (history.intents ?? []) : [],
    dependencies: history.dependencies,
  };
}

function stepFromStable(stable: string | null, candidate: string): BumpOrNone {
  const target = `${semver.major(candidate)}.${semver.minor(candidate)}.${semver.patch(candidate)}`;
  if (!stable) return semver.major(target) > 0 ? 'major' : semver.minor(target) > 0 ? 'minor' : 'patch';
  const step = semver.diff(stable, target);
  return step === 'major' || step === 'minor' || step === 'patch' ? step : 'patch';
}

/** Next versions by project, for "update dependency" lines. */
export function plannedVersions(plan: ReleasePlan): Record<string, string | null> {
  return Object.fromEntries(plan.projects.map((project) => [project.name, project.nextVersion]));
}
