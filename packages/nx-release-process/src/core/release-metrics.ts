import * as semver from 'semver';
import type { RawCommit } from './commit-classification';
import { median } from './gates/statistics';
import type { ReleaseEvent } from './release-status';

/** A project's releases, hotfixes and rollbacks (from its tags), and where its files live. */
export interface ProjectHistoryOfReleases {
  project: string;
  /** Workspace-relative folder; '' for a project at the root (every file is its). */
  root: string;
  events: ReleaseEvent[];
}

/** The four DORA measures over a period, for one project or the workspace. */
export interface DoraMeasures {
  /** Releases and hotfixes made in the period. */
  releases: number;
  /** Releases per week. */
  deploymentFrequency: number;
  /** Median hours from a change's commit to the tag of the release that shipped it; null without releases. */
  leadTimeHours: number | null;
  /** Releases followed by a hotfix or a rollback, as a share of the releases; null without releases. */
  changeFailureRate: number | null;
  /** Median hours from a failed release to its hotfix or rollback; null without failures. */
  timeToRestoreHours: number | null;
  failures: number;
}

export interface ReleaseMetrics {
  period: { from: string; to: string; days: number };
  workspace: DoraMeasures;
  /** The same measures over the period before, for the trend. */
  previous: DoraMeasures;
  projects: Array<{ project: string; measures: DoraMeasures; previous: DoraMeasures }>;
}

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

/**
 * DORA's four measures from the repository itself: the releases' tags and the commits they shipped, read
 * once. A release "fails" when the project's next event is a hotfix or a rollback of it; it is restored at
 * that event. A change's lead time runs from its commit to the tag of the first release that contains it
 * (reachable from that tag, not from the project's release before).
 */
export function releaseMetrics(histories: ProjectHistoryOfReleases[], commits: RawCommit[], to: Date, days: number): ReleaseMetrics {
  const end = to.getTime();
  const start = end - days * 24 * HOUR;
  const before = start - days * 24 * HOUR;
  const graph = new Map(commits.map((commit) => [commit.hash, commit]));
  const facts = histories.map((history) => ({ project: history.project, releases: releaseFacts(history, graph) }));
  const measure = (releases: ReleaseFact[], from: number, until: number) =>
    measuresOf(
      releases.filter((release) => release.at > from && release.at <= until),
      (until - from) / WEEK,
    );
  return {
    period: { from: new Date(start).toISOString(), to: new Date(end).toISOString(), days },
    workspace: measure(
      facts.flatMap((fact) => fact.releases),
      start,
      end,
    ),
    previous: measure(
      facts.flatMap((fact) => fact.releases),
      before,
      start,
    ),
    projects: facts.map((fact) => ({
      project: fact.project,
      measures: measure(fact.releases, start, end),
      previous: measure(fact.releases, before, start),
    })),
  };
}

/** One release or hotfix, with what the measures need of it. */
interface ReleaseFact {
  at: number;
  /** Hours from each shipped change's commit to the tag. */
  leadTimes: number[];
  /** Hours to the hotfix or rollback that followed it; null when none did. */
  restoredAfter: number | null;
}

function releaseFacts(history: ProjectHistoryOfReleases, graph: Map<string, RawCommit>): ReleaseFact[] {
  const events = history.events.filter((event) => event.commit);
  const shipped = new Set<string>(); // commits an earlier release of the project contains already
  const facts: ReleaseFact[] = [];
  events.forEach((event, index) => {
    if (event.kind === 'rollback') return;
    const at = Date.parse(event.at);
    const next = events[index + 1];
    const failedBy =
      next && (next.kind === 'rollback' ? next.version === event.version : next.kind === 'hotfix' && isPatchOf(next.version, event.version))
        ? Date.parse(next.at)
        : null;
    const leadTimes: number[] = [];
    for (const commit of ancestors(event.commit as string, graph, shipped)) {
      if (!touches(commit, history.root)) continue;
      leadTimes.push(Math.max(0, at - Date.parse(commit.authorDate)) / HOUR);
    }
    facts.push({ at, leadTimes, restoredAfter: failedBy === null ? null : (failedBy - at) / HOUR });
  });
  return facts;
}

/** The commits reachable from `tip` not yet in `seen` (which it then joins): what this release shipped first. */
function ancestors(tip: string, graph: Map<string, RawCommit>, seen: Set<string>): RawCommit[] {
  const found: RawCommit[] = [];
  const stack = [tip];
  while (stack.length > 0) {
    const hash = stack.pop() as string;
    if (seen.has(hash)) continue;
    seen.add(hash);
    const commit = graph.get(hash);
    if (!commit) continue; // before the commits read: outside the measured history
    found.push(commit);
    stack.push(...commit.parents);
  }
  return found;
}

function touches(commit: RawCommit, root: string): boolean {
  return root === '' || commit.files.some((file) => file === root || file.startsWith(`${root}/`));
}

/** A hotfix of `released`: a later version of the same major.minor line. */
function isPatchOf(version: string, released: string): boolean {
  if (!semver.valid(version) || !semver.valid(released)) return false;
  return (
    semver.major(version) === semver.major(released) && semver.minor(version) === semver.minor(released) && semver.gt(version, released)
  );
}

function measuresOf(releases: ReleaseFact[], weeks: number): DoraMeasures {
  const failures = releases.filter((release) => release.restoredAfter !== null);
  return {
    releases: releases.length,
    deploymentFrequency: round(weeks > 0 ? releases.length / weeks : 0),
    leadTimeHours: medianOrNull(releases.flatMap((release) => release.leadTimes)),
    changeFailureRate: releases.length === 0 ? null : round(failures.length / releases.length),
    timeToRestoreHours: medianOrNull(failures.map((release) => release.restoredAfter as number)),
    failures: failures.length,
  };
}

function medianOrNull(values: number[]): number | null {
  return values.length === 0 ? null : round(median(values));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
