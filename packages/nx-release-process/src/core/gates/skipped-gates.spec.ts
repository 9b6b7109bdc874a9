import { skippedGateReports } from './skipped-gates';

const AT = '2026-12-01T00:00:00.000Z';

const GRAPH = {
  dependencies: { core: [], api: ['core'], app: ['api'], docs: [] },
  targets: {
    core: ['test', 'test-gate', 'checklist-gate', 'release-gate'],
    api: ['test', 'test-gate', 'checklist-gate', 'release-gate'],
    app: ['release-gate'],
    docs: ['release-gate'],
  },
};

describe('skippedGateReports', () => {
  it('fails the gates a failed test held back: its project’s test, checklist and release gates, and the release gates above it', () => {
    const reports = skippedGateReports(
      [
        { project: 'core', target: 'test', status: 'failure' },
        { project: 'api', target: 'test', status: 'success' },
        { project: 'api', target: 'test-gate', status: 'local-cache' },
        { project: 'docs', target: 'release-gate', status: 'success' },
      ],
      GRAPH,
      '2026-11-25T00:00:00.000Z',
    );
    expect(reports.map((report) => [`${report.project}:${report.gate}`, report.status, report.checks[0].detail]).sort()).toEqual([
      ['api:release-gate', 'fail', 'not run: core:test failed in this run'],
      ['app:release-gate', 'fail', 'not run: core:test failed in this run'],
      ['core:checklist-gate', 'fail', 'not run: core:test failed in this run'],
      ['core:release-gate', 'fail', 'not run: core:test failed in this run'],
      ['core:test-gate', 'fail', 'not run: core:test failed in this run'],
    ]);
  });

  it('leaves the gate that failed itself and gates that ran, and does nothing when nothing failed', () => {
    const reports = skippedGateReports(
      [
        { project: 'api', target: 'test-gate', status: 'failure' },
        { project: 'api', target: 'checklist-gate', status: 'success' },
      ],
      GRAPH,
      AT,
    );
    expect(reports.map((report) => `${report.project}:${report.gate}`).sort()).toEqual(['api:release-gate', 'app:release-gate']);
    // a failed release gate keeps its own report, and holds back those of the projects above it
    const above = skippedGateReports([{ project: 'api', target: 'release-gate', status: 'failure' }], GRAPH, AT);
    expect(above.map((report) => `${report.project}:${report.gate}`)).toEqual(['app:release-gate']);
    // a failed matrix cell holds back the compatibility gate
    const cell = skippedGateReports(
      [{ project: 'core', target: 'compatibility-gate--python-3.10', status: 'failure' }],
      {
        ...GRAPH,
        targets: { ...GRAPH.targets, core: [...GRAPH.targets.core, 'compatibility-gate'] },
      },
      AT,
    );
    expect(cell.map((report) => `${report.project}:${report.gate}`).sort()).toEqual([
      'api:release-gate',
      'app:release-gate',
      'core:checklist-gate',
      'core:compatibility-gate',
      'core:release-gate',
    ]);
    expect(skippedGateReports([{ project: 'core', target: 'test', status: 'success' }], GRAPH, AT)).toEqual([]);
    expect(skippedGateReports([{ project: 'core', target: 'lint', status: 'failure' }], GRAPH, AT)).toEqual([]);
  });

  it('holds back the gates a release gate runs itself with it, here and in the projects above', () => {
    const runs = ['version-gate', 'test-gate', 'checklist-gate'];
    const graph = {
      dependencies: GRAPH.dependencies,
      targets: { core: ['test', ...runs, 'release-gate'], api: ['test', ...runs, 'release-gate'], app: ['release-gate'], docs: [] },
      runsInReleaseGate: { core: runs, api: ['version-gate'], app: [], docs: [] },
    };
    const reports = skippedGateReports(
      [
        { project: 'core', target: 'test', status: 'failure' },
        { project: 'api', target: 'test', status: 'local-cache' },
      ],
      graph,
      AT,
    );
    expect(reports.map((report) => `${report.project}:${report.gate}`).sort()).toEqual([
      'api:release-gate',
      'api:version-gate',
      'app:release-gate',
      'core:checklist-gate',
      'core:release-gate',
      'core:test-gate',
      'core:version-gate',
    ]);
    expect(new Set(reports.map((report) => report.checks[0].detail))).toEqual(new Set(['not run: core:test failed in this run']));
  });
});
