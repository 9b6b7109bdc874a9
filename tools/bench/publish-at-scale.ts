import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registryAuthKey } from '../../packages/nx-release-process/src/adapters/npm-registry';
import { startLocalRegistry, type LocalRegistry } from '../../packages/nx-release-process/src/testing/verdaccio';
import { packageJson, TempRepo } from '../../packages/nx-release-process/src/testing/temp-repo';
import { linkInstalledPackages } from '../demo/sample-monorepo';
import { BENCH_ENV, median, numberFlag } from './bench-options';
import { seededRandom } from './synthetic-workspace';

/**
 * The release step of many npm packages, to a local Verdaccio, side by side in one run on one workspace
 * (seed 42): N packages in a dependency DAG, each at a version no registry holds yet.
 * - ours: `release-process release` (tags made here, no push, no forge): the plan, the checks before the
 *   first tag (registry state, packed files), the tags and the publishes, `--publish-concurrency` at once;
 * - nx release: `nx release publish` of the same packages, as many at once (`--parallel`);
 * - the floor: the same packages packed beforehand (not timed), then a bare `npm publish <tarball>` each,
 *   as many at once (with `--manager=pnpm`: a pnpm workspace with workspace:^ ranges, `pnpm pack` and
 *   `pnpm publish <tarball>`; the release and nx release publish through pnpm).
 * Each measure publishes to a registry of its own, started empty (not timed). Medians of `--runs` (3).
 * Usage: node -r @swc-node/register tools/bench/publish-at-scale.ts [packages=100] [--runs=3] [--concurrency=4] [--manager=npm|pnpm] [--skip-nx-release]
 */
const CLI = join(__dirname, '../../packages/nx-release-process/bin/release-process.js');
const args = process.argv.slice(2);
const [count = 100] = args.filter((arg) => /^\d+$/.test(arg)).map(Number);
const runs = numberFlag(args, 'runs', 3);
const concurrency = numberFlag(args, 'concurrency', 4);
const skipNxRelease = args.includes('--skip-nx-release');
// npm, or the pinned pnpm of this repository (its publish turns workspace:^ into the version)
const manager = (args.find((arg) => arg.startsWith('--manager='))?.split('=')[1] ?? 'npm') as 'npm' | 'pnpm';
if (manager !== 'npm' && manager !== 'pnpm') throw new Error(`--manager=${manager}: npm or pnpm`);
const PNPM_VERSION = (require('../../package.json') as { devDependencies: Record<string, string> }).devDependencies.pnpm;
const PATH = `${join(__dirname, '../../node_modules/.bin')}:${process.env.PATH}`;
const log = (text: string) => process.stderr.write(`${text}\n`);

/** N packages in a dependency DAG (seed 42), each at 1.0.0, none released yet. */
export function createPublishWorkspace(count: number, packageManager: 'npm' | 'pnpm' = 'npm'): TempRepo {
  const random = seededRandom(42);
  const repo = new TempRepo(`publish-${count}-`);
  const names = Array.from({ length: count }, (_, index) => `bench-p${String(index).padStart(4, '0')}`);
  const files: Record<string, string> = {
    ...(packageManager === 'pnpm'
      ? {
          // one dependency from the registry: without any, pnpm writes no node_modules/.modules.yaml, which Nx reads
          'package.json': JSON.stringify({
            name: 'bench',
            private: true,
            packageManager: `pnpm@${PNPM_VERSION}`,
            devDependencies: { 'is-number': '7.0.0' },
          }),
          'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
        }
      : { 'package.json': JSON.stringify({ name: 'bench', private: true, workspaces: ['packages/*'] }) }),
    'nx.json': JSON.stringify({
      release: { projects: ['*'], projectsRelationship: 'independent', releaseTag: { pattern: '{projectName}@{version}' } },
      plugins: ['nx-release-process'],
    }),
    '.gitignore': 'node_modules\n.nx\ndist\n.npmrc\n',
  };
  names.forEach((name, index) => {
    const dependencies: Record<string, string> = {};
    for (let edge = 0; edge < 3 && index > 0; edge++)
      if (random() < 0.5) dependencies[names[Math.floor(random() * index)]] = packageManager === 'pnpm' ? 'workspace:^' : '^1.0.0';
    files[`packages/${name}/package.json`] = packageJson(name, '1.0.0', dependencies);
    files[`packages/${name}/index.js`] = `module.exports = '${name}';\n`;
  });
  repo.commit('feat: a hundred packages', files);
  if (packageManager === 'pnpm') {
    const install = spawnSync('pnpm', ['install', '--no-frozen-lockfile'], {
      cwd: repo.root,
      env: { ...process.env, PATH },
      encoding: 'utf8',
    });
    if (install.status !== 0) throw new Error(`pnpm install failed: ${install.stderr}${install.stdout}`);
    repo.commit('chore: lockfile');
  }
  linkInstalledPackages(repo.root);
  return repo;
}

interface Timed {
  seconds: number;
  output: string;
}

function timed(command: string, commandArgs: string[], cwd: string, env: NodeJS.ProcessEnv): Timed {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, commandArgs, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} exited with ${result.status}:\n${output.slice(-3000)}`);
  return { seconds, output };
}

/** `npm publish <tarball>` (or pnpm's) of each, `concurrency` at once, as a script publishing prepacked tarballs would. */
async function publishTarballs(tarballs: string[], registry: string, env: NodeJS.ProcessEnv): Promise<number> {
  const started = process.hrtime.bigint();
  const queue = [...tarballs];
  const worker = async () => {
    for (let tarball = queue.shift(); tarball; tarball = queue.shift()) {
      const code = await new Promise<number | null>((resolve) =>
        spawn(manager, ['publish', tarball, '--registry', registry, ...(manager === 'pnpm' ? ['--no-git-checks'] : [])], {
          env,
          stdio: 'ignore',
        }).once('exit', resolve),
      );
      if (code !== 0) throw new Error(`npm publish ${tarball} exited with ${code}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** A user of the registry and its token (`npm adduser`'s request): nx release checks who publishes first. */
export async function benchUserToken(registry: LocalRegistry): Promise<string> {
  const answer = await fetch(`${registry.url}-/user/org.couchdb.user:bench`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', password: 'bench-password', type: 'user', roles: [] }),
  });
  const { token } = (await answer.json()) as { token?: string };
  if (!token) throw new Error(`the registry gave no token (${answer.status})`);
  return token;
}

async function withRegistry<T>(measure: (registry: LocalRegistry, env: NodeJS.ProcessEnv) => Promise<T> | T): Promise<T> {
  const registry = await startLocalRegistry();
  const token = await benchUserToken(registry);
  const env = { ...BENCH_ENV, PATH, NPM_TOKEN: token, [`npm_config_${registryAuthKey(registry.url)}:_authToken`]: token };
  try {
    return await measure(registry, env);
  } finally {
    await registry.stop();
  }
}

async function main(): Promise<void> {
  log(`(${count} packages, ${manager}): generating`);
  const repo = createPublishWorkspace(count, manager);
  const packed = mkdtempSync(join(tmpdir(), 'publish-tarballs-'));
  try {
    if (manager === 'pnpm')
      for (const folder of readdirSync(join(repo.root, 'packages')))
        timed('pnpm', ['pack', '--pack-destination', packed], join(repo.root, 'packages', folder), { ...BENCH_ENV, PATH });
    else timed('npm', ['pack', '--workspaces', '--pack-destination', packed], repo.root, BENCH_ENV);
    const tarballs = readdirSync(packed).map((file) => join(packed, file));
    if (tarballs.length !== count) throw new Error(`packed ${tarballs.length} tarballs, not ${count}`);
    const samples = { ours: [] as number[], nxRelease: [] as number[], floor: [] as number[] };
    for (let run = 1; run <= runs; run++) {
      const ours = await withRegistry((registry, env) => {
        const tags = repo.git('tag', '--list').trim().split('\n').filter(Boolean);
        if (tags.length > 0) repo.git('tag', '-d', ...tags);
        const release = [CLI, 'release', '--registry', registry.url, '--no-push', '--forge', 'none', '--no-announce'];
        const gates = ['--skip-gates', '--reason', 'benchmark of the publish step'];
        return timed(process.execPath, [...release, ...gates, `--publish-concurrency=${concurrency}`], repo.root, env);
      });
      const published = (ours.output.match(/^done \(\d+ of \d+\): publish /gm) ?? []).length;
      if (published !== count) throw new Error(`the release published ${published} packages, not ${count}:\n${ours.output.slice(-2000)}`);
      samples.ours.push(ours.seconds);
      if (!skipNxRelease) {
        const nx = join(repo.root, 'node_modules/nx/dist/bin/nx.js');
        // nx release's publish tasks take the token from an .npmrc, as its docs set it up (ignored by git here)
        const nxRelease = await withRegistry((registry, env) => {
          writeFileSync(join(repo.root, '.npmrc'), `${registryAuthKey(registry.url)}:_authToken=\${NPM_TOKEN}\n`);
          try {
            return timed(
              process.execPath,
              [nx, 'release', 'publish', '--registry', registry.url, `--parallel=${concurrency}`],
              repo.root,
              env,
            );
          } finally {
            rmSync(join(repo.root, '.npmrc'), { force: true });
          }
        });
        samples.nxRelease.push(nxRelease.seconds);
      }
      samples.floor.push(await withRegistry((registry, env) => publishTarballs(tarballs, registry.url, env)));
      log(
        `run ${run}: ours ${ours.seconds.toFixed(2)} s, nx release publish ${samples.nxRelease.at(-1)?.toFixed(2) ?? '—'} s, bare ${manager} publish ${samples.floor.at(-1)?.toFixed(2)} s`,
      );
    }
    const [ours, floor] = [median(samples.ours), median(samples.floor)];
    const nxRelease = skipNxRelease ? null : median(samples.nxRelease);
    process.stdout.write(
      [
        `| packages | manager | at once | release-process release | nx release publish | floor (bare publish of the tarballs) | ours ÷ floor |`,
        '|---|---|---|---|---|---|---|',
        `| ${count} | ${manager} | ${concurrency} | ${ours.toFixed(2)} s | ${nxRelease === null ? 'not run' : `${nxRelease.toFixed(2)} s`} | ${floor.toFixed(2)} s | ${(ours / floor).toFixed(2)}× |`,
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(packed, { recursive: true, force: true });
    repo.remove();
  }
}

if (require.main === module)
  main().catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  });
