import { markdownText, withoutControls } from '../printable';
import { ReleaseProcessError } from '../release-error';
import type { GateReport, JudgedContent } from './gate-report';

/** The trailer on a release tag made with `--skip-gates`: its value is the reason given. */
export const GATES_SKIPPED_TRAILER = 'Gates-Skipped';

/** A released project whose release gate does not clear it, and why. */
export interface GateObjection {
  project: string;
  problem: string;
}

/** The longest reason kept on a tag: one line a reader takes in at once. */
const REASON_LIMIT = 300;

/**
 * Why a project without a release gate is held back where the targets are written into each project
 * (`init --addPlugin=false`): every project init would give one has one, so it was added since.
 */
export const GATE_NOT_WRITTEN =
  'it has no release-gate target, and this workspace writes its targets out: run `nx g nx-release-process:init` to write them, then `nx run-many -t release-gate`';

/**
 * Why the project's release gate report does not clear the release of the content at the release commit,
 * or null when it does. `drifted` is what changed since the content the gate judged (null when the report
 * does not say what it judged): any file there means the verdict is about other code.
 */
export function gateObjection(report: GateReport | null, drifted: string[] | null): string | null {
  if (!report) return 'its release gate has not run';
  if (report.status === 'fail') {
    const failing = report.checks.filter((check) => check.status === 'fail').map((check) => `${check.name} (${check.detail})`);
    return `its release gate failed: ${failing.join(', ') || 'no check named'}`;
  }
  if (!report.judged || drifted === null) return 'its release gate report does not say which commit it judged';
  if (drifted.length === 0) return null;
  const shown = drifted.slice(0, 3).join(', ');
  const more = drifted.length > 3 ? ` and ${drifted.length - 3} more` : '';
  return `its release gate judged ${report.judged.commit.slice(0, 7)}, and ${shown}${more} changed since`;
}

/**
 * Whether a release gate's stamp still says what the files are now (`now`, stamped at HEAD over the same
 * folders), so a report Nx restored from the cache after HEAD moved needs no new stamp: each folder's tree
 * is the one judged, whatever the commit (this clone's or another's), and no file there is uncommitted, then
 * or now. Any doubt (a stamp without trees) is a new stamp, which is never wrong: the release compares
 * either with the commit it tags.
 */
export function stampStillHolds(stamp: JudgedContent, now: JudgedContent): boolean {
  if (stamp.roots.join('\0') !== now.roots.join('\0')) return false;
  if (Object.keys(stamp.uncommitted).length > 0 || Object.keys(now.uncommitted).length > 0) return false;
  const [then, at] = [stamp.trees, now.trees];
  // a folder git had no tree for says nothing of its files: never the same
  return then !== undefined && at !== undefined && stamp.roots.every((root) => then[root] != null && then[root] === at[root]);
}

/** The refusal of a release whose gates object: every project and reason, the command that clears them, the override. */
export function gatesRefusal(objections: GateObjection[]): ReleaseProcessError {
  const projects = objections.map((objection) => objection.project);
  return new ReleaseProcessError(
    `the gates do not clear this release: ${objections.map((objection) => `${objection.project}: ${objection.problem}`).join('; ')}; nothing was released`,
    `Run \`nx run-many -t release-gate -p ${projects.join(',')}\` and fix what fails, or release anyway with --skip-gates --reason "why"`,
  );
}

/** The reason given with --skip-gates as one inert line, or an error when there is none. */
export function skipReason(reason: string | undefined): string {
  const line = withoutControls(reason ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!line) {
    throw new ReleaseProcessError(
      '--skip-gates needs a reason, recorded on the release for everyone to read',
      'Add --reason "why the gates are skipped", for example --reason "checklist signed off in the incident channel"',
    );
  }
  return line.length > REASON_LIMIT ? `${line.slice(0, REASON_LIMIT - 1)}…` : line;
}

/**
 * A tag's message (and forge release body): the notes, a visible paragraph when the gates were skipped,
 * and the trailers the release history reads back (`Release-Kind`, `Gates-Skipped`).
 */
export function releaseTagMessage(
  notes: string,
  facts: { kind?: string; gatesSkipped?: { reason: string; objections: GateObjection[] } },
): string {
  const skipped = facts.gatesSkipped;
  const warning = skipped
    ? [
        `> **Released with its gates skipped:** ${markdownText(skipped.reason)}`,
        ...skipped.objections.map((objection) => `> - ${markdownText(objection.project)}: ${markdownText(objection.problem)}`),
      ].join('\n')
    : null;
  const trailers = [
    ...(facts.kind ? [`Release-Kind: ${facts.kind}`] : []),
    // The trailer is shown wherever the body is (a forge release): as inert as the paragraph above it.
    ...(skipped ? [`${GATES_SKIPPED_TRAILER}: ${markdownText(skipped.reason)}`] : []),
  ];
  return [notes, ...(warning ? [warning] : []), ...(trailers.length > 0 ? [trailers.join('\n')] : [])].join('\n\n');
}
