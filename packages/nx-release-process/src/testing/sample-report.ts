import { gateReport } from '../core/gates/gate-report';
import { buildReleaseReport, type ReleaseReport } from '../core/report/report-model';
import type { ProjectPlan } from '../core/plan-release';

const plan = (name: string, manifestVersion: string, currentVersion: string, nextVersion: string | null) =>
  ({
    name,
    manifestVersion,
    currentVersion,
    nextVersion,
    lastTag: `${name}@${currentVersion}`,
    commits: [{ header: `feat(${name}): <img src=x onerror=alert(1)> faster` }],
  }) as unknown as ProjectPlan;

/** A release report as the gates of the sample monorepo leave it, with a hostile check detail in it. */
export function sampleReport(): ReleaseReport {
  const at = '2026-11-24T10:00:00.000Z';
  const pass = (gate: string, project: string) =>
    gateReport(gate, project, [{ name: 'check', status: 'pass', detail: 'ok' }], undefined, at);
  const reports = [
    ...['version-gate', 'test-gate', 'benchmark-gate', 'checklist-gate', 'release-gate'].map((gate) => pass(gate, 'gpu-kernels')),
    pass('version-gate', 'pricing-engine'),
    gateReport(
      'test-gate',
      'pricing-engine',
      [{ name: 'tests', status: 'fail', detail: 'pricing-engine:test failed <script>alert("x")</script>' }],
      undefined,
      at,
    ),
    gateReport(
      'version-gate',
      'docs-site',
      [{ name: 'release pending', status: 'skip', detail: 'nothing to release since docs-site@1.0.0' }],
      undefined,
      at,
    ),
  ];
  const history = [0, 1, 2, 3, 4, 5].map((index) => ({
    at: `2026-11-${String(18 + index).padStart(2, '0')}T10:00:00.000Z`,
    commit: `c${index}`,
    project: 'gpu-kernels',
    runs: 5,
    medians: { processing_time: 120 - index * 3 + (index === 4 ? 9 : 0), peak_rss: 48 + index, gpu_utilization: null },
  }));
  return buildReleaseReport(
    '/work/gpu-trading',
    [
      plan('gpu-kernels', '1.4.0', '1.3.0', '1.4.0'),
      plan('pricing-engine', '2.1.1', '2.1.0', '2.1.1'),
      plan('strategy-api', '0.4.2', '0.4.2', '0.5.0'),
      plan('docs-site', '1.0.0', '1.0.0', null),
    ],
    reports,
    history,
    [
      {
        project: 'gpu-kernels',
        state: 'rolled back',
        version: '1.3.0',
        channel: 'latest',
        incident: {
          tag: 'gpu-kernels@1.3.1-rollback',
          version: '1.3.1',
          reason: 'p99 <b>latency</b> doubled',
          since: '2026-11-23T09:00:00Z',
        },
        events: [
          { kind: 'release', tag: 'gpu-kernels@1.3.0', version: '1.3.0', at: '2026-11-20T09:00:00Z' },
          { kind: 'hotfix', tag: 'gpu-kernels@1.3.1', version: '1.3.1', at: '2026-11-22T09:00:00Z' },
          {
            kind: 'rollback',
            tag: 'gpu-kernels@1.3.1-rollback',
            version: '1.3.1',
            at: '2026-11-23T09:00:00Z',
            reason: 'p99 <b>latency</b> doubled',
          },
        ],
      },
      {
        project: 'pricing-engine',
        state: 'released',
        version: '2.1.0',
        channel: 'latest',
        incident: null,
        events: [{ kind: 'release', tag: 'pricing-engine@2.1.0', version: '2.1.0', at: '2026-11-21T09:00:00Z' }],
      },
    ],
    at,
  );
}
