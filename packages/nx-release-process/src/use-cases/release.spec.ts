import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurePlugin, createSampleMonorepo } from '../../../../tools/demo/sample-monorepo';
import { addBareOrigin } from '../testing/bare-origin';
import { startCli, startHoldingProxy } from '../testing/interrupt';
import { startGitHubApiMock, type GitHubApiMock } from '../testing/github-api-mock';
import { runCli } from '../testing/run-cli';
import { runNx } from '../testing/run-nx';
import type { TempRepo } from '../testing/temp-repo';
import { startLocalRegistry, type LocalRegistry } from '../testing/verdaccio';
import { startWebhookReceivers, type WebhookReceivers } from '../testing/webhook-receivers';
import { passGates } from '../testing/gates';
import { lastRunSteps, type StepRecord } from '../adapters/step-journal';

const TOKEN = 'ghp_fake_token_for_tests_0123456789';
const NPM_TOKEN = 'npm_fake_token_for_tests_9876543210';
const REPOSITORY = 'acme/gpu-trading';
const RELEASED_TAGS = ['gpu-kernels@1.4.0', 'pricing-engine@2.1.1', 'strategy-api@0.5.0'];

describe('the release step (release-process release)', () => {
  let registry: LocalRegistry;
  let github: GitHubApiMock;
  let repo: TempRepo;
  let origin: ReturnType<typeof addBareOrigin>;
  let prepared: TempRepo;

  // The release branch is prepared once; each test releases from its own copy, with its own origin.
  beforeAll(async () => {
    prepared = createSampleMonorepo();
    expect((await runNx(prepared.root, ['g', 'release-branch'])).code).toBe(0);
  });
  afterAll(() => prepared.remove());
  beforeEach(async () => {
    registry = await startLocalRegistry();
    github = await startGitHubApiMock(REPOSITORY, TOKEN);
    repo = prepared.copy('gpu-trading-');
    origin = addBareOrigin(repo);
  });
  afterEach(async () => {
    await registry.stop();
    await github.close();
    repo.remove();
    origin.remove();
  });

  const releaseEnv = () => ({ NPM_TOKEN, GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPOSITORY });
  // Without the trailing slash, as users type it: the token must still reach npm (it files tokens under `//host:port/`).
  const release = async (...args: string[]) => {
    await passGates(repo.root);
    return runCli(repo.root, ['release', '--registry', registry.url.replace(/\/$/, ''), ...args], releaseEnv());
  };
  /** The plugin told to announce on Slack, Teams, Discord and a generic webhook, each through its variable. */
  const announceOnEveryChannel = () =>
    configurePlugin(
      repo,
      {
        announcements: {
          channels: [
            { type: 'slack', webhookEnv: 'SLACK_WEBHOOK_URL' },
            { type: 'teams', webhookEnv: 'TEAMS_WEBHOOK_URL' },
            { type: 'discord', webhookEnv: 'DISCORD_WEBHOOK_URL' },
            { type: 'webhook', webhookEnv: 'RELEASE_WEBHOOK_URL', tokenEnv: 'RELEASE_WEBHOOK_TOKEN' },
          ],
          retries: 1,
        },
      },
      'chore: announce releases',
    );
  const channelsEnv = (receivers: WebhookReceivers) => ({
    SLACK_WEBHOOK_URL: receivers.urls.slack,
    TEAMS_WEBHOOK_URL: receivers.urls.teams,
    DISCORD_WEBHOOK_URL: receivers.urls.discord,
    RELEASE_WEBHOOK_URL: receivers.urls.webhook,
    RELEASE_WEBHOOK_TOKEN: 'hook-token-0123',
  });
  const remoteTags = () => origin.git('tag', '--list').split('\n').filter(Boolean);
  const published = (name: string) => {
    try {
      return execFileSync('npm', ['view', name, 'versions', '--json', '--registry', registry.url, '--prefer-online'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch {
      return '';
    }
  };

  it('tags with the notes, pushes branch and tags atomically, creates GitHub releases and publishes', async () => {
    const branch = repo.git('rev-parse', '--abbrev-ref', 'HEAD');
    const result = await release();
    expect(result.stderr).not.toContain(TOKEN);
    expect(result.stderr).not.toContain(NPM_TOKEN);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`push ${branch} and ${RELEASED_TAGS.join(', ')} to origin (atomic)`);

    expect(repo.git('tag', '--points-at', 'HEAD').split('\n').sort()).toEqual(RELEASED_TAGS);
    expect(remoteTags().sort()).toEqual(RELEASED_TAGS);
    expect(origin.git('rev-parse', `refs/heads/${branch}`)).toBe(repo.git('rev-parse', 'HEAD'));
    expect(repo.git('tag', '-l', '--format=%(contents)', 'strategy-api@0.5.0')).toContain('## 🔄 Migration Guide');

    const creations = github.requests.filter((request) => request.method === 'POST');
    expect(creations.map((request) => request.path)).toEqual(RELEASED_TAGS.map(() => `/repos/${REPOSITORY}/releases`));
    expect(github.requests.every((request) => request.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(creations[0].body).toMatchObject({ tag_name: 'gpu-kernels@1.4.0', name: 'gpu-kernels@1.4.0', draft: false, prerelease: false });
    expect((creations[0].body as { body: string }).body).toMatch(
      /^# Release gpu-kernels@1\.4\.0\n\n## 🌟 New Features\n- \*\*kernels:\*\* add FP8 GEMM kernel/,
    );

    expect(JSON.parse(published('gpu-kernels'))).toEqual(['1.4.0']);
    expect(JSON.parse(published('strategy-api'))).toEqual(['0.5.0']);

    const posts = github.requests.filter((request) => request.method === 'POST').length;
    const again = await release();
    expect(again.code).toBe(0);
    expect(again.stderr).toBe(`Already released: ${RELEASED_TAGS.join(', ')} (tags, pushes, releases and packages are all in place).\n`);
    expect(github.requests.filter((request) => request.method === 'POST')).toHaveLength(posts);
  });

  it('announces the release on every configured channel, reports the one that fails without failing the release, and writes the status', async () => {
    const receivers = await startWebhookReceivers({ bearer: 'hook-token-0123' });
    try {
      announceOnEveryChannel();
      receivers.failNext('slack', 1, 503); // passes on the retry
      receivers.failNext('discord', 2, 500); // fails both attempts
      const env = { ...releaseEnv(), ...channelsEnv(receivers) };
      await passGates(repo.root);
      const dryRun = await runCli(repo.root, ['release', '--dry-run', '--registry', registry.url], env);
      expect(dryRun.stderr).toContain(
        `[dry-run] would announce the release of ${RELEASED_TAGS.join(', ')} to slack (SLACK_WEBHOOK_URL), teams (TEAMS_WEBHOOK_URL), discord (DISCORD_WEBHOOK_URL), webhook (RELEASE_WEBHOOK_URL)`,
      );
      expect(receivers.attempts).toEqual([]);

      await passGates(repo.root);
      const result = await runCli(repo.root, ['release', '--json', '--registry', registry.url], env);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(
        'announced the release of gpu-kernels@1.4.0, pricing-engine@2.1.1, strategy-api@0.5.0 to slack (SLACK_WEBHOOK_URL)',
      );
      expect(result.stderr).toContain(
        'the announcement to discord (DISCORD_WEBHOOK_URL) failed after 2 attempts: HTTP 500 (failing on purpose). The release stands; tell that channel yourself',
      );
      for (const secret of ['slacksecret', 'discordsecret', 'teamssecret', 'hook-token-0123']) {
        expect(result.stderr).not.toContain(secret);
        expect(result.stdout).not.toContain(secret);
      }
      expect(JSON.parse(result.stdout).announcements).toEqual([
        { channel: 'slack (SLACK_WEBHOOK_URL)', sent: true, attempts: 2 },
        { channel: 'teams (TEAMS_WEBHOOK_URL)', sent: true, attempts: 1 },
        { channel: 'discord (DISCORD_WEBHOOK_URL)', sent: false, attempts: 2, error: 'HTTP 500 (failing on purpose)' },
        { channel: 'webhook (RELEASE_WEBHOOK_URL)', sent: true, attempts: 1 },
      ]);
      expect(remoteTags().sort()).toEqual(RELEASED_TAGS);

      const byKind = Object.fromEntries(receivers.accepted.map((message) => [message.kind, message]));
      expect((byKind.slack.body as { text: string }).text).toMatch(
        /^Released gpu-kernels 1\.4\.0 \(was 1\.3\.0\)\n• kernels: add FP8 GEMM kernel[^\n]*\n(• .*\n)*https:\/\/github\.com\/acme\/gpu-trading\/releases\/tag\/gpu-kernels%401\.4\.0\n\nReleased pricing-engine 2\.1\.1/,
      );
      expect(byKind.webhook.authorization).toBe('Bearer hook-token-0123');
      expect(byKind.webhook.body).toMatchObject({
        event: 'release',
        releases: RELEASED_TAGS.map((tag) => expect.objectContaining({ tag })),
      });
      expect(byKind.discord).toBeUndefined();

      const status = JSON.parse(readFileSync(join(repo.root, 'dist/release-history/status.json'), 'utf8'));
      expect(status.projects.find((project: { project: string }) => project.project === 'gpu-kernels')).toMatchObject({
        state: 'released',
        version: '1.4.0',
        channel: 'latest',
        incident: null,
      });
    } finally {
      await receivers.close();
    }
  });

  it('leaves no token and no webhook secret in any output of a release whose receivers fail and echo the request', async () => {
    const receivers = await startWebhookReceivers({ bearer: 'hook-token-0123' });
    try {
      announceOnEveryChannel();
      for (const kind of ['slack', 'teams', 'discord', 'webhook'] as const) receivers.failNext(kind, 2, 500, {}, { echo: true });
      const env = { ...releaseEnv(), ...channelsEnv(receivers) };
      await passGates(repo.root);
      const outputs: Array<[string, string]> = [];
      const released = await runCli(repo.root, ['release', '--json', '--registry', registry.url], env);
      expect(released.code).toBe(0);
      expect(receivers.attempts).toHaveLength(8); // every receiver failed twice, echoing what it was sent
      outputs.push(['release stdout (--json)', released.stdout], ['release stderr', released.stderr]);
      const report = await runCli(repo.root, ['report', '--json'], env);
      outputs.push(['report stdout (--json)', report.stdout], ['report stderr', report.stderr]);
      for (const folder of ['dist', '.git/release-process']) {
        for (const file of filesUnder(join(repo.root, folder))) outputs.push([file, readFileSync(file, 'utf8')]);
      }
      expect(outputs.map(([name]) => name)).toEqual(
        expect.arrayContaining([expect.stringMatching(/dashboard\.html$/), expect.stringMatching(/status\.json$/)]),
      );
      const secrets = [TOKEN, NPM_TOKEN, 'hook-token-0123', 'slacksecret', 'teamssecret', 'discordsecret', 'T000/B000'];
      const hits = outputs.flatMap(([name, text]) =>
        text
          .split('\n')
          .flatMap((line, index) => secrets.filter((secret) => line.includes(secret)).map((secret) => `${name}:${index + 1}: ${secret}`)),
      );
      expect(hits).toEqual([]);
      expect(released.stderr).toContain(
        'the announcement to slack (SLACK_WEBHOOK_URL) failed after 2 attempts: HTTP 500 (failing on purpose: POST',
      );
    } finally {
      await receivers.close();
    }
  });

  it('announces once the release is out even when the origin refuses the announcement marker', async () => {
    const receivers = await startWebhookReceivers();
    try {
      configurePlugin(repo, { announcements: { channels: [{ type: 'slack', webhookEnv: 'SLACK_WEBHOOK_URL' }] } }, 'chore: announce');
      // A server whose rules allow branches and tags only.
      const hook = join(origin.path, 'hooks/pre-receive');
      writeFileSync(
        hook,
        '#!/bin/sh\nwhile read old new ref; do case "$ref" in refs/release-process/*) echo "refs outside heads and tags are not allowed" >&2; exit 1;; esac; done\n',
      );
      chmodSync(hook, 0o755);
      await passGates(repo.root);
      const result = await runCli(repo.root, ['release', '--registry', registry.url], {
        ...releaseEnv(),
        SLACK_WEBHOOK_URL: receivers.urls.slack,
      });
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/could not mark gpu-kernels@1\.4\.0 as announced on origin \(.*\): announcing it anyway/);
      expect(receivers.accepted).toHaveLength(1);
      expect(remoteTags().sort()).toEqual(RELEASED_TAGS);
    } finally {
      await receivers.close();
    }
  });

  it('--dry-run prints every step and changes nothing', async () => {
    const result = await release('--dry-run');
    expect(result.code).toBe(0);
    for (const tag of RELEASED_TAGS) expect(result.stderr).toContain(`[dry-run] would tag ${tag}`);
    expect(result.stderr).toContain('[dry-run] would publish pricing-engine@2.1.1');
    expect(result.stderr).toContain(`[dry-run] would create the GitHub ${REPOSITORY} release strategy-api@0.5.0`);
    expect(repo.git('tag', '--points-at', 'HEAD')).toBe('');
    expect(remoteTags()).toEqual(RELEASED_TAGS.map(() => '').filter(Boolean));
    expect(github.requests.filter((request) => request.method === 'POST')).toEqual([]);
    expect(published('gpu-kernels')).toBe('');

    // A package.json that promises files that are not there (no build target makes them) is refused, dry run or not.
    const manifest = JSON.parse(readFileSync(join(repo.root, 'packages/pricing-engine/package.json'), 'utf8'));
    repo.commit('build: ship the compiled entry', {
      'packages/pricing-engine/package.json': `${JSON.stringify({ ...manifest, main: './dist/index.js', types: './dist/index.d.ts' }, null, 2)}\n`,
    });
    const refused = await release('--dry-run');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'not publishing unbuilt packages: pricing-engine has no dist/index.d.ts, dist/index.js and no build target; nothing was released',
    );
  });

  it('the dry run lists exactly the steps the real run then journals, in the same order but for the packages published at once', async () => {
    const dryRun = await release('--dry-run', '--json');
    expect(dryRun.code).toBe(0);
    const planned = (JSON.parse(dryRun.stdout) as { steps: StepRecord[] }).steps;
    const real = await release();
    expect(real.code).toBe(0);
    // tags, the push, packages, forge releases, the status file
    expect(planned.map((entry) => entry.kind)).toEqual([
      ...RELEASED_TAGS.map(() => 'tag'),
      'push',
      ...RELEASED_TAGS.map(() => 'publish'),
      ...RELEASED_TAGS.map(() => 'forge-release'),
      'status',
    ]);
    // Packages go out a few at once, each after the packages it depends on, and are journaled as each ends:
    // the same steps, every other one in its place.
    const journaled = await lastRunSteps(repo, 'release-process release');
    const publishes = (steps: StepRecord[]) => steps.filter((entry) => entry.kind === 'publish').map((entry) => entry.step);
    const placed = (steps: StepRecord[]) =>
      steps.map((entry) => (entry.kind === 'publish' ? { kind: 'publish', step: 'a package' } : entry));
    expect(placed(journaled)).toEqual(placed(planned));
    expect(publishes(journaled).sort()).toEqual(publishes(planned).sort());
    // Each step the real run printed is the dry run's line without "[dry-run] would ".
    for (const entry of planned) expect(real.stderr).toContain(entry.step);
  });

  it('a refused push releases nothing and removes the tags it made', async () => {
    const branch = repo.git('rev-parse', '--abbrev-ref', 'HEAD');
    // Someone else pushed another commit to the release branch first.
    repo.git('checkout', '-q', 'main');
    repo.commit('docs: elsewhere', { 'elsewhere.md': 'x' });
    repo.git('push', '-q', 'origin', `main:refs/heads/${branch}`);
    repo.git('checkout', '-q', branch);
    const result = await release();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /the push to origin was refused .*nothing was released and the tags made here were removed\. Fix the cause/,
    );
    expect(repo.git('tag', '--points-at', 'HEAD')).toBe('');
    expect(remoteTags()).toEqual([]);
    expect(github.requests.filter((request) => request.method === 'POST')).toEqual([]);
    expect(published('gpu-kernels')).toBe('');
  });

  it('GitHub failing after the push: the message says so, and running again finishes the release', async () => {
    github.failCreateWith = 500;
    const failed = await release();
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('cannot create the GitHub release of gpu-kernels@1.4.0: GitHub answered 500');
    expect(failed.stderr).toContain('the tags are pushed. Run the release again to finish: it skips what is already done');
    expect(remoteTags().sort()).toEqual(RELEASED_TAGS);

    github.failCreateWith = null;
    const finished = await release();
    expect(finished.code).toBe(0);
    expect(github.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/releases')).length).toBe(4);
    expect(JSON.parse(published('pricing-engine'))).toEqual(['2.1.1']);
  });

  it.each([
    [
      'a bad GitHub token',
      { GITHUB_TOKEN: 'wrong-token' },
      /cannot reach acme\/gpu-trading: GitHub answered 401 \(Bad credentials\)\. The token in GITHUB_TOKEN is invalid/,
    ],
    ['a registry that is down', { REGISTRY: 'http://127.0.0.1:9/' }, /the npm registry http:\/\/127\.0\.0\.1:9\/ does not answer/],
  ])('%s stops the release before any change', async (_, env, message) => {
    const { REGISTRY, ...rest } = env as Record<string, string>;
    await passGates(repo.root);
    const result = await runCli(repo.root, ['release', '--registry', REGISTRY ?? registry.url], {
      NPM_TOKEN,
      GITHUB_TOKEN: TOKEN,
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: REPOSITORY,
      ...rest,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain(TOKEN);
    expect(repo.git('tag', '--points-at', 'HEAD')).toBe('');
    expect(remoteTags()).toEqual([]);
  });

  it('refuses a tag that exists on origin at another commit', async () => {
    origin.git('tag', 'gpu-kernels@1.4.0', 'main');
    const result = await release();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/tag gpu-kernels@1\.4\.0 already exists on origin at another commit/);
    expect(repo.git('tag', '--points-at', 'HEAD')).toBe('');
  });

  it('refuses a tag made here at another commit before changing anything', async () => {
    // Someone released 2.1.1 from another branch.
    const branch = repo.git('rev-parse', '--abbrev-ref', 'HEAD');
    repo.git('checkout', '-q', '-b', 'elsewhere', 'main');
    repo.commit('fix(pricing): elsewhere', { 'packages/pricing-engine/elsewhere.ts': 'x' });
    repo.git('tag', 'pricing-engine@2.1.1');
    repo.git('checkout', '-q', branch);
    const result = await release();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^release-process: tag pricing-engine@2\.1\.1 already exists here at another commit \([0-9a-f]{7}\)\. That version is taken/m,
    );
    expect(repo.git('tag', '--points-at', 'HEAD')).toBe('');
    expect(remoteTags()).toEqual([]);
  });

  it('refuses a detached HEAD, saying what to check out', async () => {
    repo.git('checkout', '-q', '--detach');
    const result = await release();
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('release-process: HEAD is detached. Check out the branch to release from, e.g. `git checkout main`\n');
    expect(repo.git('tag', '--points-at', 'HEAD')).toBe('');
  });

  it('reports GitHub refusing a release (422) after the push, with the way to finish', async () => {
    github.failCreateWith = 422;
    const result = await release();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /cannot create the GitHub release of gpu-kernels@1\.4\.0: GitHub answered 422 \(Server Error\)\. GitHub refused the request: a release for this tag may exist already, or the tag is not on GitHub — the tags are pushed\. Run the release again to finish/,
    );
    expect(result.stderr).not.toContain(TOKEN);
  });

  describe('killed part way (a cancelled CI job), then finished or undone with one command', () => {
    const journal = () => join(repo.root, '.git', 'release-process', 'release-in-progress.json');
    const versions = (name: string) => (published(name) ? JSON.parse(published(name)) : []);
    const releaseCount = () => github.requests.filter((request) => request.method === 'POST').length;

    it('mid-publish (one package out, the next in flight): --abort refuses, running again publishes the rest once', async () => {
      let puts = 0;
      // The registry answers the first publish and keeps the second waiting: the run is killed there.
      const proxy = await startHoldingProxy(registry.url, (request) => request.method === 'PUT' && ++puts === 2);
      try {
        await passGates(repo.root);
        const run = startCli(repo.root, ['release', '--registry', proxy.url], releaseEnv());
        await Promise.race([proxy.holding, run.ended.then((ended) => Promise.reject(new Error(`ended by itself: ${ended.stderr}`)))]);
        await run.kill();
      } finally {
        await proxy.close();
      }
      expect(remoteTags().sort()).toEqual(RELEASED_TAGS);
      const out = ['gpu-kernels', 'pricing-engine', 'strategy-api'].filter((name) => versions(name).length > 0);
      expect(out).toHaveLength(1);
      expect(releaseCount()).toBe(0);

      const refused = await release('--abort');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        `the interrupted release cannot be undone: ${RELEASED_TAGS.join(', ')} are on origin already. Finish it instead with \`release-process release\``,
      );
      expect(remoteTags().sort()).toEqual(RELEASED_TAGS);

      // The dry run asks the remote, the registry and GitHub, and lists exactly what the real run then does.
      const dryRun = await release('--dry-run');
      expect(dryRun.code).toBe(0);
      const wouldDo = dryRun.stderr
        .split('\n')
        .filter((line) => line.startsWith('[dry-run] would '))
        .map((line) => line.slice('[dry-run] would '.length));
      const finished = await release();
      expect(finished.code).toBe(0);
      const did = finished.stderr.split('\n').filter((line) => /^(tag|push|publish|create the) /.test(line));
      expect(wouldDo).toEqual([...did, 'write the release status to dist/release-history/status.json']);
      expect(did).toEqual([
        ...['gpu-kernels', 'pricing-engine', 'strategy-api']
          .filter((name) => name !== out[0])
          .map(
            (name) =>
              `publish ${name}@${{ 'gpu-kernels': '1.4.0', 'pricing-engine': '2.1.1', 'strategy-api': '0.5.0' }[name]} to ${registry.url.replace(/\/$/, '')}`,
          ),
        ...RELEASED_TAGS.map((tag) => `create the GitHub ${REPOSITORY} release ${tag}`),
      ]);
      expect(finished.stderr).toContain('Finishing the release of');
      expect(finished.stderr).not.toContain(`publish ${out[0]}@`);
      expect(versions('gpu-kernels')).toEqual(['1.4.0']);
      expect(versions('pricing-engine')).toEqual(['2.1.1']);
      expect(versions('strategy-api')).toEqual(['0.5.0']);
      expect(releaseCount()).toBe(3);
      expect(existsSync(journal())).toBe(false);
    });
  });
});

/** Every file under a folder, recursively (none when it does not exist). */
function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)],
  );
}
