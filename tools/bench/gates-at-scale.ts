import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_ENV, median, numberFlag, pairedRatio } from './bench-options';
import { createSyntheticWorkspace, seededRandom } from './synthetic-workspace';

/**
 * The gates at CI scale, side by side in one run on one synthetic workspace (seed 42) whose projects each
 * have a real `test` (cached, as create-nx-workspace sets it) and a prepared release with its sign-offs:
 * - `nx run-many -t test` alone, on an empty cache;
 * - then `nx run-many -t release-gate` with that test cached, in the default mode (the gates prefer Nx's
 *   batches: one process per gate per run), and with `--batch=false` (a process per task);
 * - beside it, Nx's floor for that run: the same four tasks per project, by a no-op executor Nx batches;
 * - tests and gates in one run on an empty cache, in both modes;
 * - a no-change `nx run-many -t release-gate` (every task from the cache), beside Nx's floors for the same
 *   tasks: cached no-op targets of the same shape (a test and four gates per project, same dependencies),
 *   and the no-op custom executor Nx batches, rerun with every task from the cache; all three from one
 *   cache holding every task's result, no outputs on disk, in an order that turns each round;
 * - the same no-change rerun, ours and the batched floor, one commit later: a commit outside every task's
 *   inputs (a note at the top of the repository), as CI runs on a new commit that most projects ignore;
 * - that rerun again from a cache filled at a commit this repository no longer has (the same files, another
 *   commit, then dropped), as CI meets a cache another clone filled at a pull request's merge commit;
 * - Nx alone: the batched floor's no-change rerun with this plugin taken out of nx.json, so no plugin of ours
 *   is loaded, infers targets or hooks the run: what the floors above pay for the plugin on every command;
 * - the workspace without the plugin (`nx g nx-release-process:init --addPlugin=false`, committed: the
 *   targets written into each package.json): our no-change rerun beside the batched floor's there, both
 *   Nx alone;
 * - each gate's own cost: 100 tasks of one gate against 100 cached tasks of a custom executor that only
 *   writes a report.
 * Medians of `--runs` (default 3) rounds; the gates after the test and the no-change reruns, a few seconds
 * each where the test run takes minutes, are measured `--samples` times a round (default 5), interleaved:
 * single runs of one command move by a fifth from one to the next on this machine, more than the distance
 * measured. Nx's cache (its files and the database in .nx/workspace-data that says what it holds) is
 * emptied, or put back as it was after the test run, before each measure.
 * Usage: node -r @swc-node/register tools/bench/gates-at-scale.ts [projects=100] [commits=1000] [--runs=3] [--samples=5] [--slow-runs=N] [--quick] [--keep]
 * (`--quick`: the test run, the gates after it in the default mode, the no-change reruns and the floors only;
 * `--slow-runs=N`: the slow measures in the first N rounds only, their rows then say so).
 */
const args = process.argv.slice(2);
const [projects = 100, commits = 1000] = args.filter((arg) => /^\d+$/.test(arg)).map(Number);
const runs = numberFlag(args, 'runs', 3);
// the short measures (gates after the test, no-change reruns) this many times a round
const samplesPerRound = numberFlag(args, 'samples', 5);
// --quick: only the test run, the gates after it in the default mode, the no-change reruns and Nx's floors
const quick = args.includes('--quick');
// the slow measures (a process per task, tests and gates in one run, each gate alone) in the first N rounds only
const slowRuns = numberFlag(args, 'slow-runs', runs);
const scratch = mkdtempSync(join(tmpdir(), 'gates-bench-'));

interface Run {
  seconds: number;
  output: string;
}

function nx(root: string, command: string[], env: Record<string, string> = {}): Run {
  const started = process.hrtime.bigint();
  const style = command[0] === 'g' ? [] : ['--output-style=static'];
  const result = spawnSync(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), ...command, ...style], {
    cwd: root,
    env: { ...BENCH_ENV, NX_CACHE_DIRECTORY: join(root, '.nx/cache'), ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`nx ${command.join(' ')} exited with ${result.status}:\n${output.slice(-3000)}`);
  return { seconds, output };
}

/** "12 of 500 from the cache", from Nx's summary line. */
function cacheLine(output: string): string {
  const hits = /Nx read the output from the cache instead of running the command for (\d+) out of (\d+) tasks/.exec(output);
  return hits ? `${hits[1]} of ${hits[2]} tasks from the cache` : 'no task from the cache';
}

const log = (text: string) => process.stderr.write(`${text}\n`);
const s = (seconds: number) => `${seconds.toFixed(2)} s`;

log(`(${projects} projects, ${commits} commits): generating`);
const repo = createSyntheticWorkspace(projects, commits);
const root = repo.root;
const names = Array.from({ length: projects }, (_, index) => `p${String(index).padStart(4, '0')}`);
const manifestOf = (name: string) => join(root, `packages/${name}/package.json`);
const readManifest = (name: string) => JSON.parse(readFileSync(manifestOf(name), 'utf8'));
/** Nx's state: the cache under .nx/cache and the database beside the graph, which must travel together. */
const emptyNxCache = () => rmSync(join(root, '.nx'), { recursive: true, force: true });
const keepNxCache = (name: string) => cpSync(join(root, '.nx'), join(scratch, name), { recursive: true });
const putBackNxCache = (name: string) => {
  emptyNxCache();
  cpSync(join(scratch, name), join(root, '.nx'), { recursive: true });
};
/** nx.json without this plugin (put back with `git checkout -- nx.json`): Nx alone, for its own floor. */
const withoutPlugin = () => {
  const nxJson = JSON.parse(readFileSync(join(root, 'nx.json'), 'utf8'));
  const plugins = (nxJson.plugins ?? []).filter(
    (entry: string | { plugin: string }) => (typeof entry === 'string' ? entry : entry.plugin) !== 'nx-release-process',
  );
  writeFileSync(join(root, 'nx.json'), `${JSON.stringify({ ...nxJson, plugins }, null, 2)}\n`);
};
/** The tasks' outputs (the gates' reports, the floors' files): gone, as in a fresh checkout. */
const removeOutputs = () => rmSync(join(root, 'dist'), { recursive: true, force: true });
try {
  const files: Record<string, string> = {};
  // Nx's floors, committed with the tests so every measure hashes the same files:
  // - cached no-op targets of the gates' shape (a test and a release gate per project, the same dependencies,
  //   the release gate's four report files): what Nx costs for a no-change rerun of as many tasks and outputs;
  // - the same release gate task per project run by a no-op executor whose batch implementation Nx prefers, as
  //   the gates' is: what Nx costs for a gates run after a cached test (graph, hashing, the batch processes,
  //   storing the outputs), before any gate does its work;
  // - the shape before the release gate ran the version, test and checklist gates itself (four gate tasks a
  //   project, an output each) by the same no-op executor: what those three tasks cost Nx, in the same run;
  // - a custom executor that only writes its report, a process per task: Nx's cost of such a task alone.
  const releaseReports = ['release-gate', 'version-gate', 'test-gate', 'checklist-gate'];
  // A floor target's report files, its outputs: under dist/floor-<target>/<project>/, as deep as the gates'
  // dist/release-gates/<project>/. A folder more per task (dist/floor/<project>/<target>/ until the tenth
  // pass) made Nx's restore from the cache about 60 ms slower at 100 projects (459 ms against 397 ms,
  // medians of 16); files of the gates' size (about 1 kB) instead of 17 bytes changed nothing (398 ms).
  const floorFolder = (name: string) => `dist/floor-${name}/{projectName}`;
  const reportOutputs = (name: string, reports: string[]) => reports.map((report) => `{workspaceRoot}/${floorFolder(name)}/${report}.json`);
  const noop = (name: string, dependsOn: string[] = [], reports = [name]) => ({
    executor: 'nx:run-commands',
    cache: true,
    dependsOn,
    outputs: reportOutputs(name, reports),
    options: {
      command: `mkdir -p ${floorFolder(name)} && ${reports.map((report) => `echo {} > ${floorFolder(name)}/${report}.json`).join(' && ')}`,
    },
  });
  // the reports its options name (the task's outputs), under dist/floor-<target>/<project>/
  const writeReports = (project: string, target: string, options: string) =>
    `const folder = \`\${root}/dist/floor-\${${target}}/\${${project}}\`; mkdirSync(folder, { recursive: true }); for (const report of ${options}.reports) writeFileSync(\`\${folder}/\${report}.json\`, '{"status":"pass"}');`;
  files['tools/noop/package.json'] = JSON.stringify({ name: 'noop-executor', executors: './executors.json' });
  files['tools/noop/executors.json'] = JSON.stringify({
    executors: {
      noop: {
        implementation: './noop.js',
        batchImplementation: './batch.js',
        preferBatch: true,
        schema: './schema.json',
        description: 'does nothing',
      },
    },
  });
  files['tools/noop/schema.json'] = JSON.stringify({
    type: 'object',
    properties: { reports: { type: 'array', items: { type: 'string' } } },
  });
  files['tools/noop/noop.js'] = [
    "const { mkdirSync, writeFileSync } = require('node:fs');",
    'module.exports = async (options, { root, projectName, targetName }) => {',
    `  ${writeReports('projectName', 'targetName', 'options')}`,
    '  return { success: true };',
    '};',
    '',
  ].join('\n');
  files['tools/noop/batch.js'] = [
    "const { mkdirSync, writeFileSync } = require('node:fs');",
    'module.exports = async function* (taskGraph, inputs, _overrides, { root }) {',
    '  for (const [id, { target }] of Object.entries(taskGraph.tasks)) {',
    `    ${writeReports('target.project', 'target.target', 'inputs[id]')}`,
    '    yield { task: id, result: { success: true, terminalOutput: `PASS ${id}\\n` } };',
    '  }',
    // as the gates' batch does (6167900): Nx 23 keeps a finished batch process alive until the run ends
    "  if (process.env.NX_FORKED_TASK_EXECUTOR === 'true') process.channel?.unref();",
    '};',
    '',
  ].join('\n');
  const batchNoop = (name: string, dependsOn: string[] = [], reports = [name]) => ({
    executor: './tools/noop:noop',
    cache: true,
    dependsOn,
    inputs: ['default', '^default'],
    outputs: reportOutputs(name, reports),
    options: { reports },
  });
  const floorTargets = {
    'floor-test': noop('floor-test'),
    'floor-release': noop('floor-release', ['floor-test', '^floor-release'], releaseReports),
    'batch-release': batchNoop('batch-release', ['test', '^batch-release'], releaseReports),
    'batch-version': batchNoop('batch-version'),
    'batch-test-gate': batchNoop('batch-test-gate', ['test']),
    'batch-checklist': batchNoop('batch-checklist', ['batch-version', 'batch-test-gate']),
    'batch-four': batchNoop('batch-four', ['batch-version', 'batch-test-gate', 'batch-checklist', '^batch-four']),
    'noop-executor': batchNoop('noop-executor'),
  };
  for (const name of names) {
    const manifest = { ...readManifest(name), scripts: { test: 'node test.js' }, nx: { targets: floorTargets } };
    files[`packages/${name}/package.json`] = `${JSON.stringify(manifest, null, 2)}\n`;
    // a real test: a module loaded and checked, in a process of its own
    files[`packages/${name}/test.js`] =
      "const assert = require('node:assert');\nconst values = Array.from({ length: 1e5 }, (_, i) => i);\nassert.strictEqual(values.reduce((a, b) => a + b, 0), 4999950000);\n";
  }
  const nxJson = JSON.parse(readFileSync(join(root, 'nx.json'), 'utf8'));
  files['nx.json'] = `${JSON.stringify({ ...nxJson, targetDefaults: { test: { cache: true } } }, null, 2)}\n`;
  repo.commit('test: a smoke test per package', files);
  log(`release-branch: ${s(nx(root, ['g', 'nx-release-process:release-branch']).seconds)}`);
  const signOffs = names.flatMap((name) =>
    ['security-audit', 'code-review', 'dependencies-reviewed', 'documentation'].map((item) => ({
      item,
      project: name,
      version: readManifest(name).version,
      by: 'Bench',
      date: '2026-11-25',
    })),
  );
  repo.commit('chore: release sign-offs', { 'release-signoffs.json': `${JSON.stringify(signOffs, null, 2)}\n` });
  // One commit later, outside every task's inputs: on a branch of its own, checked out for its measures.
  const base = repo.git('rev-parse', '--abbrev-ref', 'HEAD').trim();
  const later = 'a-note-later';
  repo.git('checkout', '-q', '-b', later);
  repo.commit('docs: a note at the top of the repository', { 'NOTES.md': 'read by no task\n' });
  // The same files as the base, in a commit of another clone's: dropped once its cache is filled.
  const elsewhere = 'another-clone';
  repo.git('checkout', '-q', '-b', elsewhere, base);
  repo.git('commit', '-q', '--amend', '-m', 'chore: release sign-offs, as another clone made it');
  repo.git('checkout', '-q', base);
  // Without the plugin: its targets written into each project, committed on a branch of their own.
  const explicit = 'targets-without-plugin';
  repo.git('checkout', '-q', '-b', explicit, base);
  log(`init --addPlugin=false: ${s(nx(root, ['g', 'nx-release-process:init', '--addPlugin=false']).seconds)}`);
  repo.git('commit', '-q', '-a', '-m', 'chore: the release targets written into each project');
  repo.git('checkout', '-q', base);

  const gates = ['run-many', '-t', 'release-gate'];
  const samples = {
    test: [] as number[],
    gates: [] as number[],
    batchFloor: [] as number[],
    batchFloorFour: [] as number[],
    perProcess: [] as number[],
    noChange: [] as number[],
    floorNoChange: [] as number[],
    batchFloorNoChange: [] as number[],
    laterNoChange: [] as number[],
    laterBatchFloorNoChange: [] as number[],
    elsewhereNoChange: [] as number[],
    elsewhereBatchFloorNoChange: [] as number[],
    bareFloorNoChange: [] as number[],
    explicitNoChange: [] as number[],
    explicitBatchFloorNoChange: [] as number[],
  };
  const combined = { gates: [] as number[], perProcess: [] as number[] };
  const loads: string[] = [];
  // The no-change reruns (ours and Nx's two floors, then ours and the batched floor a commit later) all start
  // from one cache that holds every task's result, filled in the first round and put back before each, with
  // no outputs on disk, in an order that turns each round: a rerun measured straight after the run that
  // filled its cache paid for that run's writes still going to disk, one order favoured one, and a rerun
  // whose outputs were on disk replaced each of them where another only wrote its own. Each runs at a
  // branch: the commit the cache was filled at, or the one after it.
  const reruns = [
    ['noChange', 'release-gate', base],
    ['batchFloorNoChange', 'batch-release', base],
    ['floorNoChange', 'floor-release', base],
    ['laterNoChange', 'release-gate', later],
    ['laterBatchFloorNoChange', 'batch-release', later],
    ['bareFloorNoChange', 'batch-release', base],
    ['explicitNoChange', 'release-gate', explicit],
    ['explicitBatchFloorNoChange', 'batch-release', explicit],
  ] as const;
  // the rerun a commit later from the cache the other clone filled
  const fromElsewhere = [
    ['elsewhereNoChange', 'release-gate', later],
    ['elsewhereBatchFloorNoChange', 'batch-release', later],
  ] as const;
  // the gates after the cached test, beside Nx's floor for that run
  const afterTest = [
    ['gates', 'release-gate', base], // the default mode: no variable, no flag
    ['batchFloor', 'batch-release', base],
    ['batchFloorFour', 'batch-four', base], // the shape before: four gate tasks a project
  ] as const;
  /**
   * `measures` run `samplesPerRound` times each, interleaved in an order that turns each time, each at its
   * branch, from `cache`, with no outputs on disk.
   */
  const interleaved = <M extends keyof typeof samples>(
    round: number,
    measures: ReadonlyArray<readonly [M, string, string]>,
    cache: string,
  ) => {
    const last = {} as Record<M, Run>;
    for (let sample = 0; sample < samplesPerRound; sample++) {
      for (let turn = 0; turn < measures.length; turn++) {
        const [measure, target, branch] = measures[(round - 1 + sample + turn) % measures.length];
        repo.git('checkout', '-q', branch);
        removeOutputs(); // every run restores or writes its outputs into a fresh checkout
        putBackNxCache(cache);
        const alone = measure === 'bareFloorNoChange';
        if (alone) withoutPlugin();
        try {
          last[measure] = nx(root, ['run-many', '-t', target]);
        } finally {
          if (alone) repo.git('checkout', '-q', '--', 'nx.json');
        }
        samples[measure].push(last[measure].seconds);
      }
    }
    repo.git('checkout', '-q', base);
    return last;
  };
  /** The median of this round's samples of `measure`. */
  const ofRound = (measure: keyof typeof samples) => median(samples[measure].slice(-samplesPerRound));
  const roundRatios = {
    gates: [] as string[],
    noChange: [] as string[],
    laterNoChange: [] as string[],
    elsewhereNoChange: [] as string[],
    bareNoChange: [] as string[],
    explicitNoChange: [] as string[],
  };
  for (let run = 1; run <= runs; run++) {
    loads.push(loadavg()[0].toFixed(2));
    removeOutputs();
    emptyNxCache();
    const test = nx(root, ['run-many', '-t', 'test']);
    samples.test.push(test.seconds);
    keepNxCache(`after-test-${run}`);
    const { gates: gated } = interleaved(run, afterTest, `after-test-${run}`);
    roundRatios.gates.push(`${(ofRound('gates') / ofRound('batchFloor')).toFixed(2)}×`);
    if (run === 1) {
      removeOutputs();
      putBackNxCache('after-test-1');
      nx(root, ['run-many', '-t', 'release-gate', 'batch-release', 'floor-release']);
      // Nx hashes nx.json into every task: without the plugin, the tests and the floor run once more to be cached
      withoutPlugin();
      nx(root, ['run-many', '-t', 'batch-release']);
      repo.git('checkout', '-q', '--', 'nx.json');
      // and without the plugin, where every package.json changed: the tests run once more there too
      repo.git('checkout', '-q', explicit);
      removeOutputs();
      nx(root, ['run-many', '-t', 'release-gate', 'batch-release']);
      repo.git('checkout', '-q', base);
      keepNxCache('all-primed');
      repo.git('checkout', '-q', elsewhere);
      const dropped = repo.git('rev-parse', 'HEAD').trim();
      removeOutputs();
      putBackNxCache('after-test-1');
      nx(root, ['run-many', '-t', 'release-gate', 'batch-release']);
      keepNxCache('elsewhere-primed');
      repo.git('checkout', '-q', base);
      repo.git('branch', '-q', '-D', elsewhere);
      repo.git('reflog', 'expire', '--expire=now', '--all');
      repo.git('gc', '-q', '--prune=now');
      if (spawnSync('git', ['cat-file', '-e', `${dropped}^{commit}`], { cwd: root }).status === 0)
        throw new Error(`the other clone's commit ${dropped} is still here`);
    }
    // ours, the cached custom executor Nx batches (the issue's floor), cached `nx:run-commands`
    const { noChange } = interleaved(run, reruns, 'all-primed');
    roundRatios.noChange.push(`${(ofRound('noChange') / ofRound('batchFloorNoChange')).toFixed(2)}×`);
    roundRatios.laterNoChange.push(`${(ofRound('laterNoChange') / ofRound('laterBatchFloorNoChange')).toFixed(2)}×`);
    roundRatios.bareNoChange.push(`${(ofRound('noChange') / ofRound('bareFloorNoChange')).toFixed(2)}×`);
    roundRatios.explicitNoChange.push(`${(ofRound('explicitNoChange') / ofRound('explicitBatchFloorNoChange')).toFixed(2)}×`);
    interleaved(run, fromElsewhere, 'elsewhere-primed');
    roundRatios.elsewhereNoChange.push(`${(ofRound('elsewhereNoChange') / ofRound('elsewhereBatchFloorNoChange')).toFixed(2)}×`);
    log(
      `run ${run}: test ${s(test.seconds)}; medians of ${samplesPerRound}: Nx's floor for the gates ${s(ofRound('batchFloor'))} (four tasks a project: ${s(ofRound('batchFloorFour'))}); then release-gate ${s(ofRound('gates'))} (${cacheLine(gated.output)}); no change ${s(ofRound('noChange'))} (${cacheLine(noChange.output)}); Nx's floor for no change ${s(ofRound('floorNoChange'))}, by the cached custom executor ${s(ofRound('batchFloorNoChange'))}; a commit later: no change ${s(ofRound('laterNoChange'))}, the cached custom executor ${s(ofRound('laterBatchFloorNoChange'))}; from another clone's cache: ${s(ofRound('elsewhereNoChange'))}, the cached custom executor ${s(ofRound('elsewhereBatchFloorNoChange'))}; Nx alone (no plugin): the cached custom executor ${s(ofRound('bareFloorNoChange'))}; without the plugin (targets written out): no change ${s(ofRound('explicitNoChange'))}, the cached custom executor ${s(ofRound('explicitBatchFloorNoChange'))}`,
    );
    if (quick || run > slowRuns) continue;
    removeOutputs();
    putBackNxCache(`after-test-${run}`);
    const perProcess = nx(root, [...gates, '--batch=false']);
    samples.perProcess.push(perProcess.seconds);
    // tests and gates in one run, on an empty cache: each test that ends frees its own gates
    for (const [mode, flags] of [
      ['gates', []],
      ['perProcess', ['--batch=false']],
    ] as const) {
      removeOutputs();
      emptyNxCache();
      combined[mode].push(nx(root, [...gates, ...flags]).seconds);
    }
    log(
      `run ${run}: release-gate a process per task (--batch=false) ${s(perProcess.seconds)}; tests and gates in one run ${s(combined.gates.at(-1) as number)}, with --batch=false ${s(combined.perProcess.at(-1) as number)}`,
    );
  }

  // Each gate alone reads the reports of the gates before it, which the last round left on disk.
  const perTask: Record<string, number> = {};
  for (const target of quick ? [] : ['noop-executor', 'version-gate', 'checklist-gate', 'release-gate']) {
    const times: number[] = [];
    for (let run = 1; run <= slowRuns; run++) {
      times.push(nx(root, ['run-many', '-t', target, '--exclude-task-dependencies', '--skip-nx-cache', '--batch=false']).seconds);
      log(`${target} alone, run ${run}: ${s(times.at(-1) as number)}`);
    }
    perTask[target] = median(times);
  }

  const [
    test,
    gated,
    batchFloor,
    batchFloorFour,
    noChange,
    floorCached,
    batchFloorCached,
    laterNoChange,
    laterBatchFloorCached,
    elsewhereNoChange,
    elsewhereBatchFloorCached,
    bareFloorCached,
    explicitNoChange,
    explicitBatchFloorCached,
  ] = [
    samples.test,
    samples.gates,
    samples.batchFloor,
    samples.batchFloorFour,
    samples.noChange,
    samples.floorNoChange,
    samples.batchFloorNoChange,
    samples.laterNoChange,
    samples.laterBatchFloorNoChange,
    samples.elsewhereNoChange,
    samples.elsewhereBatchFloorNoChange,
    samples.bareFloorNoChange,
    samples.explicitNoChange,
    samples.explicitBatchFloorNoChange,
  ].map(median);
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  // Each sample of ours ran in the same pass over the measures as one of the floor's: their ratios, with an interval.
  const paired = (ours: number[], floor: number[]) => {
    const { median: middle, low, high, pairs } = pairedRatio(ours, floor, seededRandom(42));
    return `sample by sample ${middle.toFixed(2)}× (90% interval ${low.toFixed(2)}–${high.toFixed(2)}×, ${pairs} pairs)`;
  };
  const slow = slowRuns === runs ? '' : slowRuns === 1 ? ' (one run)' : ` (median of ${slowRuns})`;
  const perProcessRows = quick
    ? []
    : [
        `| then \`-t release-gate --batch=false\` (a process per task, as before the gates preferred batches)${slow} | ${s(median(samples.perProcess))}: test + gates ${ratio(test + median(samples.perProcess), test)} of test alone |`,
        `| tests and gates in one run (empty cache), default mode${slow} | ${s(median(combined.gates))}: ${ratio(median(combined.gates), test)} of test alone |`,
        `| tests and gates in one run (empty cache), \`--batch=false\`${slow} | ${s(median(combined.perProcess))}: ${ratio(median(combined.perProcess), test)} of test alone |`,
      ];
  process.stdout.write(
    [
      `| ${projects} projects, ${commits} commits | median of ${runs} rounds; the gates after the test and the no-change reruns: of ${runs * samplesPerRound} (${samplesPerRound} a round) |`,
      '|---|---|',
      `| \`-t test\` alone (empty cache) | ${s(test)} |`,
      `| then \`-t release-gate\` (test cached), default mode: no variable, no flag | ${s(gated)}: test + gates ${ratio(test + gated, test)} of test alone |`,
      `| Nx's floor for that run: the same task per project by a no-op executor Nx batches (test cached) | ${s(batchFloor)}: test + it ${ratio(test + batchFloor, test)} of test alone; the gates ${ratio(gated, batchFloor)} of it (round by round: ${roundRatios.gates.join(', ')}; ${paired(samples.gates, samples.batchFloor)}) |`,
      `| the same floor in the shape before: four gate tasks per project | ${s(batchFloorFour)}: test + it ${ratio(test + batchFloorFour, test)} of test alone |`,
      ...perProcessRows,
      `| no-change \`-t release-gate\` (all from the cache) | ${s(noChange)} |`,
      `| Nx floor: the same tasks as cached no-op targets (\`nx:run-commands\`) | ${s(floorCached)}: ours ${ratio(noChange, floorCached)} |`,
      `| Nx floor: the same tasks by the cached custom executor Nx batches | ${s(batchFloorCached)}: ours ${ratio(noChange, batchFloorCached)} (round by round: ${roundRatios.noChange.join(', ')}; ${paired(samples.noChange, samples.batchFloorNoChange)}) |`,
      `| no-change \`-t release-gate\` a commit later (outside every task's inputs, as CI on a new commit) | ${s(laterNoChange)} |`,
      `| Nx floor at that commit: the same tasks by the cached custom executor Nx batches | ${s(laterBatchFloorCached)}: ours ${ratio(laterNoChange, laterBatchFloorCached)} (round by round: ${roundRatios.laterNoChange.join(', ')}; ${paired(samples.laterNoChange, samples.laterBatchFloorNoChange)}) |`,
      `| the same a commit later, from a cache another clone filled at a commit this one lacks (a pull request's merge commit) | ${s(elsewhereNoChange)} |`,
      `| Nx floor there: the same tasks by the cached custom executor Nx batches | ${s(elsewhereBatchFloorCached)}: ours ${ratio(elsewhereNoChange, elsewhereBatchFloorCached)} (round by round: ${roundRatios.elsewhereNoChange.join(', ')}; ${paired(samples.elsewhereNoChange, samples.elsewhereBatchFloorNoChange)}) |`,
      `| Nx alone: the same tasks by the cached custom executor, without this plugin in nx.json | ${s(bareFloorCached)}: ours ${ratio(noChange, bareFloorCached)} (round by round: ${roundRatios.bareNoChange.join(', ')}; ${paired(samples.noChange, samples.bareFloorNoChange)}); the floor with the plugin ${ratio(batchFloorCached, bareFloorCached)} (${paired(samples.batchFloorNoChange, samples.bareFloorNoChange)}) |`,
      `| without the plugin (\`init --addPlugin=false\`: its targets written into each package.json), no-change \`-t release-gate\` | ${s(explicitNoChange)} |`,
      `| Nx floor there (Nx alone): the same tasks by the cached custom executor Nx batches | ${s(explicitBatchFloorCached)}: ours ${ratio(explicitNoChange, explicitBatchFloorCached)} (round by round: ${roundRatios.explicitNoChange.join(', ')}; ${paired(samples.explicitNoChange, samples.explicitBatchFloorNoChange)}); ours with the plugin ÷ ours without ${ratio(noChange, explicitNoChange)} (${paired(samples.noChange, samples.explicitNoChange)}); ours without the plugin ÷ Nx alone above ${ratio(explicitNoChange, bareFloorCached)} (${paired(samples.explicitNoChange, samples.bareFloorNoChange)}) |`,
      `| load (1-minute average as each round began) | ${loads.join(' ')} |`,
      ...Object.entries(perTask).map(
        ([target, seconds]) =>
          `| ${projects} \`${target}\` tasks alone, a process each${target === 'noop-executor' ? ' (Nx floor: a task in its own process writing one report)' : ''}${slow} | ${s(seconds)}${
            target === 'noop-executor'
              ? ''
              : `: ${((seconds - perTask['noop-executor']) / projects).toFixed(3)} s of wall time a task above the floor`
          } |`,
      ),
      '',
    ].join('\n'),
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
  if (args.includes('--keep')) log(`workspace kept at ${root}`);
  else repo.remove();
}
