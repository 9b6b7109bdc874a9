import { createSampleMonorepo } from '../../../../tools/demo/sample-monorepo';
import { addBareOrigin } from '../testing/bare-origin';
import { startGitLabApiMock, type GitLabApiMock } from '../testing/gitlab-api-mock';
import { startCli, startHoldingProxy } from '../testing/interrupt';
import { runCli } from '../testing/run-cli';
import { runNx } from '../testing/run-nx';
import type { TempRepo } from '../testing/temp-repo';
import { startLocalRegistry, type LocalRegistry } from '../testing/verdaccio';
import { passGates } from '../testing/gates';

const GITLAB_TOKEN = 'glpat-fake-token-for-gitlab-releases';
const JOB_TOKEN = 'glcbt-fake-job-token-for-gitlab-rollbacks';
const NPM_TOKEN = 'npm_fake_token_for_gitlab_releases_42';
const PROJECT = 'grp/sub/gpu-trading';
const ENCODED = `/api/v4/projects/${encodeURIComponent(PROJECT)}`;
const RELEASED_TAGS = ['gpu-kernels@1.4.0', 'pricing-engine@2.1.1', 'strategy-api@0.5.0'];
const VERSIONS: Record<string, string> = { 'gpu-kernels': '1.4.0', 'pricing-engine': '2.1.1', 'strategy-api': '0.5.0' };

/**
 * The release step on a workspace whose origin is a GitLab project in nested groups: the remote's URL is a
 * GitLab one, rewritten by `insteadOf` to a bare repository, with Verdaccio for npm and the GitLab API
 * stand-in, which checks the method, the URL-encoded project path, the token header and the body.
 */
describe('releases on GitLab (release-process release and rollback)', () => {
  let prepared: TempRepo;
  let repo: TempRepo;
  let origin: ReturnType<typeof addBareOrigin>;
  let registry: LocalRegistry;
  let gitlab: GitLabApiMock;

  beforeAll(async () => {
    prepared = createSampleMonorepo();
    expect((await runNx(prepared.root, ['g', 'release-branch'])).code).toBe(0);
  });
  afterAll(() => prepared.remove());
  afterEach(async () => {
    await registry.stop();
    await gitlab.close();
    repo.remove();
    origin.remove();
  });

  /** A copy of the prepared workspace whose origin is `url`, served by a fresh bare repository. */
  async function setUp(url: string, options: { tokenKind?: 'private' | 'job'; webHost?: string } = {}) {
    registry = await startLocalRegistry();
    repo = prepared.copy('gitlab-trading-');
    origin = addBareOrigin(repo);
    repo.git('remote', 'set-url', 'origin', url);
    repo.git('config', `url.${origin.path}.insteadOf`, url);
    const onOrigin = (tag: string) => origin.git('tag', '--list', tag) === tag;
    gitlab = await startGitLabApiMock(PROJECT, options.tokenKind === 'job' ? JOB_TOKEN : GITLAB_TOKEN, {
      tokenKind: options.tokenKind,
      tagExists: onOrigin,
      webHost: options.webHost,
    });
  }
  const privateEnv = () => ({ GITLAB_TOKEN, GITLAB_API_URL: gitlab.url, NPM_TOKEN });
  const release = async (env: NodeJS.ProcessEnv, ...args: string[]) => {
    await passGates(repo.root);
    return runCli(repo.root, ['release', '--registry', registry.url, ...args], env);
  };
  const creations = () => gitlab.requests.filter((request) => request.method === 'POST' && request.path === `${ENCODED}/releases`);

  it('creates one GitLab release per tag, with the notes and links to the npm tarballs; a rerun does nothing', async () => {
    await setUp('https://gitlab.acme.test/grp/sub/gpu-trading.git');
    const result = await release(privateEnv(), '--json');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`create the GitLab ${PROJECT} release gpu-kernels@1.4.0 linking gpu-kernels@1.4.0`);
    expect([...gitlab.releases.keys()].sort()).toEqual(RELEASED_TAGS);
    for (const tag of RELEASED_TAGS) {
      const created = gitlab.releases.get(tag);
      expect(created?.description).toContain(`# Release ${tag}`);
      const [name, version] = [tag.split('@')[0], VERSIONS[tag.split('@')[0]]];
      expect(created?.assets.links).toEqual([
        {
          id: 1,
          name: `npm: ${name}@${version}`,
          url: expect.stringMatching(new RegExp(`/${name}-${version}\\.tgz$`)),
          link_type: 'package',
        },
      ]);
      // The link is where npm gets the package from: the registry serves it.
      expect((await fetch(created?.assets.links[0].url as string)).status).toBe(200);
    }
    // Links in the notes point at the GitLab project, nested groups and all, and at the comparison of tags.
    expect(gitlab.releases.get('gpu-kernels@1.4.0')?.description).toContain(
      '**Full changelog**: [gpu-kernels@1.3.0...gpu-kernels@1.4.0](https://gitlab.acme.test/grp/sub/gpu-trading/-/compare/gpu-kernels%401.3.0...gpu-kernels%401.4.0)',
    );
    expect(gitlab.requests.every((request) => request.tokenHeader === 'PRIVATE-TOKEN' && request.path.startsWith(ENCODED))).toBe(true);
    expect(creations()).toHaveLength(3);
    expect(result.stderr).not.toContain(GITLAB_TOKEN);
    const outcome = JSON.parse(result.stdout) as { released: Array<{ tag: string; forgeRelease: string }> };
    expect(outcome.released.map((released) => released.forgeRelease).sort()).toEqual(
      RELEASED_TAGS.map((tag) => `https://gitlab.com/${PROJECT}/-/releases/${encodeURIComponent(tag)}`),
    );

    const again = await release(privateEnv());
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Already released');
    expect(creations()).toHaveLength(3);
  });

  it('killed between two releases: the dry run lists the rest, and a rerun makes them, never a duplicate', async () => {
    await setUp('git@gitlab.acme.test:grp/sub/gpu-trading.git');
    let posts = 0;
    // The API answers the first release and keeps the second waiting: the run is killed there.
    const proxy = await startHoldingProxy(
      gitlab.url,
      (request) => request.method === 'POST' && /\/releases$/.test(request.url ?? '') && ++posts === 2,
    );
    try {
      await passGates(repo.root);
      const run = startCli(repo.root, ['release', '--registry', registry.url], { ...privateEnv(), GITLAB_API_URL: `${proxy.url}api/v4` });
      await Promise.race([proxy.holding, run.ended.then((ended) => Promise.reject(new Error(`ended by itself: ${ended.stderr}`)))]);
      await run.kill();
    } finally {
      await proxy.close();
    }
    expect(gitlab.releases.size).toBe(1);
    const dryRun = await release(privateEnv(), '--dry-run');
    const wouldCreate = dryRun.stderr.split('\n').filter((line) => line.startsWith('[dry-run] would create the GitLab'));
    expect(wouldCreate).toHaveLength(2);
    const finished = await release(privateEnv());
    expect(finished.code).toBe(0);
    expect([...gitlab.releases.keys()].sort()).toEqual(RELEASED_TAGS);
    expect(creations()).toHaveLength(3); // the held request never reached GitLab: one each, no duplicate
  });

  it('a GitLab error stops before anything is tagged (401), or after the push leaves a release that one rerun finishes (5xx)', async () => {
    await setUp('https://gitlab.acme.test/grp/sub/gpu-trading.git');
    const refused = await release({ ...privateEnv(), GITLAB_TOKEN: 'glpat-expired-token-0000' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `cannot reach ${PROJECT}: GitLab answered 401 (401 Unauthorized). The token in GITLAB_TOKEN is invalid or expired: create a new one with the api scope`,
    );
    expect(refused.stderr).not.toContain('glpat-expired-token-0000');
    expect(origin.git('tag', '--list')).toBe('');

    gitlab.failCreateWith = 503;
    const failed = await release(privateEnv());
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      /cannot create the GitLab release of gpu-kernels@1\.4\.0: GitLab answered 503 \(503 Server Error, token \*\*\*\)\. GitLab had an error: run the command again later \(it resumes where it stopped\) — the tags are pushed\. Run the release again to finish/,
    );
    expect(failed.stderr).not.toContain(GITLAB_TOKEN);
    gitlab.failCreateWith = null;
    expect((await release(privateEnv())).code).toBe(0);
    expect([...gitlab.releases.keys()].sort()).toEqual(RELEASED_TAGS);
  });

  it('chooses the forge: none without a token (and says so), --forge none, --forge github refused without its token', async () => {
    await setUp('https://gitlab.acme.test/grp/sub/gpu-trading.git');
    const untold = await release({ NPM_TOKEN, GITLAB_API_URL: gitlab.url }, '--dry-run');
    expect(untold.code).toBe(0);
    expect(untold.stderr).toContain(
      'No forge release: GitLab is not used: set GITLAB_TOKEN (or CI_JOB_TOKEN in GitLab CI), or pass --forge none to say so.',
    );
    const none = await release(privateEnv(), '--dry-run', '--forge', 'none');
    expect(none.stderr).not.toContain('GitLab');
    const github = await release({ ...privateEnv(), GITHUB_TOKEN: '' }, '--dry-run', '--forge', 'github');
    expect(github.code).toBe(1);
    expect(github.stderr).toContain('creating releases on GitHub needs a token. Set GITHUB_TOKEN (or GH_TOKEN), or pass --forge none');
    expect(gitlab.requests).toEqual([]);
  });

  it('on a self-managed GitLab in CI with the job token: released, then rolled back with the notice and a release of the rollback tag', async () => {
    await setUp('https://git.acme.test/grp/sub/gpu-trading.git', { tokenKind: 'job', webHost: 'git.acme.test' });
    // As GitLab CI sets them: the host does not say "gitlab", CI_SERVER_HOST does.
    const ciEnv = {
      CI_JOB_TOKEN: JOB_TOKEN,
      CI_API_V4_URL: gitlab.url,
      CI_SERVER_HOST: 'git.acme.test',
      CI_PROJECT_PATH: PROJECT,
      GITLAB_CI: 'true',
      GITLAB_TOKEN: '',
      NPM_TOKEN,
    };
    await passGates(repo.root);
    const released = await runCli(repo.root, ['release', '--project', 'gpu-kernels', '--registry', registry.url], ciEnv);
    expect(released.code).toBe(0);
    expect([...gitlab.releases.keys()]).toEqual(['gpu-kernels@1.4.0']);
    expect(gitlab.releases.get('gpu-kernels@1.4.0')?.description).toContain('https://git.acme.test/grp/sub/gpu-trading/-/commit/');

    const reverted = await runNx(repo.root, ['g', 'rollback', 'gpu-kernels@1.4.0', '--reason=corrupts the kernel cache']);
    expect(reverted.code).toBe(0);
    const rolledBack = await runCli(repo.root, ['rollback', 'gpu-kernels@1.4.0', '--registry', registry.url, '--no-announce'], ciEnv);
    expect(rolledBack.code).toBe(0);
    expect(rolledBack.stderr).toContain(`mark the GitLab ${PROJECT} release gpu-kernels@1.4.0 rolled back`);
    expect(gitlab.releases.get('gpu-kernels@1.4.0')?.description).toMatch(
      /^> \*\*Rolled back\*\* \(gpu-kernels@1\.4\.0-rollback\): corrupts the kernel cache\. Users are moved back to 1\.3\.0\.\n\n# Release gpu-kernels@1\.4\.0/,
    );
    expect(gitlab.releases.get('gpu-kernels@1.4.0-rollback')?.description).toBe(
      '# Rollback of gpu-kernels@1.4.0\n\n1.4.0 was rolled back: corrupts the kernel cache. Users are moved back to 1.3.0.',
    );
    expect(gitlab.requests.every((request) => request.tokenHeader === 'JOB-TOKEN')).toBe(true);
    expect(`${released.stderr}${rolledBack.stderr}`).not.toContain(JOB_TOKEN);

    const again = await runCli(repo.root, ['rollback', 'gpu-kernels@1.4.0', '--registry', registry.url, '--no-announce'], ciEnv);
    expect(again.stderr).toContain('gpu-kernels@1.4.0 is rolled back everywhere already.');
    expect(gitlab.requests.filter((request) => request.method === 'PUT')).toHaveLength(1);
    expect(gitlab.releases.size).toBe(2);
    expect(origin.git('tag', '--list', '*-rollback')).toBe('gpu-kernels@1.4.0-rollback');
  });
});
