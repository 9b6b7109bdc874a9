import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { addQualityEvidence, configurePlugin, createSampleMonorepo, linkInstalledPackages } from '../../../tools/demo/sample-monorepo';
import { addBareOrigin } from '../../nx-release-process/src/testing/bare-origin';
import { startRemoteCacheServer, type RemoteCacheServer } from '../../nx-release-process/src/testing/remote-cache-server';
import { runNx } from '../../nx-release-process/src/testing/run-nx';
import type { TempRepo } from '../../nx-release-process/src/testing/temp-repo';

const TOKEN = 'remote-cache-token-0123456789';

/**
 * Gates at CI scale: clone A runs every gate of the sample workspace against a self-hosted remote cache
 * (Nx's open API, NX_SELF_HOSTED_REMOTE_CACHE_SERVER); a fresh clone B, on another folder with no local
 * cache, gets every gate from the remote cache, with the same reports, and runs nothing.
 */
describe('release gates restored from a self-hosted remote cache on another clone', () => {
  let repo: TempRepo;
  let origin: ReturnType<typeof addBareOrigin>;
  let cache: RemoteCacheServer;
  let clone: string;
  let scratch: string;
  // Each agent its own local cache (Nx 23 keeps it under ~/.nx by repository, which two clones here would share).
  const env = (agent: 'a' | 'b') => ({
    NX_SELF_HOSTED_REMOTE_CACHE_SERVER: cache.url,
    NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: TOKEN,
    NX_CACHE_DIRECTORY: join(scratch, `cache-${agent}`),
  });

  beforeAll(async () => {
    cache = await startRemoteCacheServer(TOKEN);
    scratch = mkdtempSync(join(tmpdir(), 'agents-'));
    repo = createSampleMonorepo();
    addQualityEvidence(repo);
    // A compatibility matrix whose cells are tasks of their own (a stand-in for `uv run --python {python} pytest`)
    const { gates } = JSON.parse(readFileSync(join(repo.root, 'nx.json'), 'utf8')).plugins[0].options;
    const matrix = { axes: { python: ['3.10', '3.11'], gpu: ['none', 'a100'] }, command: 'node -e "process.exit(0)" {python}' };
    configurePlugin(repo, { gates: { ...gates, compatibility: { 'gpu-kernels': matrix } } }, 'ci: python and gpu matrix');
    origin = addBareOrigin(repo);
    // A prepared release, pushed: what CI gates on both agents.
    expect((await runNx(repo.root, ['g', 'release-branch'])).code).toBe(0);
    const branch = repo.git('rev-parse', '--abbrev-ref', 'HEAD');
    repo.git('push', '-q', 'origin', branch, '--tags');
    clone = join(scratch, 'ws');
    execFileSync('git', ['clone', '-q', '--branch', branch, origin.path, clone]);
    linkInstalledPackages(clone); // as `npm ci` would on the other agent
  });
  afterAll(async () => {
    await cache?.close();
    repo?.remove();
    origin?.remove();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('clone A fills the remote cache; clone B restores every gate from it, reports identical, nothing run', async () => {
    const first = await runNx(repo.root, ['run-many', '-t', 'release-gate', '--output-style=static'], env('a'));
    expect(first.code).toBe(0);
    const stored = cache.requests.filter((request) => request.method === 'PUT' && request.status === 200).length;
    expect(stored).toBeGreaterThanOrEqual(10);

    const second = await runNx(clone, ['run-many', '-t', 'release-gate', '--output-style=static'], env('b'));
    expect(second.code).toBe(0);
    const output = second.stdout + second.stderr;
    const tasks =
      Number(/Successfully ran target release-gate for \d+ projects and (\d+) tasks? they depend on/.exec(output)?.[1] ?? NaN) + 4;
    expect(output).toContain(`Nx read the output from the cache instead of running the command for ${tasks} out of ${tasks} tasks`);
    expect(output.match(/\[remote cache\]/g)).toHaveLength(tasks);
    // the matrix's cells are tasks of their own, each restored (the GPU cells' reports say "not run")
    for (const cell of ['python-3.10--gpu-none', 'python-3.10--gpu-a100', 'python-3.11--gpu-none', 'python-3.11--gpu-a100'])
      expect(output).toMatch(new RegExp(`> nx run gpu-kernels:compatibility-gate--${cell}\\s+\\[remote cache\\]`));
    // B's local cache is empty: each hit is a download from the server
    expect(cache.requests.filter((request) => request.method === 'GET' && request.status === 200)).toHaveLength(tasks);
    expect(reports(clone)).toEqual(reports(repo.root));
    expect(JSON.parse(reports(clone)['gpu-kernels/compatibility-gate--python-3.11--gpu-a100.json']).checks[0].status).toBe('skip');
    expect(Object.keys(reports(clone)).length).toBeGreaterThanOrEqual(10);
    // Nx sent the token with every request; the server refuses anyone without it
    expect(cache.requests.every((request) => request.status !== 401 && request.status !== 403)).toBe(true);
    const anonymous = await fetch(`${cache.url}/v1/cache/${cache.entries()[0]}`);
    expect(anonymous.status).toBe(401);
  });
});

/** Every gate report under dist/release-gates, by path, as text. */
function reports(root: string): Record<string, string> {
  const base = join(root, 'dist/release-gates');
  const found: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else found[relative(base, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(base);
  return found;
}
