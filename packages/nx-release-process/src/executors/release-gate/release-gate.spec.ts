import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addQualityEvidence, createSampleMonorepo, NEXT_VERSIONS } from '../../../../../tools/demo/sample-monorepo';
import { driftSinceJudged } from '../../adapters/gate-reports';
import { runNx } from '../../testing/run-nx';
import type { TempRepo } from '../../testing/temp-repo';

/** The sample with its quality evidence, and the release prepared. */
async function preparedSample(): Promise<TempRepo> {
  const repo = createSampleMonorepo();
  addQualityEvidence(repo);
  const prepared = await runNx(repo.root, ['g', 'release-branch']);
  if (prepared.code !== 0) throw new Error(prepared.stdout + prepared.stderr);
  return repo;
}

/** `> nx run project:target` lines of a static-output run: which tasks ran and which came from the cache, each once (Nx heads a batch of one task twice). */
function tasks(output: string): { ran: string[]; cached: string[] } {
  const lines = output.split('\n').filter((line) => /^> nx run /.test(line.trim()));
  const name = (line: string) =>
    line
      .trim()
      .replace(/^> nx run /, '')
      .split(/\s/)[0];
  const fromCache = (line: string) => /local cache|remote cache|existing outputs match the cache/.test(line);
  return {
    ran: [...new Set(lines.filter((line) => !fromCache(line)).map(name))].sort(),
    cached: [...new Set(lines.filter(fromCache).map(name))].sort(),
  };
}

/** Nx's local cache, inside the sample so that a test can look into it (and it goes with the sample). */
const cacheOf = (repo: TempRepo) => join(repo.root, '.nx/cache');

/** Every copy of a workspace file in Nx's local cache (each task hash keeps its outputs under its own folder). */
function cachedCopies(repo: TempRepo, file: string): string[] {
  return readdirSync(cacheOf(repo))
    .map((entry) => join(cacheOf(repo), entry, file))
    .filter((path) => existsSync(path));
}

const nxIn = (repo: TempRepo, args: string[]) => runNx(repo.root, args, { NX_CACHE_DIRECTORY: cacheOf(repo) });
const gateRun = (repo: TempRepo) => nxIn(repo, ['run-many', '-t', 'release-gate', '--output-style=static']);

describe('release gates in the project graph', () => {
  let repo: TempRepo;
  beforeAll(async () => (repo = await preparedSample()));
  afterAll(() => repo.remove());
  const report = (project: string, gate: string) =>
    JSON.parse(readFileSync(join(repo.root, 'dist/release-gates', project, `${gate}.json`), 'utf8'));

  it('passes a prepared release, skipping the project with nothing to release', async () => {
    const result = await gateRun(repo);
    expect(result.stdout + result.stderr).toContain('Successfully ran target release-gate for 4 projects');
    expect(result.code).toBe(0);
    // each project's tests ran once, as its test target, and the test gate (inside the release gate) recorded that
    expect(result.stdout.match(/smoke test passed/g)).toHaveLength(3);
    expect(tasks(result.stdout).ran).toEqual([
      'docs-site:release-gate',
      'gpu-kernels:benchmark-gate',
      'gpu-kernels:release-gate',
      'gpu-kernels:test',
      'pricing-engine:release-gate',
      'pricing-engine:test',
      'strategy-api:release-gate',
      'strategy-api:test',
    ]);
    expect(report('gpu-kernels', 'test-gate').checks[0]).toEqual({
      name: 'tests',
      status: 'pass',
      detail: 'gpu-kernels:test passed before this gate (run or restored from the cache)',
    });
    for (const project of Object.keys(NEXT_VERSIONS)) {
      expect(report(project, 'release-gate').status).toBe('pass');
      const benchmarked = project === 'gpu-kernels' ? 'pass' : 'skip';
      expect(report(project, 'checklist-gate').checks.map((check: { status: string }) => check.status)).toEqual([
        'pass',
        benchmarked,
        'pass',
        'skip', // no docs, api-docs or examples target in the sample: those items say how to supply them
        'skip',
        'skip',
        'pass',
        'pass',
        'pass',
        'pass',
        'pass',
      ]);
    }
    expect(report('gpu-kernels', 'release-gate').checks.map((check: { name: string }) => check.name)).toEqual([
      'version-gate',
      'test-gate',
      'benchmark-gate',
      'checklist-gate',
    ]);
    expect(
      report('gpu-kernels', 'version-gate').checks.find((check: { name: string }) => check.name === 'same version in every file').detail,
    ).toBe(
      '4 files: packages/gpu-kernels/package.json, packages/gpu-kernels/pyproject.toml, packages/gpu-kernels/gpu_kernels/version.py, packages/gpu-kernels/README.md',
    );
    expect(report('docs-site', 'version-gate').status).toBe('skip');
    expect(report('docs-site', 'release-gate').status).toBe('pass');
  });

  it('serves a second run with nothing changed from the cache, every report of the gates it ran restored', async () => {
    const reports = readdirSync(join(repo.root, 'dist/release-gates'), { recursive: true, encoding: 'utf8' }).filter((path) =>
      path.endsWith('.json'),
    );
    const before = Object.fromEntries(reports.map((path) => [path, readFileSync(join(repo.root, 'dist/release-gates', path), 'utf8')]));
    rmSync(join(repo.root, 'dist/release-gates'), { recursive: true });
    const result = await gateRun(repo);
    expect(result.code).toBe(0);
    const { ran, cached } = tasks(result.stdout);
    expect(ran).toEqual([]);
    // the release gates of 4 projects, one benchmark gate, and the 3 test targets
    expect(cached).toHaveLength(8);
    // the version, test and checklist reports are outputs of the release gate that ran them
    expect(reports).toEqual(expect.arrayContaining(['gpu-kernels/version-gate.json', 'gpu-kernels/checklist-gate.json']));
    for (const path of reports) expect(readFileSync(join(repo.root, 'dist/release-gates', path), 'utf8')).toBe(before[path]);
  });

  it('stamps each passing release gate with the content it judged inside the report Nx caches, which still holds when HEAD moves elsewhere', async () => {
    const head = repo.git('rev-parse', 'HEAD');
    // its own folder and those of everything it depends on
    const roots = ['packages/gpu-kernels', 'packages/pricing-engine', 'packages/strategy-api'];
    // with each folder's tree, which says the files are the same ones in a clone without that commit
    const trees = Object.fromEntries(roots.map((root) => [root, repo.git('rev-parse', `HEAD:${root}`)]));
    expect(report('strategy-api', 'release-gate').judged).toEqual({ commit: head, roots, uncommitted: {}, trees });
    // The copy Nx restores on a rerun carries the stamp itself: a rerun from the cache needs no git to stamp it again.
    const cached = cachedCopies(repo, 'dist/release-gates/strategy-api/release-gate.json');
    expect(cached.length).toBeGreaterThan(0);
    for (const copy of cached) expect(JSON.parse(readFileSync(copy, 'utf8')).judged).toEqual(report('strategy-api', 'release-gate').judged);

    // A commit that leaves every project's files alone: each gate comes from the cache, its report as Nx
    // restores it, since its stamp still says what the files are (the release compares them with its commit).
    const moved = repo.commit('docs: a note at the top of the repository', { 'NOTES.md': 'nothing the gates read\n' });
    const result = await gateRun(repo);
    expect(result.code).toBe(0);
    expect(tasks(result.stdout).ran).toEqual([]);
    for (const project of Object.keys(NEXT_VERSIONS)) {
      const { judged } = report(project, 'release-gate');
      expect(judged.commit).toBe(head);
      expect(await driftSinceJudged(repo, judged, moved)).toEqual([]);
    }
  });

  it('answers the version, test, checklist and release gates of a run from one process, with no variable or flag, and the same reports', async () => {
    const gates = ['version-gate', 'test-gate', 'checklist-gate', 'release-gate'];
    const projects = Object.keys(NEXT_VERSIONS);
    // the verdicts, check by check (details may carry the time a report was made)
    const withoutTime = (project: string, gate: string) => {
      const { status, checks } = report(project, gate);
      return { project, gate, status, checks: checks.map((check: { name: string; status: string }) => `${check.name}: ${check.status}`) };
    };
    const before = projects.flatMap((project) => gates.map((gate) => withoutTime(project, gate)));
    // The four gates share one executor that prefers Nx's batches: the 16 tasks are one batch, one process.
    const result = await nxIn(repo, [
      'run-many',
      '-t',
      ...gates,
      '--exclude-task-dependencies',
      '--skip-nx-cache',
      '--output-style=static',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Running ${gates.length * (projects.length + 1)} tasks with nx-release-process:gates`);
    expect(result.stdout.match(/Running \d+ tasks with/g)).toHaveLength(1);
    expect(result.stdout).toContain('PASS release-gate strategy-api');
    expect(projects.flatMap((project) => gates.map((gate) => withoutTime(project, gate)))).toEqual(before);
  });

  it('reruns only the changed project and the projects that depend on it', async () => {
    writeFileSync(join(repo.root, 'packages/pricing-engine/src/black-scholes.ts'), 'export const price = () => 2;\n');
    const result = await gateRun(repo);
    expect(result.code).toBe(0);
    const { ran } = tasks(result.stdout);
    const projects = [...new Set(ran.map((task) => task.split(':')[0]))].sort();
    expect(projects).toEqual(['pricing-engine', 'strategy-api']);
    expect(ran).toEqual(['pricing-engine:release-gate', 'pricing-engine:test', 'strategy-api:release-gate', 'strategy-api:test']);
    repo.git('checkout', '--', 'packages/pricing-engine/src/black-scholes.ts');
  });

  it('reruns the release gates, and nothing else, when a sign-off is added', async () => {
    const signOffs = join(repo.root, 'release-signoffs.json');
    const before = readFileSync(signOffs, 'utf8');
    const entries = JSON.parse(before);
    writeFileSync(signOffs, `${JSON.stringify([...entries, { ...entries[0], by: 'Second Reviewer' }], null, 2)}\n`);
    const result = await gateRun(repo);
    expect(result.code).toBe(0);
    const ranTargets = [...new Set(tasks(result.stdout).ran.map((task) => task.split(':')[1]))].sort();
    expect(ranTargets).toEqual(['release-gate']);
    expect(tasks(result.stdout).ran).toHaveLength(4);
    writeFileSync(signOffs, before);
  });

  it('fails the release gate of a project whose test fails, and of every project that depends on it', async () => {
    writeFileSync(join(repo.root, 'packages/gpu-kernels/test.js'), "require('node:assert').strictEqual(1 + 1, 3);\n");
    const result = await gateRun(repo);
    expect(result.code).not.toBe(0);
    const output = result.stdout + result.stderr;
    expect(output).toMatch(/Failed tasks:\s+- gpu-kernels:test\n/);
    const notRun = output.slice(output.indexOf('Tasks not run because their dependencies failed'));
    for (const task of ['gpu-kernels:release-gate', 'pricing-engine:release-gate', 'strategy-api:release-gate'])
      expect(notRun).toContain(`- ${task}`);
    expect(notRun).not.toContain('docs-site:release-gate');
    // Nx skipped them; the plugin's postTasksExecution hook leaves failed reports, never the last run's pass,
    // for the gates the release gates would have run too
    for (const gate of ['version-gate', 'test-gate', 'checklist-gate'])
      expect(report('gpu-kernels', gate)).toMatchObject({
        status: 'fail',
        checks: [{ name: 'ran', status: 'fail', detail: 'not run: gpu-kernels:test failed in this run' }],
      });
    expect(report('strategy-api', 'version-gate').checks[0].detail).toBe('not run: gpu-kernels:test failed in this run');
    for (const project of ['gpu-kernels', 'pricing-engine', 'strategy-api']) expect(report(project, 'release-gate').status).toBe('fail');
    expect(report('docs-site', 'release-gate').status).toBe('pass');
    repo.git('checkout', '--', 'packages/gpu-kernels/test.js');
  });
});
