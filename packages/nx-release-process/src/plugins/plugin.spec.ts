import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AggregateCreateNodesError, type CreateNodesContext } from '@nx/devkit';
import { createNodesV2 } from './plugin';
import { createSampleMonorepo } from '../../../../tools/demo/sample-monorepo';
import { runNx } from '../testing/run-nx';
import { packageJson, type TempRepo } from '../testing/temp-repo';
import { everyItemSignedOff } from '../testing/sign-offs';

describe('createNodesV2', () => {
  let workspaceRoot: string;
  const context = (): CreateNodesContext => ({ workspaceRoot, nxJsonConfiguration: {} });
  beforeEach(() => (workspaceRoot = mkdtempSync(join(tmpdir(), 'plugin-'))));
  afterEach(() => rmSync(workspaceRoot, { recursive: true, force: true }));

  it("reports a file it cannot infer from as Nx's own per-file error, with what the other files gave", async () => {
    mkdirSync(join(workspaceRoot, 'libs/a'), { recursive: true });
    writeFileSync(join(workspaceRoot, 'libs/a/package.json'), packageJson('a', '1.0.0'));
    writeFileSync(join(workspaceRoot, 'package.json'), '{"name":"root","private":true}');
    const [, createNodes] = createNodesV2;
    // a release group without its projects: selecting a versioned project by it fails
    const nxJsonConfiguration = { release: { groups: { core: {} } } } as unknown as CreateNodesContext['nxJsonConfiguration'];
    const failure = await (async () =>
      createNodes(['package.json', 'libs/a/package.json'], {}, { workspaceRoot, nxJsonConfiguration }))().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AggregateCreateNodesError);
    const { errors, partialResults } = failure as AggregateCreateNodesError;
    expect(errors.map(([file]) => file)).toEqual(['libs/a/package.json']);
    expect(partialResults).toEqual([['package.json', {}]]);
  });

  it('infers release-plan for projects that carry a version, and nothing for the others', async () => {
    for (const dir of ['libs/kernels', 'libs/tools', 'apps/api', 'apps/broken']) mkdirSync(join(workspaceRoot, dir), { recursive: true });
    writeFileSync(join(workspaceRoot, 'libs/kernels/project.json'), '{"name":"kernels"}');
    writeFileSync(join(workspaceRoot, 'libs/kernels/pyproject.toml'), '[project]\nversion = "0.3.0"\n');
    writeFileSync(join(workspaceRoot, 'libs/tools/package.json'), '{"name":"tools","private":true}');
    writeFileSync(join(workspaceRoot, 'apps/api/package.json'), packageJson('api', '1.0.0'));
    writeFileSync(join(workspaceRoot, 'apps/broken/package.json'), packageJson('broken', 'not-a-version'));

    const [pattern, createNodes] = createNodesV2;
    expect(pattern).toBe('**/{package.json,project.json}');
    const results = await createNodes(
      ['libs/kernels/project.json', 'libs/tools/package.json', 'apps/api/package.json', 'apps/broken/package.json'],
      { planTargetName: 'plan-release' },
      context(),
    );
    const targetsByRoot = Object.fromEntries(
      results.flatMap(([, result]) =>
        Object.entries(result.projects ?? {}).map(([root, project]) => [root, Object.keys(project.targets ?? {})]),
      ),
    );
    // A bad version still gets targets: the plan and gates report it, rather than breaking the whole graph.
    const inferred = ['plan-release', 'release', 'version-gate', 'test-gate', 'checklist-gate', 'release-gate'];
    expect(targetsByRoot).toEqual({ 'libs/kernels': inferred, 'apps/api': inferred, 'apps/broken': inferred });
  });

  it("takes nx.json's pluginsConfig as its options when its entry names it alone, as the tool's commands do", async () => {
    mkdirSync(join(workspaceRoot, 'api'));
    writeFileSync(join(workspaceRoot, 'api/package.json'), packageJson('api', '1.0.0'));
    const [, createNodes] = createNodesV2;
    const nxJsonConfiguration = { pluginsConfig: { 'nx-release-process': { planTargetName: 'show-plan' } } };
    const [[, result]] = await createNodes(['api/package.json'], undefined, { workspaceRoot, nxJsonConfiguration });
    expect(Object.keys(result.projects?.api.targets ?? {})).toContain('show-plan');
    // and checks them as it checks an entry's
    const invalid = { pluginsConfig: { 'nx-release-process': { planTargetName: 3 } } };
    await expect(
      (async () => createNodes(['api/package.json'], undefined, { workspaceRoot, nxJsonConfiguration: invalid }))(),
    ).rejects.toThrow(/planTargetName/);
  });

  it('gives every gate inputs known before the run: the checklist and release gates cover what their gates read', async () => {
    for (const name of ['kernels', 'api']) {
      mkdirSync(join(workspaceRoot, name));
      writeFileSync(join(workspaceRoot, name, 'package.json'), packageJson(name, '1.0.0'));
    }
    const [, createNodes] = createNodesV2;
    const options = {
      gates: {
        benchmarks: { kernels: { command: 'node bench.js', baselineFile: 'bench/kernels.json' } },
        compatibility: { kernels: { command: 'pytest', axes: { python: ['3.10', '3.11'] } } },
        checklist: { signOffFile: 'signoffs.json' },
      },
    };
    const results = await createNodes(['kernels/package.json', 'api/package.json'], options, context());
    const targetsOf = (root: string) =>
      results.flatMap(([, result]) => Object.entries(result.projects ?? {})).find(([key]) => key === root)?.[1].targets ?? {};
    const kernels = targetsOf('kernels');
    const api = targetsOf('api');
    const inputsOf = (targets: typeof kernels, target: string) => (targets[target].inputs ?? []).map((input) => JSON.stringify(input));
    // nothing waits on another task's outputs to be hashed
    expect(JSON.stringify([kernels, api])).not.toContain('dependentTasksOutputFiles');
    expect(kernels['benchmark-gate'].inputs).toEqual(
      expect.arrayContaining(['{workspaceRoot}/bench/kernels.json', { env: 'CUDA_VISIBLE_DEVICES' }]),
    );
    expect(kernels['compatibility-gate--python-3.10'].inputs).toEqual(kernels['compatibility-gate'].inputs);
    for (const gate of ['version-gate', 'test-gate', 'benchmark-gate', 'compatibility-gate'])
      expect(inputsOf(kernels, 'checklist-gate')).toEqual(expect.arrayContaining(inputsOf(kernels, gate)));
    expect(kernels['checklist-gate'].inputs).toContain('{workspaceRoot}/signoffs.json');
    expect(inputsOf(kernels, 'release-gate')).toEqual(expect.arrayContaining(inputsOf(kernels, 'checklist-gate')));
    // api has no benchmark of its own, but its release gate reads the release gates of its dependencies, kernels's among them
    expect(api['benchmark-gate']).toBeUndefined();
    expect(inputsOf(api, 'release-gate')).toEqual(expect.arrayContaining(inputsOf(kernels, 'release-gate')));
    expect(inputsOf(api, 'checklist-gate')).not.toContain(JSON.stringify('{workspaceRoot}/bench/kernels.json'));
  });

  it('has the release gate run the version, test and checklist gates itself, and leaves a test command its own task', async () => {
    for (const name of ['kernels', 'api']) {
      mkdirSync(join(workspaceRoot, name));
      writeFileSync(join(workspaceRoot, name, 'package.json'), packageJson(name, '1.0.0'));
    }
    const [, createNodes] = createNodesV2;
    const targetsWith = async (gates: object) => {
      const results = await createNodes(['kernels/package.json', 'api/package.json'], { gates }, context());
      return results.flatMap(([, result]) => Object.entries(result.projects ?? {})).find(([root]) => root === 'kernels')?.[1].targets ?? {};
    };
    const checklist = { signOffFile: 'signoffs.json', docTargets: { docs: 'typedoc' } };
    const plain = await targetsWith({ checklist, test: { coverageFloor: 80 }, benchmarks: { kernels: { command: 'node bench.js' } } });
    expect(plain['release-gate'].options).toEqual({
      gate: 'release-gate',
      gates: ['version-gate', 'test-gate', 'benchmark-gate', 'checklist-gate'],
      runs: ['version-gate', 'test-gate', 'checklist-gate'],
      coverageFloor: 80,
      signOffFile: 'signoffs.json',
      docTargets: { docs: 'typedoc' },
      benchmarkConfigured: true,
    });
    // what the gates it runs wait on: the tests, the benchmark, the documentation targets, the dependencies' verdicts
    expect(plain['release-gate'].dependsOn).toEqual([
      'test',
      'coverage',
      'benchmark-gate',
      'typedoc',
      'api-docs',
      'examples',
      '^release-gate',
    ]);
    // a test command runs tests: it stays a task of its own, which the release gate waits on
    const commanded = await targetsWith({ checklist, test: { command: 'pytest', coverageFloor: 80 } });
    expect(commanded['release-gate'].options).toMatchObject({ runs: ['version-gate', 'checklist-gate'], coverageFloor: 80 });
    expect(commanded['release-gate'].options).not.toHaveProperty('command');
    expect(commanded['release-gate'].dependsOn).toEqual(['test-gate', 'typedoc', 'api-docs', 'examples', '^release-gate']);
    expect(commanded['release-gate'].outputs).toEqual(
      ['release-gate', 'version-gate', 'checklist-gate'].map((gate) => `{workspaceRoot}/dist/release-gates/{projectName}/${gate}.json`),
    );
    expect(commanded['test-gate'].options).toMatchObject({ gate: 'test-gate', command: 'pytest' });
    // a command's tests depend on the Node version and NODE_ENV; a recorded `test` result on what that target hashes
    const node = { runtime: 'node --version' };
    expect(commanded['test-gate'].inputs).toEqual(expect.arrayContaining([node, { env: 'NODE_ENV' }]));
    expect(commanded['release-gate'].inputs).toEqual(expect.arrayContaining([node, { env: 'NODE_ENV' }]));
    const recorded = await targetsWith({ checklist });
    expect(recorded['test-gate'].inputs).toEqual(['default', '^default', '{workspaceRoot}/package-lock.json']);
    expect(recorded['release-gate'].inputs).not.toContainEqual(node);
    expect(recorded['release-gate'].inputs).toContainEqual({ runtime: 'git tag --list' });
  });
});

describe('the plugin installed in an Nx workspace', () => {
  let repo: TempRepo;
  beforeAll(() => (repo = createSampleMonorepo()));
  afterAll(() => repo.remove());
  const nx = async (...args: string[]) => {
    const result = await runNx(repo.root, args);
    if (result.code !== 0) throw new Error(`nx ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
    return result;
  };

  it('is loaded from its built output and adds release-plan to every versioned project, and a release after its release gate', async () => {
    const { stdout } = await nx('show', 'project', 'pricing-engine', '--json');
    const { targets } = JSON.parse(stdout);
    expect(targets['release-plan']).toMatchObject({ executor: 'nx-release-process:plan', cache: false });
    expect(targets.release).toMatchObject({
      executor: 'nx-release-process:release',
      cache: false,
      dependsOn: [{ target: 'release', dependencies: true, params: 'forward' }, 'release-gate'],
    });
  });

  it('wires the gates: one executor, cached, with their reports as outputs, release-gate running the others after what they need', async () => {
    const { targets } = JSON.parse((await nx('show', 'project', 'strategy-api', '--json')).stdout);
    const report = (gate: string) => `{workspaceRoot}/dist/release-gates/{projectName}/${gate}.json`;
    for (const gate of ['version-gate', 'test-gate', 'checklist-gate', 'release-gate']) {
      // one executor for the four, told apart by an option: Nx batches a run's gate tasks in one process
      expect(targets[gate]).toMatchObject({
        executor: 'nx-release-process:gates',
        options: expect.objectContaining({ gate }),
        cache: true,
        outputs: expect.arrayContaining([report(gate)]),
      });
    }
    // the release gate runs the three in its own task, after what they wait on, and writes their reports too
    expect(targets['release-gate'].options).toMatchObject({
      gates: ['version-gate', 'test-gate', 'checklist-gate'],
      runs: ['version-gate', 'test-gate', 'checklist-gate'],
    });
    expect(targets['release-gate'].outputs).toEqual(['release-gate', 'version-gate', 'test-gate', 'checklist-gate'].map(report));
    expect(targets['release-gate'].dependsOn).toEqual(['test', 'coverage', 'docs', 'api-docs', 'examples', '^release-gate']);
    expect(targets['checklist-gate'].dependsOn).toEqual(['version-gate', 'test-gate', 'docs', 'api-docs', 'examples']);
    expect(targets['test-gate'].inputs).toEqual(expect.arrayContaining(['default', '^default', '{workspaceRoot}/package-lock.json']));
    // the project's own tests run first (from the cache when they can): the gate records them, never reruns them
    expect(targets['test-gate'].dependsOn).toEqual(['test', 'coverage']);
  });

  it('runs the release executor for a project after its dependencies and its release gate, which stops it when failing (dry run)', async () => {
    const prepared = await nx('g', 'release-branch');
    expect(prepared.stdout).toContain('Created release/');
    const release = ['run', 'pricing-engine:release', '--dryRun', '--push=false', '--output-style=static'];
    // Nobody has signed the checklist off: the dependency's release gate fails, and Nx runs neither the
    // project's release gate nor any release after it.
    const stopped = await runNx(repo.root, release);
    expect(stopped.code).not.toBe(0);
    expect(stopped.stdout).toContain('FAIL checklist-gate gpu-kernels');
    expect(stopped.stdout + stopped.stderr).toMatch(/Tasks not run because their dependencies failed[\s\S]*- pricing-engine:release-gate/);
    expect(stopped.stdout).not.toContain('[dry-run] would tag');

    repo.commit('chore: release sign-offs', { 'release-signoffs.json': everyItemSignedOff() });
    const { stdout } = await nx(...release);
    const kernels = stdout.indexOf('[dry-run] would tag gpu-kernels@1.4.0');
    const pricing = stdout.indexOf('[dry-run] would tag pricing-engine@2.1.1');
    expect(kernels).toBeGreaterThan(-1);
    expect(pricing).toBeGreaterThan(kernels);
    expect(stdout).toContain('[dry-run] would publish pricing-engine@2.1.1');
    expect(stdout).not.toContain('strategy-api@0.5.0'); // a dependent releases through its own target
    expect(repo.git('tag', '--points-at', 'HEAD')).toBe('');
    repo.git('checkout', '-q', 'main');
  });

  it('runs the plan executor for a project and its dependents', async () => {
    const { stdout } = await nx('run', 'gpu-kernels:release-plan');
    expect(stdout).toMatch(/gpu-kernels\s+1\.3\.0 -> 1\.4\.0\s+minor/);
    expect(stdout).toMatch(/pricing-engine\s+2\.1\.0 -> 2\.1\.1/);
    expect(stdout).toMatch(/strategy-api\s+0\.4\.2 -> 0\.5\.0/);
    expect(stdout).not.toContain('docs-site');
  });
});
