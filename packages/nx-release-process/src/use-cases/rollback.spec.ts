import { execFileSync } from 'node:child_process';
import { lastRunSteps, type StepRecord } from '../adapters/step-journal';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurePlugin, createSampleMonorepo } from '../../../../tools/demo/sample-monorepo';
import { publishPackage } from '../adapters/npm-registry';
import { addBareOrigin } from '../testing/bare-origin';
import { startGitHubApiMock, type GitHubApiMock } from '../testing/github-api-mock';
import { startCli, startHoldingProxy } from '../testing/interrupt';
import { runCli } from '../testing/run-cli';
import { runNx } from '../testing/run-nx';
import type { TempRepo } from '../testing/temp-repo';
import { startLocalRegistry, type LocalRegistry } from '../testing/verdaccio';
import { SLACK_AND_WEBHOOK, startWebhookReceivers, type WebhookReceivers } from '../testing/webhook-receivers';
import { passGates } from '../testing/gates';

const TOKEN = 'ghp_fake_token_for_rollbacks_01234';
const NPM_TOKEN = 'npm_fake_token_for_rollbacks_56789';
const REPOSITORY = 'acme/gpu-trading';

/**
 * A release rolled back for its users: gpu-kernels 1.3.0 on the registry, 1.4.0 released (tags on a bare origin,
 * Verdaccio, the GitHub stand-in), `nx g rollback` reverts it, then `release-process rollback` pushes the revert
 * and its tag, points `latest` back to 1.3.0, deprecates 1.4.0 with the reason and marks the GitHub release.
 */
describe('release-process rollback: users moved back', () => {
  let repo: TempRepo;
  let origin: ReturnType<typeof addBareOrigin>;
  let github: GitHubApiMock;
  let registry: LocalRegistry;
  let receivers: WebhookReceivers;
  const env = () => ({
    GITHUB_TOKEN: TOKEN,
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: REPOSITORY,
    NPM_TOKEN,
    SLACK_WEBHOOK_URL: receivers.urls.slack,
    RELEASE_WEBHOOK_URL: receivers.urls.webhook,
  });
  const npmView = (...args: string[]) =>
    execFileSync('npm', ['view', ...args, '--registry', registry.url, '--prefer-online'], {
      encoding: 'utf8',
      env: { ...process.env, NPM_TOKEN },
    }).trim();

  beforeAll(async () => {
    repo = createSampleMonorepo();
    configurePlugin(
      repo,
      {
        announcements: SLACK_AND_WEBHOOK,
      },
      'chore: announce releases',
    );
    receivers = await startWebhookReceivers();
    origin = addBareOrigin(repo);
    github = await startGitHubApiMock(REPOSITORY, TOKEN);
    registry = await startLocalRegistry();
    const token = process.env.NPM_TOKEN;
    process.env.NPM_TOKEN = NPM_TOKEN;
    try {
      await publishPackage(join(repo.root, 'packages/gpu-kernels'), false, { registry: registry.url }); // 1.3.0, the version before
    } finally {
      if (token === undefined) delete process.env.NPM_TOKEN;
      else process.env.NPM_TOKEN = token;
    }
    expect((await runNx(repo.root, ['g', 'release-branch', '--project=gpu-kernels'])).code).toBe(0);
    await passGates(repo.root);
    const released = await runCli(repo.root, ['release', '--project', 'gpu-kernels', '--registry', registry.url], env());
    expect(released.stderr).toContain('Released gpu-kernels@1.4.0');
    expect(npmView('gpu-kernels', 'dist-tags.latest')).toBe('1.4.0');
    const reverted = await runNx(repo.root, ['g', 'rollback', 'gpu-kernels@1.4.0', '--reason=corrupts the kernel cache']);
    expect(reverted.code).toBe(0);
  });
  afterAll(async () => {
    await receivers?.close();
    await github?.close();
    await registry?.stop();
    repo?.remove();
    origin?.remove();
  });

  const statusOf = (project: string) =>
    JSON.parse(readFileSync(join(repo.root, 'dist/release-history/status.json'), 'utf8')).projects.find(
      (status: { project: string }) => status.project === project,
    );
  /** The incidents the dashboard shows (`release-process report`), as "project version rolled back". */
  const dashboardIncidents = async () => {
    expect((await runCli(repo.root, ['report'])).code).toBe(0);
    const html = readFileSync(join(repo.root, 'dist/release-report/dashboard.html'), 'utf8');
    return [...html.matchAll(/<b>Incident:<\/b> (\S+ \S+ rolled back)/g)].map((match) => match[1]);
  };

  it('--dry-run lists every step for the users, as --json does too, and changes nothing', async () => {
    const result = await runCli(repo.root, ['rollback', 'gpu-kernels@1.4.0', '--registry', registry.url, '--dry-run'], env());
    expect(result.code).toBe(0);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('[dry-run] would'))).toEqual([
      `[dry-run] would push ${repo.git('rev-parse', '--abbrev-ref', 'HEAD')} and gpu-kernels@1.4.0-rollback to origin (atomic)`,
      '[dry-run] would point gpu-kernels@latest back to 1.3.0',
      '[dry-run] would deprecate gpu-kernels@1.4.0: "1.4.0 was rolled back: corrupts the kernel cache; use 1.3.0"',
      `[dry-run] would mark the GitHub ${REPOSITORY} release gpu-kernels@1.4.0 rolled back`,
      `[dry-run] would create the GitHub ${REPOSITORY} release gpu-kernels@1.4.0-rollback`,
      '[dry-run] would write the release status to dist/release-history/status.json',
      '[dry-run] would announce the rollback of gpu-kernels@1.4.0 to slack (SLACK_WEBHOOK_URL), webhook (RELEASE_WEBHOOK_URL)',
    ]);
    expect(npmView('gpu-kernels', 'dist-tags.latest')).toBe('1.4.0');
    expect(origin.git('tag', '--list', '*-rollback')).toBe('');
    // The same list, as --json gives it (what the real run journals, below).
    const planned = await runCli(repo.root, ['rollback', 'gpu-kernels@1.4.0', '--registry', registry.url, '--dry-run', '--json'], env());
    const steps = (JSON.parse(planned.stdout) as { steps: StepRecord[] }).steps;
    expect(steps.map((entry) => `[dry-run] would ${entry.step}`)).toEqual(
      result.stderr.split('\n').filter((line) => line.startsWith('[dry-run] would')),
    );
  });

  let stepsLeft: StepRecord[] = [];

  it('killed with the deprecation in flight: the dry run lists what is left, and running it again finishes it, told once', async () => {
    // The registry answers the dist-tag move and keeps the deprecation (a PUT of the package document) waiting.
    const proxy = await startHoldingProxy(registry.url, (request) => request.method === 'PUT' && !request.url?.includes('dist-tags'));
    try {
      const run = startCli(repo.root, ['rollback', 'gpu-kernels@1.4.0', '--registry', proxy.url], env());
      await Promise.race([proxy.holding, run.ended.then((ended) => Promise.reject(new Error(`ended by itself: ${ended.stderr}`)))]);
      await run.kill();
    } finally {
      await proxy.close();
    }
    expect(npmView('gpu-kernels', 'dist-tags.latest')).toBe('1.3.0');
    expect(receivers.accepted).toHaveLength(2); // the release's two announcements, not yet the rollback's
    const left = await runCli(repo.root, ['rollback', 'gpu-kernels@1.4.0', '--registry', registry.url, '--dry-run', '--json'], env());
    stepsLeft = (JSON.parse(left.stdout) as { steps: StepRecord[] }).steps;
    expect(left.stderr.split('\n').filter((line) => line.startsWith('[dry-run] would'))).toEqual([
      '[dry-run] would deprecate gpu-kernels@1.4.0: "1.4.0 was rolled back: corrupts the kernel cache; use 1.3.0"',
      `[dry-run] would mark the GitHub ${REPOSITORY} release gpu-kernels@1.4.0 rolled back`,
      `[dry-run] would create the GitHub ${REPOSITORY} release gpu-kernels@1.4.0-rollback`,
      '[dry-run] would write the release status to dist/release-history/status.json',
      '[dry-run] would announce the rollback of gpu-kernels@1.4.0 to slack (SLACK_WEBHOOK_URL), webhook (RELEASE_WEBHOOK_URL)',
    ]);
  });

  it('pushes the revert and its tag, points latest back, deprecates the bad version and marks the release; a rerun does nothing', async () => {
    const result = await runCli(repo.root, ['rollback', 'gpu-kernels@1.4.0', '--registry', registry.url], env());
    // What the dry run listed as left is what this run journaled, in order.
    expect(await lastRunSteps(repo, 'release-process rollback')).toEqual(stepsLeft);
    expect(result.stderr.split('\n').filter((line) => /^(push|point|deprecate|mark|create) /.test(line))).toEqual([
      'deprecate gpu-kernels@1.4.0: "1.4.0 was rolled back: corrupts the kernel cache; use 1.3.0"',
      `mark the GitHub ${REPOSITORY} release gpu-kernels@1.4.0 rolled back`,
      `create the GitHub ${REPOSITORY} release gpu-kernels@1.4.0-rollback`,
    ]);
    // The rollback tag's own release tells the story without becoming the latest release.
    expect(github.requests.filter((request) => request.method === 'POST').at(-1)?.body).toMatchObject({
      tag_name: 'gpu-kernels@1.4.0-rollback',
      make_latest: 'false',
      body: '# Rollback of gpu-kernels@1.4.0\n\n1.4.0 was rolled back: corrupts the kernel cache. Users are moved back to 1.3.0.',
    });
    expect(result.stderr).toContain('Rolled back gpu-kernels@1.4.0 for its users.');
    expect(result.code).toBe(0);
    expect(origin.git('rev-parse', 'gpu-kernels@1.4.0-rollback^{commit}')).toBe(repo.git('rev-parse', 'HEAD'));
    expect(npmView('gpu-kernels', 'dist-tags.latest')).toBe('1.3.0');
    expect(npmView('gpu-kernels@1.4.0', 'deprecated')).toBe('1.4.0 was rolled back: corrupts the kernel cache; use 1.3.0');
    const edit = github.requests.find((request) => request.method === 'PATCH');
    expect(edit?.body).toMatchObject({ make_latest: 'false' });
    expect((edit?.body as { body: string }).body).toMatch(
      /^> \*\*Rolled back\*\* \(gpu-kernels@1\.4\.0-rollback\): corrupts the kernel cache\. Users are moved back to 1\.3\.0\.\n\n# Release gpu-kernels@1\.4\.0/,
    );
    expect(result.stderr).not.toContain(TOKEN);

    // Told, with the reason, on each channel; and the status says so, for machines and on the dashboard.
    const rollbackMessages = receivers.accepted.filter((message) => JSON.stringify(message.body).includes('Rolled back'));
    expect(rollbackMessages.map((message) => message.kind).sort()).toEqual(['slack', 'webhook']);
    expect(rollbackMessages.find((message) => message.kind === 'slack')?.body).toEqual({
      text: 'Rolled back gpu-kernels 1.4.0: users are moved back to 1.3.0.\nReason: corrupts the kernel cache',
    });
    expect(rollbackMessages.find((message) => message.kind === 'webhook')?.body).toMatchObject({
      event: 'rollback',
      reason: 'corrupts the kernel cache',
      releases: [{ project: 'gpu-kernels', tag: 'gpu-kernels@1.4.0', version: '1.4.0', previousVersion: '1.3.0' }],
    });
    expect(statusOf('gpu-kernels')).toMatchObject({
      state: 'rolled back',
      version: '1.3.0',
      channel: 'latest',
      incident: { tag: 'gpu-kernels@1.4.0-rollback', version: '1.4.0', reason: 'corrupts the kernel cache' },
    });
    expect(await dashboardIncidents()).toEqual(['gpu-kernels 1.4.0 rolled back']);

    const again = await runCli(repo.root, ['rollback', 'gpu-kernels@1.4.0', '--registry', registry.url], env());
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('gpu-kernels@1.4.0 is rolled back everywhere already.');
    expect(github.requests.filter((request) => request.method === 'PATCH')).toHaveLength(1);
  });

  it('then a fixed release goes out: it becomes latest, and the incident is closed', async () => {
    repo.commit('fix(kernels): keep the kernel cache consistent', {
      'packages/gpu-kernels/src/cache.ts': 'export const consistent = true;\n',
    });
    expect((await runNx(repo.root, ['g', 'release-branch', '--project=gpu-kernels'])).code).toBe(0);
    await passGates(repo.root);
    const released = await runCli(repo.root, ['release', '--project', 'gpu-kernels', '--registry', registry.url], env());
    expect(released.stderr).toContain('Released gpu-kernels@1.4.1');
    expect(npmView('gpu-kernels', 'dist-tags.latest')).toBe('1.4.1');
    expect(statusOf('gpu-kernels')).toMatchObject({ state: 'released', version: '1.4.1', incident: null });
    expect(await dashboardIncidents()).toEqual([]);
    const announced = receivers.accepted.find((message) => message.kind === 'slack' && JSON.stringify(message.body).includes('1.4.1'));
    expect((announced?.body as { text: string }).text).toMatch(
      /^Released gpu-kernels 1\.4\.1 \(was 1\.4\.0\)\n• kernels: keep the kernel cache consistent/,
    );
  });

  it('refuses a release that nx g rollback has not reverted, with the command to run first', async () => {
    const result = await runCli(repo.root, ['rollback', 'pricing-engine@2.1.0', '--registry', registry.url, '--dry-run'], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'pricing-engine@2.1.0 is not rolled back here yet (no tag pricing-engine@2.1.0-rollback). Revert it first: nx g rollback pricing-engine@2.1.0 --reason "…", then run this again',
    );
  });
});
