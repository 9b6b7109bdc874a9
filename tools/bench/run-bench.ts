import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_ENV as env, median, numberFlag } from './bench-options';
import { createSyntheticWorkspace } from './synthetic-workspace';

/**
 * Times release planning on synthetic workspaces, in the same run on the same workspace:
 * - ours: `release-process plan --json` (plan for every project, notes data included);
 * - nx release: `nx release version --dry-run` + `nx release changelog --dry-run` work, run as
 *   `nx release --dry-run --skip-publish` (version and changelog in one command);
 * - the floor: one `git log --name-only` over the range plus Nx project graph creation (`nx show projects`).
 * Medians of `--runs` runs (default 3), each command under `--timeout` seconds (default 900); nx release
 * `--nx-release-runs` times (default `--runs`). A size is projects x commits, optionally x releases per
 * project already tagged in the history (232x20000x20: 4,640 tags).
 * Usage: node -r @swc-node/register tools/bench/run-bench.ts 10x1000 232x20000x20 [--runs=3] [--skip-nx-release]
 */
const CLI = join(__dirname, '../../packages/nx-release-process/bin/release-process.js');
const args = process.argv.slice(2);
const runs = numberFlag(args, 'runs', 3);
const timeoutSeconds = numberFlag(args, 'timeout', 900);
// nx release takes minutes at a few hundred projects: skip it at the largest sizes with --skip-nx-release.
const skipNxRelease = args.includes('--skip-nx-release');
const nxReleaseRuns = numberFlag(args, 'nx-release-runs', runs);
const sizes = args.filter((arg) => /^\d+x\d+(x\d+)?$/.test(arg)).map((arg) => arg.split('x').map(Number) as [number, number, number?]);

interface Timing {
  seconds: number | null;
  peakMb: number | null;
  note?: string;
}

/** Wall time and peak RSS of one command (GNU time's %M covers the process and what it waits for). */
function time(cwd: string, command: string[]): Timing {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', ...command], {
    cwd,
    env,
    encoding: 'utf8',
    timeout: timeoutSeconds * 1000,
    maxBuffer: 512 * 1024 * 1024,
  });
  if (result.error || result.status !== 0) {
    const reason = result.error?.message.includes('ETIMEDOUT')
      ? `timed out after ${timeoutSeconds} s`
      : `exit ${result.status}: ${(result.stderr ?? '').trim().split('\n').slice(-3).join(' ').slice(0, 200)}`;
    return { seconds: null, peakMb: null, note: reason };
  }
  const [seconds, kb] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds, peakMb: Math.round(kb / 1024) };
}

function measure(cwd: string, label: string, commands: string[][], times = runs): Timing {
  const samples: Timing[] = [];
  for (let run = 0; run < times; run++) {
    let seconds = 0;
    let peakMb = 0;
    for (const command of commands) {
      const timing = time(cwd, command);
      if (timing.seconds === null) return timing;
      seconds += timing.seconds;
      peakMb = Math.max(peakMb, timing.peakMb ?? 0);
    }
    samples.push({ seconds, peakMb });
    process.stderr.write(`  ${label} run ${run + 1}: ${seconds.toFixed(2)} s, ${peakMb} MB\n`);
  }
  return {
    seconds: median(samples.map((sample) => sample.seconds as number)),
    peakMb: median(samples.map((sample) => sample.peakMb as number)),
  };
}

const rows: string[] = [];
for (const [projects, commits, tagsPerProject = 1] of sizes) {
  process.stderr.write(`(${projects} projects, ${commits} commits, ${projects * tagsPerProject} tags): generating\n`);
  const repo = createSyntheticWorkspace(projects, commits, 42, tagsPerProject);
  try {
    const nx = [process.execPath, join(repo.root, 'node_modules/nx/dist/bin/nx.js')];
    const ours = measure(repo.root, 'release-process plan', [[process.execPath, CLI, 'plan', '--json']]);
    const floor = measure(repo.root, 'floor', [
      ['git', 'log', '--name-only', '--format=%H', 'HEAD', '--not', '--tags'],
      [...nx, 'show', 'projects', '--json'],
    ]);
    const nxRelease: Timing = skipNxRelease
      ? { seconds: null, peakMb: null, note: 'not run (--skip-nx-release)' }
      : measure(repo.root, 'nx release', [[...nx, 'release', '--dry-run', '--skip-publish']], nxReleaseRuns);
    const cell = (timing: Timing) =>
      timing.seconds === null ? `— (${timing.note})` : `${timing.seconds.toFixed(2)} s / ${timing.peakMb} MB`;
    const ratio = (a: Timing, b: Timing) => (a.seconds && b.seconds ? `${(a.seconds / b.seconds).toFixed(1)}×` : '—');
    rows.push(
      `| ${projects} | ${commits} | ${projects * tagsPerProject} | ${cell(ours)} | ${cell(nxRelease)} | ${cell(floor)} | ${ratio(nxRelease, ours)} | ${ratio(ours, floor)} |`,
    );
    process.stdout.write(`${rows.at(-1)}\n`);
  } finally {
    repo.remove();
  }
}
process.stdout.write(
  [
    '',
    '| projects | commits | tags | release-process plan | nx release (version + changelog, dry run) | floor (git log + graph) | nx release ÷ ours | ours ÷ floor |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n'),
);
