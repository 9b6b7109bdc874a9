import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_ENV as env, median, numberFlag } from './bench-options';
import { createSyntheticWorkspace } from './synthetic-workspace';

/**
 * Times `nx run-many -t release-gate` on a synthetic workspace with a release prepared for every project:
 * a first run that computes every gate, then reruns with nothing changed, which Nx answers from its cache.
 * Usage: node -r @swc-node/register tools/bench/cache-rerun.ts [projects=100] [commits=1000] [--reruns=3] [--keep]
 */
const args = process.argv.slice(2);
const [projects = 100, commits = 1000] = args.filter((arg) => /^\d+$/.test(arg)).map(Number);
const reruns = numberFlag(args, 'reruns', 3);

function run(cwd: string, command: string[]): { seconds: number; output: string } {
  const started = process.hrtime.bigint();
  const result = spawnSync(command[0], command.slice(1), { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`${command.join(' ')} exited with ${result.status}:\n${output.slice(-3000)}`);
  return { seconds, output };
}

process.stderr.write(`(${projects} projects, ${commits} commits): generating\n`);
const repo = createSyntheticWorkspace(projects, commits);
try {
  const nx = [process.execPath, join(repo.root, 'node_modules/nx/dist/bin/nx.js')];
  const names = Array.from({ length: projects }, (_, index) => `p${String(index).padStart(4, '0')}`);
  // Each project gets a test script (so test-gate runs a real test target) before the release is prepared.
  const files: Record<string, string> = {};
  for (const name of names) {
    const manifestPath = `packages/${name}/package.json`;
    const manifest = JSON.parse(readFileSync(join(repo.root, manifestPath), 'utf8'));
    files[manifestPath] = `${JSON.stringify({ ...manifest, scripts: { test: 'node test.js' } }, null, 2)}\n`;
    files[`packages/${name}/test.js`] = "require('node:assert').strictEqual(1 + 1, 2);\n";
  }
  repo.commit('test: a smoke test per package', files);
  const prepared = run(repo.root, [...nx, 'g', 'nx-release-process:release-branch']);
  process.stderr.write(`release-branch: ${prepared.seconds.toFixed(1)} s\n`);
  const signOffs = names.flatMap((name) => {
    const { version } = JSON.parse(readFileSync(join(repo.root, `packages/${name}/package.json`), 'utf8')) as { version: string };
    return ['security-audit', 'code-review', 'dependencies-reviewed', 'documentation'].map((item) => ({
      item,
      project: name,
      version,
      by: 'Bench',
      date: '2026-11-25',
    }));
  });
  repo.commit('chore: release sign-offs', { 'release-signoffs.json': `${JSON.stringify(signOffs, null, 2)}\n` });

  const gates = [...nx, 'run-many', '-t', 'release-gate', '--parallel=2'];
  const first = run(repo.root, gates);
  const tasks = /Successfully ran target release-gate for (\d+) projects? and (\d+) tasks? (?:it|they) depends? on/.exec(first.output);
  process.stderr.write(
    `first run: ${first.seconds.toFixed(2)} s (${tasks ? `${tasks[1]} projects, ${tasks[2]} dependency tasks` : 'task count not printed'})\n`,
  );
  const timings: number[] = [];
  for (let index = 0; index < reruns; index++) {
    const rerun = run(repo.root, gates);
    const cached =
      /Nx read the output from the cache instead of running the command for (\d+) out of (\d+) tasks/.exec(rerun.output) ??
      /Cache:\s+(\d+)\/(\d+) hit/.exec(rerun.output);
    process.stderr.write(
      `rerun ${index + 1}: ${rerun.seconds.toFixed(2)} s (${cached ? `${cached[1]} of ${cached[2]} tasks from cache` : 'cache line not printed'})\n`,
    );
    timings.push(rerun.seconds);
  }
  process.stdout.write(`| ${projects} | ${commits} | ${first.seconds.toFixed(2)} s | ${median(timings).toFixed(2)} s |\n`);
} finally {
  if (args.includes('--keep')) process.stderr.write(`workspace kept at ${repo.root}\n`);
  else repo.remove();
}
