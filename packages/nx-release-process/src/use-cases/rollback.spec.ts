import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createSampleMonorepo } from '../../../../tools/demo/sample-monorepo';
import { publishPackage } from '../adapters/npm-registry';
import { addBareOrigin } from '../testing/bare-origin';
import { startGitHubApiMock, type GitHubApiMock } from '../testing/github-api-mock';
import { runCli } from '../testing/run-cli';
import { runNx } from '../testing/run-nx';
import type { TempRepo } from '../testing/temp-repo';
import { startLocalRegistry, type LocalRegistry } from '../testing/verdaccio';

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
  const env = () => ({ GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPOSITORY, NPM_TOKEN });
  const npmView = (...args: string[]) =>
    execFileSync('npm', ['view', ...args, '--registry', registry.url], { encoding: 'utf8', env: { ...process.env, NPM_TOKEN } }).trim();

  beforeAll(async () => {
    repo = createSampleMonorepo();
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
    const released = await runCli(repo.root, ['release', '--project', 'gpu-kernels', '--registry', registry.url], env());
    expect(released.stderr).toContain('Released gpu-kernels@1.4.0');
    expect(npmView('gpu-kernels', 'dist-tags.latest')).toBe('1.4.0');
    const reverted = await runNx(repo.root, ['g', 'rollback', 'gpu-kernels@1.4.0', '--reason=corrupts the kernel cache']);
    expect(reverted.code).toBe(0);
  });
  afterAll(async () => {
    await github?.close();
    await registry?.stop();
    repo?.remove();
    origin?.remove();
  });

  it('--dry-run lists every step for the users, and changes nothing', async () => {
    const result = await runCli(repo.root, ['rollback', 'gpu-kernels@1.4.0', '--registry', registry.url, '--dry-run'], env());
    expect(result.code).toBe(0);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('[dry-run] would'))).toEqual([
      `[dry-run] would push ${repo.git('rev-parse', '--abbrev-ref', 'HEAD')} and gpu-kernels@1.4.0-rollback to origin (atomic)`,
      '[dry-run] would point gpu-kernels@latest back to 1.3.0',
      '[dry-run] would deprecate gpu-kernels@1.4.0: "1.4.0 was rolled back: corrupts the kernel cache; use 1.3.0"',
      `[dry-run] would mark the GitHub ${REPOSITORY} release gpu-kernels@1.4.0 rolled back`,
    ]);
    expect(npmView('gpu-kernels', 'dist-tags.latest')).toBe('1.4.0');
    expect(origin.git('tag', '--list', '*-rollback')).toBe('');
  });

  it('pushes the revert and its tag, points latest back, deprecates the bad version and marks the release; a rerun does nothing', async () => {
    const result = await runCli(repo.root, ['rollback', 'gpu-kernels@1.4.0', '--registry', registry.url], env());
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

    const again = await runCli(repo.root, ['rollback', 'gpu-kernels@1.4.0', '--registry', registry.url], env());
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('gpu-kernels@1.4.0 is rolled back everywhere already.');
    expect(github.requests.filter((request) => request.method === 'PATCH')).toHaveLength(1);
  });

  it('refuses a release that nx g rollback has not reverted, with the command to run first', async () => {
    const result = await runCli(repo.root, ['rollback', 'pricing-engine@2.1.0', '--registry', registry.url, '--dry-run'], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'pricing-engine@2.1.0 is not rolled back here yet (no tag pricing-engine@2.1.0-rollback). Revert it first: nx g rollback pricing-engine@2.1.0 --reason "…", then run this again',
    );
  });
});
