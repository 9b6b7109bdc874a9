import { checklistChecks, coverageCheck, releaseGateChecks, type ChecklistEvidence } from './checklist';
import { gateReport } from './gate-report';

const AT = '2026-12-01T00:00:00.000Z';

const passed = (gate: string) => gateReport(gate, 'k', [{ name: 'x', status: 'pass', detail: '' }], undefined, '2026-11-24T00:00:00Z');
const evidence: ChecklistEvidence = {
  project: 'k',
  version: '1.4.0',
  gates: { test: passed('test-gate'), benchmark: null, version: passed('version-gate') },
  benchmarkConfigured: false,
  docsChanged: ['packages/k/README.md'],
  changelogHasVersion: true,
  audit: { ran: true, ok: true, detail: 'npm audit: 0 vulnerabilities at high or above' },
  signOffs: [
    { item: 'security-audit', project: '*', version: '1.4.0', by: 'Grace', date: '2026-11-23' },
    { item: 'code-review', project: 'k', version: '1.4.0', by: 'Linus', date: '2026-11-23' },
  ],
  signOffFile: 'release-signoffs.json',
};

describe('checklistChecks', () => {
  it('ticks the pre-release checklist from evidence and sign-offs', () => {
    expect(checklistChecks(evidence).map((check) => [check.name, check.status])).toEqual([
      ['All tests passing', 'pass'],
      ['Performance benchmarks completed', 'skip'],
      ['Documentation updated', 'pass'],
      ['Documentation builds', 'skip'],
      ['API documentation', 'skip'],
      ['Usage examples', 'skip'],
      ['CHANGELOG.md updated', 'pass'],
      ['Version numbers updated', 'pass'],
      ['Dependencies reviewed', 'pass'],
      ['Security audit completed', 'pass'],
      ['Code review completed', 'pass'],
    ]);
  });

  it('says which item is missing and how to supply it', () => {
    const checks = checklistChecks({
      ...evidence,
      signOffs: [],
      docsChanged: [],
      audit: { ran: false, ok: false, detail: 'npm audit could not run: ENOLOCK' },
    });
    const failed = Object.fromEntries(checks.filter((check) => check.status === 'fail').map((check) => [check.name, check.detail]));
    expect(Object.keys(failed)).toEqual([
      'Documentation updated',
      'Dependencies reviewed',
      'Security audit completed',
      'Code review completed',
    ]);
    expect(failed['Code review completed']).toBe(
      'not confirmed: add {"item": "code-review", "project": "k", "version": "1.4.0", "by": "<name>", "date": "<YYYY-MM-DD>"} to release-signoffs.json',
    );
    expect(failed['Dependencies reviewed']).toMatch(/^npm audit could not run: ENOLOCK; or add \{"item": "dependencies-reviewed"/);
  });

  it('skips the whole checklist when the version gate found nothing to release', () => {
    const idle = gateReport('version-gate', 'k', [{ name: 'release pending', status: 'skip', detail: '' }], undefined, AT);
    expect(checklistChecks({ ...evidence, gates: { ...evidence.gates, version: idle } }).map((check) => check.status)).toEqual(['skip']);
  });

  it('does not count a test gate that ran nothing as passing tests: it asks for a test target or a sign-off', () => {
    const none = gateReport(
      'test-gate',
      'k',
      [{ name: 'tests', status: 'skip', detail: 'no test target and no command: nothing to run' }],
      undefined,
      AT,
    );
    const untested = { ...evidence, gates: { ...evidence.gates, test: none } };
    const check = () => checklistChecks(untested).find((item) => item.name === 'All tests passing');
    expect(check()).toMatchObject({ status: 'fail' });
    expect(check()?.detail).toMatch(
      /^test-gate ran nothing \(no test target and no command: nothing to run\): give the project a test target, or add \{"item": "tests-passing"/,
    );
    untested.signOffs = [{ item: 'tests-passing', project: 'k', version: '*', by: 'QA', date: '2026-11-25' }];
    expect(check()).toMatchObject({ status: 'pass' });
  });

  it('passes the documentation items by the targets that ran before it, else by sign-off', () => {
    const checks = checklistChecks({
      ...evidence,
      docTargets: { apiDocs: 'api-docs', examples: 'examples' },
      signOffs: [...evidence.signOffs, { item: 'docs-built', project: 'k', version: '1.4.0', by: 'Ada', date: '2026-11-25' }],
    });
    const byName = Object.fromEntries(checks.map((check) => [check.name, check]));
    expect(byName['API documentation']).toEqual({
      name: 'API documentation',
      status: 'pass',
      detail: '`nx run k:api-docs` passed before this gate',
    });
    expect(byName['Usage examples'].status).toBe('pass');
    expect(byName['Documentation builds']).toMatchObject({ status: 'pass', detail: 'signed off by Ada on 2026-11-25' });
    const none = checklistChecks(evidence).find((check) => check.name === 'API documentation');
    expect(none?.detail).toMatch(/^no api-docs target: give the project one, or add \{"item": "api-docs"/);
  });

  it('accepts a standing sign-off for every project and version ("*")', () => {
    const standing = { ...evidence, signOffs: [{ item: 'code-review', project: '*', version: '*', by: 'Linus', date: '2026-11-23' }] };
    expect(checklistChecks(standing).find((check) => check.name === 'Code review completed')?.status).toBe('pass');
  });

  it('does not accept a sign-off for another version', () => {
    const stale = { ...evidence, signOffs: evidence.signOffs.map((signOff) => ({ ...signOff, version: '1.3.0' })) };
    expect(checklistChecks(stale).find((check) => check.name === 'Code review completed')?.status).toBe('fail');
  });
});

describe('releaseGateChecks and coverageCheck', () => {
  it('fails when a gate failed or did not run', () => {
    const failed = gateReport('test-gate', 'k', [{ name: 'tests', status: 'fail', detail: 'exit 1' }], undefined, AT);
    expect(
      releaseGateChecks({ 'version-gate': passed('version-gate'), 'test-gate': failed, 'checklist-gate': null }).map((check) => [
        check.status,
        check.detail,
      ]),
    ).toEqual([
      ['pass', 'pass'],
      ['fail', 'fail: tests'],
      ['fail', 'no report: the gate did not run'],
    ]);
  });

  it('holds the coverage floor', () => {
    expect(coverageCheck({ total: { lines: { pct: 81.5 } } }, 80, 'c.json')).toEqual({
      name: 'coverage floor',
      status: 'pass',
      detail: 'lines 81.5% (floor 80%)',
    });
    expect(coverageCheck({ total: { lines: { pct: 79 } } }, 80, 'c.json').status).toBe('fail');
    expect(coverageCheck(null, 80, 'c.json').detail).toMatch(/no line coverage in c.json/);
  });
});
