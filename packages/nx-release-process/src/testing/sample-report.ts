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
  return buildReleaseReport({
    workspace: '/work/gpu-trading',
    projects: [
      plan('gpu-kernels', '1.4.0', '1.3.0', '1.4.0'),
      plan('pricing-engine', '2.1.1', '2.1.0', '2.1.1'),
      plan('strategy-api', '0.4.2', '0.4.2', '0.5.0'),
      plan('docs-site', '1.0.0', '1.0.0', null),
    ],
    reports,
    history,
    baselines: { 'gpu-kernels': { processing_time: [118, 121, 119], peak_rss: [47, 48, 49] } },
    health: [
      {
        project: 'pricing-engine',
        version: '2.1.0',
        previousVersion: '2.0.0',
        at: '2026-11-24T09:00:00.000Z',
        status: 'failing',
        checks: [
          {
            name: 'error rate',
            status: 'failing',
            values: [0.08, 0.09, 0.07],
            median: 0.08,
            limit: 'max 0.05',
            detail: '3 of 3 samples out of limits, median 0.08',
          },
        ],
        feedback: {
          status: 'healthy',
          count: 1,
          max: 5,
          issues: [
            { number: 7, title: 'prices <off>', url: 'https://github.com/acme/gpu-trading/issues/7', createdAt: '2026-11-24T08:00:00Z' },
          ],
        },
      },
    ],
    statuses: [
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
    metrics: {
      period: { from: '2026-08-26T10:00:00.000Z', to: '2026-11-24T10:00:00.000Z', days: 90 },
      workspace: {
        releases: 6,
        deploymentFrequency: 0.47,
        leadTimeHours: 52.5,
        changeFailureRate: 0.33,
        timeToRestoreHours: 26,
        failures: 2,
      },
      previous: { releases: 4, deploymentFrequency: 0.31, leadTimeHours: 80, changeFailureRate: 0.25, timeToRestoreHours: 30, failures: 1 },
      projects: [
        {
          project: 'gpu-kernels',
          measures: {
            releases: 3,
            deploymentFrequency: 0.23,
            leadTimeHours: 40,
            changeFailureRate: 0.67,
            timeToRestoreHours: 26,
            failures: 2,
          },
          previous: {
            releases: 2,
            deploymentFrequency: 0.16,
            leadTimeHours: 70,
            changeFailureRate: 0.5,
            timeToRestoreHours: 30,
            failures: 1,
          },
        },
      ],
    },
    generatedAt: at,
  });
}
