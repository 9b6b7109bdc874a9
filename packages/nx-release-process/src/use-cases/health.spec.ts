import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { configurePlugin, createSampleMonorepo } from '../../../../tools/demo/sample-monorepo';
import { startGitHubApiMock, type GitHubApiMock } from '../testing/github-api-mock';
import { hasPrometheus, startMetricsExporter, startPrometheus, type LocalPrometheus, type MetricsExporter } from '../testing/prometheus';
import { registryAuthKey } from '../adapters/npm-registry';
import { addBareOrigin } from '../testing/bare-origin';
import { runCli } from '../testing/run-cli';
import { runNx } from '../testing/run-nx';
import { startLocalRegistry } from '../testing/verdaccio';
import type { TempRepo } from '../testing/temp-repo';

const TOKEN = 'ghp_fake_token_for_health_0123456789';
const REPOSITORY = 'acme/gpu-trading';
// CI installs Debian's prometheus (.ci/run); a developer machine without it skips, CI never does.
const describeWithPrometheus = hasPrometheus() || process.env.CI ? describe : describe.skip;

/**
 * Release health against a real Prometheus scraping a small exporter every second: gpu-kernels 1.3.0 serves
 * errors at 20% (1.2.0 at 1%), so its checks fail; once its error rate is back to 1%, they pass. The users'
 * word comes from the GitHub API stand-in's issues.
 */
describeWithPrometheus('release-process health, against a real Prometheus', () => {
  let repo: TempRepo;
  let exporter: MetricsExporter;
  let prometheus: LocalPrometheus;
  let github: GitHubApiMock;
  const env = () => ({ PROMETHEUS_URL: prometheus.url, GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPOSITORY });
  const health = (...args: string[]) =>
    runCli(repo.root, ['health', '--project', 'gpu-kernels', '--samples', '3', '--interval', '1', ...args], env());
  const errorRate = (version: string) =>
    `sum(rate(app_errors_total{version="${version}"}[5s])) / sum(rate(app_requests_total{version="${version}"}[5s]))`;

  beforeAll(async () => {
    repo = createSampleMonorepo();
    configurePlugin(
      repo,
      {
        health: {
          projects: {
            'gpu-kernels': {
              checks: [
                { name: 'error rate', query: errorRate('{version}'), max: 0.05 },
                { name: 'error rate against the previous version', query: errorRate('{version}'), noWorseThanPreviousBy: 50 },
              ],
              issues: { labels: ['bug'], max: 2 },
            },
          },
        },
      },
      'chore: release health checks',
    );
    exporter = await startMetricsExporter({ '1.3.0': 0.2, '1.2.0': 0.01 });
    prometheus = await startPrometheus([exporter.target]);
    github = await startGitHubApiMock(REPOSITORY, TOKEN);
    const released = repo.git('for-each-ref', '--format=%(creatordate:iso-strict)', 'refs/tags/gpu-kernels@1.3.0');
    const after = new Date(Date.parse(released) + 60_000).toISOString();
    const issue = (number: number, title: string, body: string, labels: string[], created: string, pull = false) => ({
      number,
      title,
      body,
      labels: labels.map((name) => ({ name })),
      created_at: created,
      updated_at: created,
      html_url: `https://github.com/${REPOSITORY}/issues/${number}`,
      ...(pull ? { pull_request: { url: 'x' } } : {}),
    });
    github.issues.push(
      issue(1, 'kernel crash on empty batch', '', ['bug'], after),
      issue(2, 'wrong prices', 'since upgrading to 1.3.0 the totals are off', [], after),
      issue(3, 'old bug', '', ['bug'], '2020-01-01T00:00:00Z'),
      issue(4, 'fix: kernel crash', 'a pull request, not an issue', ['bug'], after, true),
      issue(5, 'feature idea', 'nothing to do with a version', ['enhancement'], after),
    );
    // Prometheus needs a few scrapes before rate() over 5 s has two points.
    await waitFor(async () => (await queryOnce(prometheus.url, errorRate('1.3.0'))) !== null);
  });
  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.close();
    await github?.close();
    repo?.remove();
  });

  it('fails the release whose error rate is up, with the numbers, the issues, and the way to roll back', async () => {
    const result = await health('--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ project: 'gpu-kernels', version: '1.3.0', previousVersion: '1.2.0', status: 'failing' });
    expect(report.checks.map((check: { name: string; status: string }) => [check.name, check.status])).toEqual([
      ['error rate', 'failing'],
      ['error rate against the previous version', 'failing'],
    ]);
    expect(report.checks[0].values).toHaveLength(3);
    expect(report.checks[0].median).toBeGreaterThan(0.1);
    expect(report.checks[1].limit).toMatch(/^≤ previous \(0\.0\d+\) \+ 50%$/);
    expect(report.feedback).toMatchObject({ status: 'healthy', count: 2, max: 2 });
    expect(report.feedback.issues.map((issue: { number: number }) => issue.number).sort()).toEqual([1, 2]);
    expect(result.stderr).toMatch(/sample 3\/3: error rate 0\.\d+, error rate against the previous version 0\.\d+/);
    expect(result.stderr).toContain(
      'Roll it back with: nx g nx-release-process:rollback gpu-kernels@1.3.0 --reason "release health failing: error rate 3 of 3 samples out of limits',
    );
    expect(result.stderr).toContain('release-process: gpu-kernels 1.3.0 fails its release health. See the failing checks above');
    expect(result.stderr).not.toContain(TOKEN);
    const issueQuery = github.requests.find((request) => request.path.startsWith(`/repos/${REPOSITORY}/issues?`));
    expect(new URL(issueQuery?.path ?? '', 'http://x').searchParams.get('since')).toBe(
      new Date(repo.git('for-each-ref', '--format=%(creatordate:iso-strict)', 'refs/tags/gpu-kernels@1.3.0'))
        .toISOString()
        .replace('.000Z', 'Z'),
    );
  });

  it('passes once the error rate is back, and the report shows the latest verdict', async () => {
    exporter.setErrorRate('1.3.0', 0.01);
    // the 5 s rate window must hold only samples at the new rate
    await waitFor(async () => ((await queryOnce(prometheus.url, errorRate('1.3.0'))) ?? 1) < 0.0105);
    const result = await health();
    expect(result.stderr).toContain('gpu-kernels 1.3.0 is healthy.');
    expect(result.code).toBe(0);
    const history = readFileSync(join(repo.root, 'dist/release-history/gpu-kernels.health.jsonl'), 'utf8').trim().split('\n');
    expect(history.map((line) => JSON.parse(line).status)).toEqual(['failing', 'healthy']);

    // the same through Nx: an inferred, never cached target of each project with health checks
    const target = await runNx(
      repo.root,
      ['run', 'gpu-kernels:release-health', '--samples=1', '--intervalSeconds=0', '--skip-nx-cache'],
      env(),
    );
    expect(target.stdout + target.stderr).toContain('gpu-kernels 1.3.0 is healthy.');
    expect(target.code).toBe(0);
    const shown = JSON.parse((await runNx(repo.root, ['show', 'project', 'gpu-kernels', '--json'])).stdout);
    expect(shown.targets['release-health']).toMatchObject({ executor: 'nx-release-process:release-health', cache: false });

    const report = await runCli(repo.root, ['report', '--json'], env());
    const project = JSON.parse(report.stdout).projects.find((candidate: { name: string }) => candidate.name === 'gpu-kernels');
    expect(project.health).toMatchObject({ version: '1.3.0', status: 'healthy' });
    const html = readFileSync(join(repo.root, 'dist/release-report/dashboard.html'), 'utf8');
    expect(html).toMatch(/<tr data-health="gpu-kernels"><td>gpu-kernels<\/td><td>1\.3\.0<\/td><td class="healthy">healthy<\/td>/);
  });

  it('--rollback-on-failure rolls a failing release back for its users, with the failing checks as the reason', async () => {
    exporter.setErrorRate('1.3.0', 0.3);
    await waitFor(async () => ((await queryOnce(prometheus.url, errorRate('1.3.0'))) ?? 0) > 0.2);
    const origin = addBareOrigin(repo);
    const registry = await startLocalRegistry();
    try {
      // what users had: 1.2.0, then 1.3.0 as latest
      for (const version of ['1.2.0', '1.3.0']) {
        const dir = mkdtempSync(join(tmpdir(), 'gpu-kernels-'));
        writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'gpu-kernels', version }));
        execFileSync('npm', ['publish', '--registry', registry.url], {
          cwd: dir,
          env: { ...process.env, [`npm_config_${registryAuthKey(registry.url)}:_authToken`]: 'x' },
          stdio: 'ignore',
        });
        rmSync(dir, { recursive: true, force: true });
      }
      const result = await runCli(
        repo.root,
        ['health', '--project', 'gpu-kernels', '--samples', '2', '--interval', '0', '--rollback-on-failure', '--registry', registry.url],
        { ...env(), NPM_TOKEN: 'x' },
      );
      expect(result.stderr).toContain('rolling gpu-kernels@1.3.0 back: release health failing: error rate 2 of 2 samples out of limits');
      expect(result.stderr).toContain('Rolled back gpu-kernels@1.3.0 for its users.');
      expect(result.stderr).toContain('gpu-kernels 1.3.0 fails its release health. It was rolled back for its users');
      expect(result.code).toBe(1);
      expect(origin.git('tag', '--list', '*-rollback')).toBe('gpu-kernels@1.3.0-rollback');
      const latest = execFileSync('npm', ['view', 'gpu-kernels', 'dist-tags.latest', '--registry', registry.url, '--prefer-online'], {
        encoding: 'utf8',
      });
      expect(latest.trim()).toBe('1.2.0');
      const status = JSON.parse(readFileSync(join(repo.root, 'dist/release-history/status.json'), 'utf8'));
      expect(status.projects.find((project: { project: string }) => project.project === 'gpu-kernels').incident.reason).toMatch(
        /^release health failing: error rate 2 of 2 samples out of limits/,
      );
    } finally {
      await registry.stop();
      origin.remove();
    }
  });

  it('refuses a project without checks, and a Prometheus that does not answer, before sampling', async () => {
    const none = await runCli(repo.root, ['health', '--project', 'docs-site'], env());
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no health checks are configured for docs-site');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const nobody = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const down = await runCli(repo.root, ['health', '--project', 'gpu-kernels', '--samples', '1', '--prometheus-url', nobody], env());
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`cannot reach Prometheus at ${nobody}: ECONNREFUSED. Check --prometheus-url (or PROMETHEUS_URL)`);
    expect(existsSync(join(repo.root, 'dist/release-history/docs-site.health.jsonl'))).toBe(false);
  });
});

async function queryOnce(url: string, query: string): Promise<number | null> {
  const answer = (await (await fetch(`${url}/api/v1/query?${new URLSearchParams({ query })}`)).json()) as {
    data: { result: Array<{ value: [number, string] }> };
  };
  const value = Number(answer.data.result[0]?.value[1]);
  return Number.isFinite(value) ? value : null;
}

async function waitFor(condition: () => Promise<boolean>, seconds = 30): Promise<void> {
  for (let waited = 0; waited < seconds * 4; waited++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`gave up after ${seconds} s`);
}
