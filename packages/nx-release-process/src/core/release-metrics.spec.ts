import type { RawCommit } from './commit-classification';
import { releaseMetrics } from './release-metrics';
import type { ReleaseEvent } from './release-status';

const commit = (hash: string, parent: string | null, authorDate: string, files: string[]): RawCommit => ({
  hash,
  parents: parent ? [parent] : [],
  authorDate,
  authorName: 'dev',
  message: `change ${hash}`,
  files,
});

// core: 1.0.0 before the period; 1.1.0, its hotfix 1.1.1, then 1.2.0 rolled back, all in February.
const COMMITS = [
  commit('c1', null, '2026-01-20T00:00:00Z', ['packages/core/a.ts']),
  commit('c2', 'c1', '2026-02-02T00:00:00Z', ['packages/core/a.ts']),
  commit('c3', 'c2', '2026-02-03T00:00:00Z', ['packages/other/b.ts']),
  commit('c4', 'c3', '2026-02-04T12:00:00Z', ['packages/core/a.ts', 'packages/other/b.ts']),
  commit('h1', 'c4', '2026-02-05T06:00:00Z', ['packages/core/fix.ts']),
  commit('c5', 'h1', '2026-02-10T00:00:00Z', ['packages/core/b.ts']),
  commit('r1', 'c5', '2026-02-11T06:00:00Z', ['packages/core/b.ts']),
];
const EVENTS: ReleaseEvent[] = [
  { kind: 'release', tag: 'core@1.0.0', version: '1.0.0', at: '2026-01-25T00:00:00Z', commit: 'c1' },
  { kind: 'release', tag: 'core@1.1.0', version: '1.1.0', at: '2026-02-05T00:00:00Z', commit: 'c4' },
  { kind: 'hotfix', tag: 'core@1.1.1', version: '1.1.1', at: '2026-02-05T12:00:00Z', commit: 'h1' },
  { kind: 'release', tag: 'core@1.2.0', version: '1.2.0', at: '2026-02-11T00:00:00Z', commit: 'c5' },
  { kind: 'rollback', tag: 'core@1.2.0-rollback', version: '1.2.0', at: '2026-02-11T06:00:00Z', commit: 'r1', reason: 'slow' },
];

describe('releaseMetrics (DORA)', () => {
  const metrics = releaseMetrics(
    [
      { project: 'core', root: 'packages/core', events: EVENTS },
      { project: 'other', root: 'packages/other', events: [] },
    ],
    COMMITS,
    new Date('2026-03-01T00:00:00Z'),
    28,
  );

  it('measures the four keys over the period, from the tags and the commits each release shipped first', () => {
    expect(metrics.period).toEqual({ from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z', days: 28 });
    // 3 releases in 4 weeks; lead times 72 h (c2) and 12 h (c4) for 1.1.0, 6 h (h1) for 1.1.1, 24 h (c5) for 1.2.0;
    // 1.1.0 failed (hotfix after 12 h), 1.2.0 failed (rollback after 6 h), 1.1.1 did not.
    expect(metrics.projects[0]).toEqual({
      project: 'core',
      measures: { releases: 3, deploymentFrequency: 0.75, leadTimeHours: 18, changeFailureRate: 0.67, timeToRestoreHours: 9, failures: 2 },
      // the period before: 1.0.0, shipping c1 after 5 days; the release after it was no fix of it
      previous: { releases: 1, deploymentFrequency: 0.25, leadTimeHours: 120, changeFailureRate: 0, timeToRestoreHours: null, failures: 0 },
    });
    expect(metrics.projects[1].measures).toEqual({
      releases: 0,
      deploymentFrequency: 0,
      leadTimeHours: null,
      changeFailureRate: null,
      timeToRestoreHours: null,
      failures: 0,
    });
    expect(metrics.workspace).toEqual(metrics.projects[0].measures);
  });

  it('counts a patch of an older line as no fix of the newer release', () => {
    const lts: ReleaseEvent[] = [
      { kind: 'release', tag: 'core@2.0.0', version: '2.0.0', at: '2026-02-10T00:00:00Z', commit: 'c4' },
      { kind: 'hotfix', tag: 'core@1.9.1', version: '1.9.1', at: '2026-02-11T00:00:00Z', commit: 'h1' },
    ];
    const measured = releaseMetrics(
      [{ project: 'core', root: 'packages/core', events: lts }],
      COMMITS,
      new Date('2026-03-01T00:00:00Z'),
      28,
    );
    expect(measured.workspace).toMatchObject({ releases: 2, changeFailureRate: 0, failures: 0 });
  });
});
