import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { BENCH_ENV as env, median, numberFlag } from './bench-options';
import { createSyntheticWorkspace } from './synthetic-workspace';

/**
 * Times release planning on synthetic workspaces, in the same run on the same workspace, in interleaved
 * rounds (each round runs every command once, in turn):
 * - ours: `release-process plan --json` (plan for every project, notes data included), with the project
 *   graph Nx cached in the round before it (as after `nx affected` in the same job), and cold: no
 *   `.nx/workspace-data` at all;
 * - nx release: `nx release version --dry-run` + `nx release changelog --dry-run` work, run as
 *   `nx release --dry-run --skip-publish` (version and changelog in one command);
 * - the floor: the full `git log --name-only` of the unreleased range with messages, plus Nx's project
 *   graph (`nx show projects --json`).
 * Medians of `--runs` rounds (default 3), each command under `--timeout` seconds (default 900); nx release
 * in the first `--nx-release-runs` rounds (default `--runs`). A size is projects x commits, optionally x
 * releases per project already tagged (232x20000x20: 4,640 tags spread along the history; 232x20000x20b:
 * the same tags before the first commit of the range, so every commit is after the last tags).
 * Usage: node -r @swc-node/register tools/bench/run-bench.ts 10x1000 232x20000x20b [--runs=3] [--skip-nx-release]
 */
const CLI = join(__dirname, '../../packages/nx-release-process/bin/release-process.js');
const args = process.argv.slice(2);
const runs = numberFlag(args, 'runs', 3);
const timeoutSeconds = numberFlag(args, 'timeout', 900);
// nx release takes minutes at a few hundred projects: skip it at the largest sizes with --skip-nx-release.
const skipNxRelease = args.includes('--skip-nx-release');
const nxReleaseRuns = numberFlag(args, 'nx-release-runs', runs);
const sizes = args
  .filter((arg) => /^\d+x\d+(x\d+b?)?$/.test(arg))
  .map((arg) => {
    const [projects, commits, tags = '1'] = arg.split('x');
    return {
      projects: Number(projects),
      commits: Number(commits),
      tagsPerProject: Number(tags.replace('b', '')),
      tagsBefore: tags.endsWith('b'),
    };
  });

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

/** One sample of a measure: its commands one after another, their times added, the highest peak kept. */
function sample(cwd: string, label: string, round: number, commands: string[][], before?: () => void): Timing {
  before?.();
  let seconds = 0;
  let peakMb = 0;
  for (const command of commands) {
    const timing = time(cwd, command);
    if (timing.seconds === null) return timing;
    seconds += timing.seconds;
    peakMb = Math.max(peakMb, timing.peakMb ?? 0);
  }
  process.stderr.write(`  ${label} round ${round}: ${seconds.toFixed(2)} s, ${peakMb} MB\n`);
  return { seconds, peakMb };
}

function medianOf(samples: Timing[]): Timing {
  const failed = samples.find((timing) => timing.seconds === null);
  if (failed || samples.length === 0) return failed ?? { seconds: null, peakMb: null, note: 'not run' };
  return {
    seconds: median(samples.map((timing) => timing.seconds as number)),
    peakMb: median(samples.map((timing) => timing.peakMb as number)),
  };
}

/** The machine's load average over the last minute, noted beside each row. */
const load = () => loadavg()[0].toFixed(2);

const HEADER = [
  '| projects | commits | tags | release-process plan (graph cached) | plan, cold (no .nx) | nx release (version + changelog, dry run) | floor (git log + graph) | nx release ÷ ours | ours ÷ floor | cold ÷ floor | load |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
];
const rows: string[] = [];
for (const { projects, commits, tagsPerProject, tagsBefore } of sizes) {
  const shape = `${projects * tagsPerProject} tags${tagsPerProject > 1 ? (tagsBefore ? ', all before the range' : ', spread along history') : ''}`;
  process.stderr.write(`(${projects} projects, ${commits} commits, ${shape}): generating\n`);
  const repo = createSyntheticWorkspace(projects, commits, 42, tagsPerProject, tagsBefore);
  try {
    const nx = [process.execPath, join(repo.root, 'node_modules/nx/dist/bin/nx.js')];
    const plan = [[process.execPath, CLI, 'plan', '--json']];
    const floorCommands = [
      ['git', 'log', '--name-only', 'HEAD', '--not', '--tags'],
      [...nx, 'show', 'projects', '--json'],
    ];
    const noGraph = () => rmSync(join(repo.root, '.nx'), { recursive: true, force: true });
    const samples = { ours: [] as Timing[], cold: [] as Timing[], floor: [] as Timing[], nxRelease: [] as Timing[] };
    const loads: string[] = [];
    for (let round = 1; round <= runs; round++) {
      loads.push(load());
      samples.floor.push(sample(repo.root, 'floor', round, floorCommands));
      samples.ours.push(sample(repo.root, 'release-process plan (graph cached)', round, plan));
      samples.cold.push(sample(repo.root, 'release-process plan (cold)', round, plan, noGraph));
      if (!skipNxRelease && round <= nxReleaseRuns)
        samples.nxRelease.push(sample(repo.root, 'nx release', round, [[...nx, 'release', '--dry-run', '--skip-publish']]));
    }
    const [ours, cold, floor] = [medianOf(samples.ours), medianOf(samples.cold), medianOf(samples.floor)];
    const nxRelease: Timing = skipNxRelease
      ? { seconds: null, peakMb: null, note: 'not run (--skip-nx-release)' }
      : medianOf(samples.nxRelease);
    const cell = (timing: Timing) =>
      timing.seconds === null ? `— (${timing.note})` : `${timing.seconds.toFixed(2)} s / ${timing.peakMb} MB`;
    const ratio = (a: Timing, b: Timing) => (a.seconds && b.seconds ? `${(a.seconds / b.seconds).toFixed(2)}×` : '—');
    const nxCell =
      skipNxRelease || samples.nxRelease.length === runs ? cell(nxRelease) : `${cell(nxRelease)} (${samples.nxRelease.length} run)`;
    rows.push(
      `| ${projects} | ${commits} | ${shape} | ${cell(ours)} | ${cell(cold)} | ${nxCell} | ${cell(floor)} | ${ratio(nxRelease, ours)} | ${ratio(ours, floor)} | ${ratio(cold, floor)} | ${loads.join(' ')} |`,
    );
    process.stdout.write(`${rows.at(-1)}\n`);
  } finally {
    repo.remove();
  }
}
process.stdout.write(['', ...HEADER, ...rows, ''].join('\n'));
