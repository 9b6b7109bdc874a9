import { runCli } from '../testing/run-cli';
import { packageJson, TempRepo } from '../testing/temp-repo';

const DAY = 86_400_000;

/**
 * DORA measures from a repository built with known dates: releases, a hotfix on its branch, a rollback,
 * in this period and the one before; `release-process report --json --period 30` gives the exact values.
 */
describe('release metrics from a repository with known release dates', () => {
  let repo: TempRepo;
  afterAll(() => repo?.remove());

  /** Runs git steps as if at `daysAgo` (author, committer and tagger dates). */
  function at<T>(daysAgo: number, steps: () => T): T {
    const date = new Date(Date.now() - daysAgo * DAY).toISOString();
    const saved = { author: process.env.GIT_AUTHOR_DATE, committer: process.env.GIT_COMMITTER_DATE };
    process.env.GIT_AUTHOR_DATE = date;
    process.env.GIT_COMMITTER_DATE = date;
    try {
      return steps();
    } finally {
      for (const [key, value] of [
        ['GIT_AUTHOR_DATE', saved.author],
        ['GIT_COMMITTER_DATE', saved.committer],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  }
  const release = (version: string, daysAgo: number, message = `Release v${version}`) =>
    at(daysAgo, () => repo.git('tag', '-a', '--cleanup=verbatim', `v${version}`, '-m', message));

  beforeAll(() => {
    repo = new TempRepo('dora-');
    at(200, () => repo.commit('feat: first', { 'package.json': packageJson('lib', '1.0.0') }));
    release('1.0.0', 199);
    // the period before (60 to 30 days ago): 1.1.0, one change a day before it
    at(50, () => repo.commit('feat: b', { 'b.ts': 'b' }));
    release('1.1.0', 49);
    // this period: 1.2.0 (changes 24 h and 12 h before it), then its hotfix 12 h later on a branch
    at(20, () => repo.commit('feat: c', { 'c.ts': 'c' }));
    at(19.5, () => repo.commit('feat: d', { 'd.ts': 'd' }));
    release('1.2.0', 19);
    repo.git('checkout', '-q', '-b', 'hotfix/v1.2.1', 'v1.2.0');
    at(18.75, () => repo.commit('fix: e', { 'd.ts': 'e' }));
    release('1.2.1', 18.5, '# Release v1.2.1\n\nRelease-Kind: hotfix');
    repo.git('checkout', '-q', 'main');
    // 1.3.0, rolled back 6 h later
    at(10, () => repo.commit('feat: f', { 'f.ts': 'f' }));
    release('1.3.0', 9);
    at(8.75, () => repo.commit('revert: roll back v1.3.0', { 'f.ts': '' }));
    at(8.75, () => repo.git('tag', '-a', 'v1.3.0-rollback', '-m', 'Rollback to 1.2.0: broke the build'));
  });

  it('gives deployment frequency, lead time, change failure rate and time to restore, against the period before', async () => {
    const result = await runCli(repo.root, ['report', '--json', '--period', '30']);
    expect(result.stderr).toContain('Wrote');
    expect(result.code).toBe(0);
    const { metrics, projects } = JSON.parse(result.stdout);
    expect(metrics.period.days).toBe(30);
    expect(metrics.workspace).toEqual({
      releases: 3,
      deploymentFrequency: 0.7, // 3 in 30/7 weeks
      leadTimeHours: 18, // median of 24, 12 (1.2.0), 6 (1.2.1) and 24 (1.3.0)
      changeFailureRate: 0.67, // 1.2.0 (hotfixed) and 1.3.0 (rolled back) of 3
      timeToRestoreHours: 9, // median of 12 and 6
      failures: 2,
    });
    expect(metrics.previous).toEqual({
      releases: 1,
      deploymentFrequency: 0.23,
      leadTimeHours: 24,
      changeFailureRate: 0,
      timeToRestoreHours: null,
      failures: 0,
    });
    expect(projects[0].release).toMatchObject({ state: 'rolled back', version: '1.2.1', incident: { reason: 'broke the build' } });
    expect(projects[0].release.events.map((event: { kind: string; version: string }) => `${event.kind} ${event.version}`)).toEqual([
      'release 1.0.0',
      'release 1.1.0',
      'release 1.2.0',
      'hotfix 1.2.1',
      'release 1.3.0',
      'rollback 1.3.0',
    ]);
  });

  it('refuses a period that is no number of days', async () => {
    const result = await runCli(repo.root, ['report', '--period', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('release-process: --period 0 is not a number of days. Give a whole number of days, such as --period 90\n');
  });
});
