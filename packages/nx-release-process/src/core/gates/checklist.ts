import type { GateCheck, GateReport } from './gate-report';

/** Default names of the documentation targets the checklist gate depends on, by role. */
export const DOC_TARGETS = { docs: 'docs', apiDocs: 'api-docs', examples: 'examples' };

/** An item confirmed by a person, for what no evidence shows (security audit, code review). */
export interface SignOff {
  item: string;
  /** Project name, or '*' for every project. */
  project: string;
  /** The version signed off, or '*' for whatever version is next (a standing sign-off). */
  version: string;
  by: string;
  date: string;
}

export interface ChecklistEvidence {
  project: string;
  version: string;
  gates: { test: GateReport | null; benchmark: GateReport | null; version: GateReport | null };
  benchmarkConfigured: boolean;
  /** Documentation files changed since the last release; null for a first release. */
  docsChanged: string[] | null;
  changelogHasVersion: boolean;
  /** `npm audit` at the severity floor: ran and what it found, or why it could not run. */
  audit: { ran: boolean; ok: boolean; detail: string };
  signOffs: SignOff[];
  signOffFile: string;
  /**
   * The documentation targets the project has (`docs`, `api-docs`, `examples` by default), by role. The
   * checklist gate depends on them, so when it runs they passed (from the cache when nothing changed).
   */
  docTargets?: { docs?: string; apiDocs?: string; examples?: string };
}

/** The pre-release checklist, item by item, each by evidence where there is some and by sign-off where not. */
export function checklistChecks(evidence: ChecklistEvidence): GateCheck[] {
  if (evidence.gates.version?.status === 'skip') {
    return [{ name: 'release pending', status: 'skip', detail: 'nothing to release: the checklist applies to the next release' }];
  }
  const signed = (item: string) =>
    evidence.signOffs.find(
      (signOff) =>
        signOff.item === item &&
        (signOff.project === evidence.project || signOff.project === '*') &&
        (signOff.version === evidence.version || signOff.version === '*'),
    );
  const howToSign = (item: string) =>
    `add {"item": "${item}", "project": "${evidence.project}", "version": "${evidence.version}", "by": "<name>", "date": "<YYYY-MM-DD>"} to ${evidence.signOffFile}`;
  const bySignOff = (name: string, item: string): GateCheck => {
    const signOff = signed(item);
    return signOff
      ? { name, status: 'pass', detail: `signed off by ${signOff.by} on ${signOff.date}` }
      : { name, status: 'fail', detail: `not confirmed: ${howToSign(item)}` };
  };
  // A gate that ran nothing (no test target) is no evidence: the item then needs a person's sign-off.
  const fromGate = (name: string, report: GateReport | null, gate: string, item: string): GateCheck => {
    if (!report) return { name, status: 'fail', detail: `no ${gate} report: run \`nx run ${evidence.project}:${gate}\`` };
    if (report.status === 'skip') {
      const why = report.checks.map((check) => check.detail).join('; ');
      const signOff = signed(item);
      return signOff
        ? { name, status: 'pass', detail: `${gate} ran nothing (${why}); signed off by ${signOff.by} on ${signOff.date}` }
        : { name, status: 'fail', detail: `${gate} ran nothing (${why}): give the project a test target, or ${howToSign(item)}` };
    }
    return { name, status: report.status === 'fail' ? 'fail' : 'pass', detail: `${gate} ${report.status} at ${report.at}` };
  };

  const auditCheck: GateCheck = evidence.audit.ran
    ? { name: 'Dependencies reviewed', status: evidence.audit.ok ? 'pass' : 'fail', detail: evidence.audit.detail }
    : signed('dependencies-reviewed')
      ? bySignOff('Dependencies reviewed', 'dependencies-reviewed')
      : { name: 'Dependencies reviewed', status: 'fail', detail: `${evidence.audit.detail}; or ${howToSign('dependencies-reviewed')}` };

  return [
    fromGate('All tests passing', evidence.gates.test, 'test-gate', 'tests-passing'),
    evidence.benchmarkConfigured
      ? fromGate('Performance benchmarks completed', evidence.gates.benchmark, 'benchmark-gate', 'benchmarks-completed')
      : { name: 'Performance benchmarks completed', status: 'skip', detail: 'no benchmark configured for this project' },
    evidence.docsChanged === null
      ? { name: 'Documentation updated', status: 'pass', detail: 'first release' }
      : evidence.docsChanged.length > 0
        ? {
            name: 'Documentation updated',
            status: 'pass',
            detail: `changed since the last release: ${evidence.docsChanged.slice(0, 5).join(', ')}`,
          }
        : signed('documentation')
          ? bySignOff('Documentation updated', 'documentation')
          : {
              name: 'Documentation updated',
              status: 'fail',
              detail: `no documentation changed since the last release: update README.md or docs/, or ${howToSign('documentation')}`,
            },
    ...docTargetChecks(evidence, signed, howToSign),
    {
      name: 'CHANGELOG.md updated',
      status: evidence.changelogHasVersion ? 'pass' : 'fail',
      detail: evidence.changelogHasVersion ? `has ${evidence.version}` : `no section for ${evidence.version}: run \`nx g changelog\``,
    },
    fromGate('Version numbers updated', evidence.gates.version, 'version-gate', 'versions-updated'),
    auditCheck,
    bySignOff('Security audit completed', 'security-audit'),
    bySignOff('Code review completed', 'code-review'),
  ];
}

/**
 * The checklist's documentation items backed by the project's own Nx targets: a `docs`, `api-docs` or `examples`
 * target that ran before this gate passes its item. Without the target, a sign-off passes it, and without
 * either it is skipped, saying how to supply it, so projects without such targets are not held back.
 */
function docTargetChecks(
  evidence: ChecklistEvidence,
  signed: (item: string) => SignOff | undefined,
  howToSign: (item: string) => string,
): GateCheck[] {
  const items = [
    { name: 'Documentation builds', role: 'docs', item: 'docs-built' },
    { name: 'API documentation', role: 'apiDocs', item: 'api-docs' },
    { name: 'Usage examples', role: 'examples', item: 'examples' },
  ] as const;
  return items.map(({ name, role, item }): GateCheck => {
    const target = evidence.docTargets?.[role];
    if (target) return { name, status: 'pass', detail: `\`nx run ${evidence.project}:${target}\` passed before this gate` };
    const signOff = signed(item);
    if (signOff) return { name, status: 'pass', detail: `signed off by ${signOff.by} on ${signOff.date}` };
    return {
      name,
      status: 'skip',
      detail: `no ${role === 'apiDocs' ? 'api-docs' : role} target: give the project one, or ${howToSign(item)}`,
    };
  });
}

/** The release gate: every gate of the project passed (or is not configured). */
export function releaseGateChecks(reports: Record<string, GateReport | null>): GateCheck[] {
  return Object.entries(reports).map(([gate, report]) =>
    report
      ? {
          name: gate,
          status: report.status === 'fail' ? 'fail' : 'pass',
          detail: `${report.status}${
            report.status === 'fail'
              ? `: ${report.checks
                  .filter((check) => check.status === 'fail')
                  .map((check) => check.name)
                  .join(', ')}`
              : ''
          }`,
        }
      : { name: gate, status: 'fail', detail: 'no report: the gate did not run' },
  );
}

/** The test gate's coverage floor, on an istanbul json-summary. */
export function coverageCheck(summary: { total?: { lines?: { pct?: number } } } | null, floor: number, path: string): GateCheck {
  const pct = summary?.total?.lines?.pct;
  if (typeof pct !== 'number') {
    return {
      name: 'coverage floor',
      status: 'fail',
      detail: `no line coverage in ${path}: run the tests with --coverage and the json-summary reporter`,
    };
  }
  return { name: 'coverage floor', status: pct >= floor ? 'pass' : 'fail', detail: `lines ${pct}% (floor ${floor}%)` };
}
