import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurePlugin, createSampleMonorepo } from '../../../../tools/demo/sample-monorepo';
import { startGitLabApiMock, type GitLabApiMock } from '../testing/gitlab-api-mock';
import { runCli } from '../testing/run-cli';
import type { TempRepo } from '../testing/temp-repo';

const TOKEN = 'glpat-fake-token-for-health-feedback';
const PROJECT = 'grp/sub/gpu-trading';

/**
 * The users' word on a release from GitLab issues: a workspace whose origin is a GitLab project, a health
 * config with an issues section only (no Prometheus needed), and the GitLab API stand-in's issues.
 */
describe('release-process health on GitLab: issues since the release', () => {
  let repo: TempRepo;
  let gitlab: GitLabApiMock;
  let released: string;

  beforeAll(async () => {
    repo = createSampleMonorepo();
    configurePlugin(
      repo,
      { health: { projects: { 'gpu-kernels': { issues: { labels: ['bug'], max: 1 } } } } },
      'chore: user feedback on releases',
    );
    repo.git('remote', 'add', 'origin', 'https://gitlab.acme.test/grp/sub/gpu-trading.git');
    gitlab = await startGitLabApiMock(PROJECT, TOKEN);
    released = repo.git('for-each-ref', '--format=%(creatordate:iso-strict)', 'refs/tags/gpu-kernels@1.3.0');
    const after = new Date(Date.parse(released) + 60_000).toISOString();
    const issue = (iid: number, title: string, description: string, labels: string[], created: string) => ({
      iid,
      title,
      description,
      labels,
      created_at: created,
      web_url: `https://gitlab.acme.test/${PROJECT}/-/issues/${iid}`,
    });
    gitlab.issues.push(
      issue(1, 'kernel crash on empty batch', '', ['bug'], after),
      issue(2, 'wrong prices', 'since upgrading to 1.3.0 the totals are off', [], after),
      issue(3, 'old bug', '', ['bug'], '2020-01-01T00:00:00Z'),
      issue(4, 'feature idea', 'nothing to do with a version', ['enhancement'], after),
    );
  });
  afterAll(async () => {
    await gitlab?.close();
    repo?.remove();
  });

  it('counts the issues since the release by label or version, and shows them in the report and the dashboard', async () => {
    const result = await runCli(repo.root, ['health', '--project', 'gpu-kernels', '--json'], {
      GITLAB_TOKEN: TOKEN,
      GITLAB_API_URL: gitlab.url,
    });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ project: 'gpu-kernels', version: '1.3.0', status: 'failing', checks: [] });
    expect(report.feedback).toMatchObject({ status: 'failing', count: 2, max: 1 });
    expect(report.feedback.issues.map((issue: { number: number; url: string }) => [issue.number, issue.url]).sort()).toEqual([
      [1, `https://gitlab.acme.test/${PROJECT}/-/issues/1`],
      [2, `https://gitlab.acme.test/${PROJECT}/-/issues/2`],
    ]);
    expect(result.stderr).toContain('FAILING issues since the release: 2 (at most 1)');
    expect(result.stderr).not.toContain(TOKEN);
    const listing = gitlab.requests.find((request) => request.path.startsWith(`/api/v4/projects/${encodeURIComponent(PROJECT)}/issues?`));
    expect(listing?.tokenHeader).toBe('PRIVATE-TOKEN');
    expect(new URL(listing?.path ?? '', 'http://x').searchParams.get('created_after')).toBe(
      new Date(released).toISOString().replace('.000Z', 'Z'),
    );

    expect((await runCli(repo.root, ['report'])).code).toBe(0);
    const html = readFileSync(join(repo.root, 'dist/release-report/dashboard.html'), 'utf8');
    expect(html).toContain(`<a href="https://gitlab.acme.test/${PROJECT}/-/issues/1">#1</a>`);
  });

  it('says which token is missing, naming both GitLab variables', async () => {
    const result = await runCli(repo.root, ['health', '--project', 'gpu-kernels'], { GITLAB_TOKEN: '', CI_JOB_TOKEN: '' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'reading the issues since the release on GitLab needs a token. Set GITLAB_TOKEN (or CI_JOB_TOKEN in GitLab CI), or pass --forge none',
    );
  });
});
