import * as semver from 'semver';
import { distTagFor } from './dist-tags';
import { releaseTagMatcher, type ReleaseGroup } from './release-groups';
import { ROLLBACK_SUFFIX, type TagRecord } from './tag-pattern';

export type ReleaseEventKind = 'release' | 'hotfix' | 'rollback';

/** One point of a project's release history, read from its tags. */
export interface ReleaseEvent {
  kind: ReleaseEventKind;
  tag: string;
  /** The version released, or for a rollback the version rolled back. */
  version: string;
  at: string;
  /** The commit tagged (for a rollback, the revert). */
  commit?: string;
  /** A rollback's reason, as its tag says it. */
  reason?: string;
  /** Why a release or hotfix went out with its gates skipped, as its tag says it. */
  gatesSkipped?: string;
}

/** A release rolled back with no release of the project after it: users are on an older version for a reason. */
export interface Incident {
  tag: string;
  version: string;
  reason: string;
  since: string;
}

export type ReleaseState = 'never released' | 'released' | 'hotfixed' | 'rolled back';

/** Where a project's users stand: the machine-readable status each release, hotfix and rollback writes. */
export interface ProjectReleaseStatus {
  project: string;
  state: ReleaseState;
  /** The version users get: the newest release not rolled back (stable first). */
  version: string | null;
  /** The npm dist-tag that version is under: `latest` for a stable release, its preid's (`rc`) for a candidate. */
  channel: string | null;
  incident: Incident | null;
  /** Oldest first. */
  events: ReleaseEvent[];
}

/** The `Release-Kind` trailer the release step writes on the tag of a release made from a hotfix branch. */
export const HOTFIX_KIND = 'hotfix';

/**
 * Each project's release status from the tags alone, so a fresh clone shows the same status: releases and
 * hotfixes are its release tags, rollbacks the `<tag>-rollback` tags (whose message carries the reason).
 */
export function releaseStatus(groups: ReleaseGroup[], tags: TagRecord[]): ProjectReleaseStatus[] {
  return groups.flatMap((group) => group.projects.map((project) => projectStatus(project, releaseEvents(group, project, tags))));
}

/** A project's releases, hotfixes and rollbacks among the tags, oldest first. */
export function releaseEvents(group: ReleaseGroup, project: string, tags: TagRecord[]): ReleaseEvent[] {
  const versionOf = releaseTagMatcher(group, project);
  const events: ReleaseEvent[] = [];
  for (const tag of tags) {
    if (tag.name.endsWith(ROLLBACK_SUFFIX)) {
      const version = versionOf(tag.name.slice(0, -ROLLBACK_SUFFIX.length));
      if (version && semver.valid(version))
        events.push({ kind: 'rollback', tag: tag.name, version, at: tag.date, commit: tag.commit, reason: rollbackReason(tag.subject) });
      continue;
    }
    const version = versionOf(tag.name);
    if (!version || !semver.valid(version)) continue;
    events.push({
      kind: tag.kind === HOTFIX_KIND ? 'hotfix' : 'release',
      tag: tag.name,
      version,
      at: tag.date,
      commit: tag.commit,
      ...(tag.gatesSkipped ? { gatesSkipped: tag.gatesSkipped } : {}),
    });
  }
  // By date; a rollback tagged in the same second as its release still comes after it.
  return events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || Number(a.kind === 'rollback') - Number(b.kind === 'rollback'));
}

function projectStatus(project: string, events: ReleaseEvent[]): ProjectReleaseStatus {
  const rolledBack = new Set(events.filter((event) => event.kind === 'rollback').map((event) => event.version));
  const live = events.filter((event) => event.kind !== 'rollback' && !rolledBack.has(event.version));
  const newest = (candidates: ReleaseEvent[]) =>
    candidates.reduce<ReleaseEvent | null>((best, event) => (best === null || semver.gt(event.version, best.version) ? event : best), null);
  const current = newest(live.filter((event) => !semver.prerelease(event.version))) ?? newest(live);
  const last = events.at(-1);
  const incident = last?.kind === 'rollback' ? { tag: last.tag, version: last.version, reason: last.reason ?? '', since: last.at } : null;
  return {
    project,
    state: !last ? 'never released' : incident ? 'rolled back' : current?.kind === 'hotfix' ? 'hotfixed' : 'released',
    version: current?.version ?? null,
    channel: current ? distTagFor(current.version, null).tag : null,
    incident,
    events,
  };
}

/** The release users are on, when it went out with its gates skipped: the event, with the reason its tag gives. */
export function releasedWithGatesSkipped(status: ProjectReleaseStatus): ReleaseEvent | null {
  const current = status.events.findLast((event) => event.kind !== 'rollback' && event.version === status.version);
  return current?.gatesSkipped ? current : null;
}

/** The subject nx g rollback gives the rollback tag: `Rollback to 1.2.0: <reason>` (`Rollback of v1.0.0: …` for a first release). */
export function rollbackTagSubject(tag: string, previous: string | null, reason: string): string {
  return `Rollback ${previous ? `to ${previous}` : `of ${tag}`}: ${reason}`;
}

/** The reason in a rollback tag's subject, as rollbackTagSubject writes it. */
export function rollbackReason(subject: string): string {
  const match = /^Rollback(?: to \S+| of \S+)?: (.*)$/s.exec(subject);
  return (match ? match[1] : subject).trim();
}
