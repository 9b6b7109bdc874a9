/** One check inside a gate: what was checked, how it came out, and the figures or the fix. */
export interface GateCheck {
  name: string;
  status: 'pass' | 'fail' | 'skip';
  detail: string;
}

/** What every gate writes as JSON (and the dashboard reads). */
export interface GateReport {
  gate: string;
  project: string;
  status: 'pass' | 'fail' | 'skip';
  /** ISO time the gate ran. */
  at: string;
  checks: GateCheck[];
  /** Gate-specific figures (benchmark samples, stability series, compatibility table). */
  data?: unknown;
  /**
   * The content the gate judged (release gate only), stamped after each Nx run that ran it or took it from
   * the cache (a stamp that still says what the files are is kept): the release compares it with the commit
   * it tags.
   */
  judged?: JudgedContent;
}

/** A commit and the uncommitted files on top of it, within some folders: what a gate's verdict is about. */
export interface JudgedContent {
  /** HEAD when the gate's verdict was taken. */
  commit: string;
  /** Repository-relative folders covered: the project's and its dependencies' ('' for the whole repository). */
  roots: string[];
  /** Files under the roots that differed from the commit then: their blob id, or null when deleted. */
  uncommitted: Record<string, string | null>;
  /**
   * Each root's object id at the commit (null where it had none): equal ids are equal files, so a clone
   * without that commit (a report from another clone's cache) still knows the content is the one judged.
   * Absent from older reports, and where git could not name a root.
   */
  trees?: Record<string, string | null>;
}

/** A gate fails when any check fails, is skipped when all checks are, and passes otherwise. */
export function gateStatus(checks: GateCheck[]): GateReport['status'] {
  if (checks.some((check) => check.status === 'fail')) return 'fail';
  if (checks.length > 0 && checks.every((check) => check.status === 'skip')) return 'skip';
  return 'pass';
}

/** A gate's report; `at` is the moment it was judged (core reads no clock: the caller gives it). */
export function gateReport(gate: string, project: string, checks: GateCheck[], data: unknown, at: string): GateReport {
  return { gate, project, status: gateStatus(checks), at, checks, ...(data === undefined ? {} : { data }) };
}

/** The readable summary a gate prints. */
export function formatGateReport(report: GateReport): string {
  const mark = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;
  return [
    `${mark[report.status]} ${report.gate} ${report.project}`,
    ...report.checks.map((check) => `  ${mark[check.status]}  ${check.name}: ${check.detail}`),
  ].join('\n');
}
