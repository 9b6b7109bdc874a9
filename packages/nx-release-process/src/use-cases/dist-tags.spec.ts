import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSampleMonorepo } from '../../../../tools/demo/sample-monorepo';
import { addBareOrigin } from '../testing/bare-origin';
import { startGitHubApiMock, type GitHubApiMock } from '../testing/github-api-mock';
import { runCli } from '../testing/run-cli';
import { runNx } from '../testing/run-nx';
import type { TempRepo } from '../testing/temp-repo';
import { npmOn, startLocalRegistry, type LocalRegistry } from '../testing/verdaccio';
import { passGates } from '../testing/gates';

const TOKEN = 'ghp_fake_token_for_dist_tags_1357';
const NPM_TOKEN = 'npm_fake_token_for_dist_tags_2468';
const REPOSITORY = 'acme/gpu-trading';

/**
 * Releases that must not move users backwards: an old line's hotfix while a newer major is latest, and a
 * release candidate; against Verdaccio and the GitHub API stand-in.
 */
describe('dist-tags that never move users backwards', () => {
  let repo: TempRepo;
  let origin: ReturnType<typeof addBareOrigin>;
  let registry: LocalRegistry;
  let github: GitHubApiMock;
  beforeEach(async () => {
    repo = createSampleMonorepo();
    origin = addBareOrigin(repo);
    registry = await startLocalRegistry();
    github = await startGitHubApiMock(REPOSITORY, TOKEN);
  });
  afterEach(async () => {
    await registry.stop();
    await github.close();
    repo.remove();
    origin.remove();
  });
  const env = () => ({ NPM_TOKEN, GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPOSITORY });
  const npm = (args: string[], cwd = repo.root) => npmOn(registry, NPM_TOKEN)(args, cwd);
  /** A version users already have on the registry, under `tag`. */
  const published = (version: string, tag = 'latest') => {
    const dir = mkdtempSync(join(tmpdir(), 'gpu-kernels-'));
    try {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'gpu-kernels', version }));
      npm(['publish', '--tag', tag], dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it("an old line's hotfix goes under its line tag: latest stays on the newer major, and GitHub keeps its latest release", async () => {
    published('1.3.0');
    published('2.0.0'); // the newer major users are on
    const fix = repo.git('log', '--format=%H', '--grep=race condition', '-1');
    expect((await runNx(repo.root, ['g', 'hotfix', 'gpu-kernels@1.3.0', `--commits=${fix}`])).code).toBe(0);

    await passGates(repo.root);
    const dryRun = await runCli(repo.root, ['release', '--project', 'gpu-kernels', '--registry', registry.url, '--dry-run'], env());
    expect(dryRun.stderr).toContain(`[dry-run] would publish gpu-kernels@1.3.1 to ${registry.url} under v1-latest (2.0.0 is latest)`);

    await passGates(repo.root);
    const result = await runCli(repo.root, ['release', '--project', 'gpu-kernels', '--registry', registry.url], env());
    expect(result.code).toBe(0);
    expect(JSON.parse(npm(['view', 'gpu-kernels', 'dist-tags', '--json']))).toEqual({ latest: '2.0.0', 'v1-latest': '1.3.1' });
    const creation = github.requests.find((request) => request.method === 'POST' && request.path.endsWith('/releases'));
    expect(creation?.body).toMatchObject({ tag_name: 'gpu-kernels@1.3.1', make_latest: 'false' });
  });

  it("a release candidate goes under its preid's tag, and a rollback moves that tag back, not latest", async () => {
    published('1.3.0');
    expect((await runNx(repo.root, ['g', 'release-branch', '--project=gpu-kernels', '--preid=rc'])).code).toBe(0);
    await passGates(repo.root);
    const result = await runCli(repo.root, ['release', '--project', 'gpu-kernels', '--registry', registry.url], env());
    expect(result.code).toBe(0);
    expect(JSON.parse(npm(['view', 'gpu-kernels', 'dist-tags', '--json']))).toEqual({ latest: '1.3.0', rc: '1.4.0-rc.0' });
    const creation = github.requests.find((request) => request.method === 'POST' && request.path.endsWith('/releases'));
    expect(creation?.body).toMatchObject({ tag_name: 'gpu-kernels@1.4.0-rc.0', prerelease: true });
    expect(creation?.body).not.toHaveProperty('make_latest');

    expect((await runNx(repo.root, ['g', 'rollback', 'gpu-kernels@1.4.0-rc.0', '--reason=breaks the cache'])).code).toBe(0);
    const rolledBack = await runCli(repo.root, ['rollback', 'gpu-kernels@1.4.0-rc.0', '--registry', registry.url, '--no-announce'], env());
    expect(rolledBack.code).toBe(0);
    expect(rolledBack.stderr).toContain('deprecate gpu-kernels@1.4.0-rc.0');
    expect(JSON.parse(npm(['view', 'gpu-kernels', 'dist-tags', '--json']))).toMatchObject({ latest: '1.3.0' });
  });

  it("honours the package's publishConfig: its registry, its tag in place of latest, its directory", async () => {
    published('1.3.0');
    const manifestPath = join(repo.root, 'packages/gpu-kernels/package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const publishConfig = { registry: registry.url, tag: 'beta', directory: 'dist' };
    repo.commit('chore: publish gpu-kernels from dist, under beta', {
      'packages/gpu-kernels/package.json': `${JSON.stringify({ ...manifest, publishConfig }, null, 2)}\n`,
    });
    expect((await runNx(repo.root, ['g', 'release-branch', '--project=gpu-kernels'])).code).toBe(0);
    const release = async (args: string[] = []) => {
      await passGates(repo.root);
      return runCli(repo.root, ['release', '--project', 'gpu-kernels', '--no-push', ...args], env());
    };

    const unbuilt = await release(['--dry-run']);
    expect(unbuilt.code).toBe(1);
    expect(unbuilt.stderr).toContain(
      'the publishConfig.directory of gpu-kernels (dist) holds no package.json to publish; nothing was released',
    );
    // What a build writes: the package as it is published, in dist/ (ignored by git).
    const built = join(repo.root, 'packages/gpu-kernels/dist');
    mkdirSync(built);
    const version = JSON.parse(readFileSync(manifestPath, 'utf8')).version;
    writeFileSync(join(built, 'package.json'), JSON.stringify({ name: 'gpu-kernels', version, main: 'index.js' }));
    writeFileSync(join(built, 'index.js'), "module.exports = 'built';\n");

    const elsewhere = await release(['--registry', 'http://127.0.0.1:9/', '--dry-run']);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain(
      `--registry http://127.0.0.1:9/ is not where gpu-kernels (publishConfig.registry ${registry.url}) publishes`,
    );

    const dryRun = await release(['--dry-run']);
    expect(dryRun.stderr).toContain(`[dry-run] would publish gpu-kernels@${version} to ${registry.url} under beta (publishConfig.tag)`);
    // No --registry, and npm's own config names another registry: the package's publishConfig decides.
    await passGates(repo.root);
    const result = await runCli(repo.root, ['release', '--project', 'gpu-kernels', '--no-push', '--forge', 'none'], {
      NPM_TOKEN,
      npm_config_registry: 'http://127.0.0.1:9/',
    });
    expect(result.stderr).toContain(`Released gpu-kernels@${version}.`);
    expect(result.code).toBe(0);
    expect(JSON.parse(npm(['view', 'gpu-kernels', 'dist-tags', '--json']))).toEqual({ latest: '1.3.0', beta: version });
    expect(JSON.parse(npm(['view', `gpu-kernels@${version}`, 'main', '--json']))).toBe('index.js');
  });
});
