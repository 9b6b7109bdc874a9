import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { gateReportPath } from '../../adapters/gate-reports';
import type { BatchTaskResult } from '../lib/run-gate-batch';
import gatesBatch from './gates.batch';
import type { GatesSchema } from './schema';

describe('the gates of a run in one batch, told apart by their gate option', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'gates-batch-'))));
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill(); // a batch process left running fails its test, not the suite
    rmSync(root, { recursive: true, force: true });
  });

  it('runs each task as its own gate, a release gate after the gates it reads, and skips what follows a failure', async () => {
    const task = (project: string, target: string) => ({
      id: `${project}:${target}`,
      target: { project, target },
      overrides: {},
      outputs: [],
    });
    const ids = ['core:test-gate', 'core:release-gate', 'docs:test-gate', 'docs:release-gate'];
    const taskGraph = {
      roots: ['core:test-gate', 'docs:test-gate'],
      tasks: Object.fromEntries(ids.map((id) => [id, task(...(id.split(':') as [string, string]))])),
      dependencies: {
        'core:test-gate': [],
        'docs:test-gate': [],
        'core:release-gate': ['core:test-gate'],
        'docs:release-gate': ['docs:test-gate'],
      },
      continuousDependencies: {},
    } as unknown as TaskGraph;
    const inputs: Record<string, GatesSchema> = {
      'core:test-gate': { gate: 'test-gate', command: 'node -e "process.exit(0)"' },
      'docs:test-gate': { gate: 'test-gate', command: 'node -e "process.exit(3)"' },
      'core:release-gate': { gate: 'release-gate', gates: ['test-gate'] },
      'docs:release-gate': { gate: 'release-gate', gates: ['test-gate'] },
    };
    const results: BatchTaskResult[] = [];
    const context = { root, cwd: root, isVerbose: false } as ExecutorContext;
    for await (const result of gatesBatch(taskGraph, inputs, { gate: 'test-gate' }, context)) results.push(result);

    expect(Object.fromEntries(results.map((result) => [result.task, result.result.status ?? result.result.success]))).toEqual({
      'core:test-gate': true,
      'core:release-gate': true,
      'docs:test-gate': false,
      'docs:release-gate': 'skipped',
    });
    const report = (project: string, gate: string) => JSON.parse(readFileSync(gateReportPath(root, project, gate), 'utf8'));
    expect(report('core', 'test-gate')).toMatchObject({ gate: 'test-gate', status: 'pass' });
    expect(report('core', 'release-gate')).toMatchObject({ gate: 'release-gate', status: 'pass' });
    expect(report('docs', 'test-gate').checks[0].detail).toBe('`node -e "process.exit(3)"` exited with 3');
  });

  it('has a release gate run the gates named in runs first, each writing its report, and judge them even after a failure', async () => {
    const ids = ['core:release-gate', 'docs:release-gate'];
    const taskGraph = {
      roots: ids,
      tasks: Object.fromEntries(
        ids.map((id) => [id, { id, target: { project: id.split(':')[0], target: 'release-gate' }, overrides: {}, outputs: [] }]),
      ),
      dependencies: { 'core:release-gate': [], 'docs:release-gate': [] },
      continuousDependencies: {},
    } as unknown as TaskGraph;
    // docs asks for a coverage floor and has no coverage summary: its test gate fails inside its release gate
    const inputs: Record<string, GatesSchema> = {
      'core:release-gate': { gate: 'release-gate', gates: ['test-gate'], runs: ['test-gate'] },
      'docs:release-gate': { gate: 'release-gate', gates: ['test-gate'], runs: ['test-gate'], coverageFloor: 80 },
    };
    const projects = { core: { root: 'core', targets: { test: {} } }, docs: { root: 'docs', targets: { test: {} } } };
    const context = { root, cwd: root, isVerbose: false, projectsConfigurations: { version: 2, projects } } as unknown as ExecutorContext;
    const results: BatchTaskResult[] = [];
    for await (const result of gatesBatch(taskGraph, inputs, { gate: 'release-gate' }, context)) results.push(result);

    const byTask = Object.fromEntries(results.map((result) => [result.task, result.result]));
    expect(byTask['core:release-gate'].success).toBe(true);
    // the release gate ran, and failed on the gate it ran: not skipped
    expect(byTask['docs:release-gate']).toMatchObject({ success: false });
    expect(byTask['docs:release-gate'].status).toBeUndefined();
    const report = (project: string, gate: string) => JSON.parse(readFileSync(gateReportPath(root, project, gate), 'utf8'));
    expect(report('core', 'test-gate')).toMatchObject({ gate: 'test-gate', status: 'pass' });
    expect(report('docs', 'test-gate').checks.map((check: { name: string; status: string }) => [check.name, check.status])).toEqual([
      ['tests', 'pass'],
      ['coverage floor', 'fail'],
    ]);
    expect(report('docs', 'release-gate').checks).toEqual([{ name: 'test-gate', status: 'fail', detail: 'fail: coverage floor' }]);
    // the task's output shows the summary of the gate it ran, then its verdict
    expect(byTask['docs:release-gate'].terminalOutput).toMatch(/^FAIL test-gate docs\n[\s\S]*\nFAIL release-gate docs\n/);
  });

  it('lets the batch process end once its results are sent, as Nx keeps each batch process until the run ends', async () => {
    // As Nx runs a batch: a process of its own, listening on its channel to Nx, with Nx's variable set
    const script = join(root, 'batch-process.js');
    writeFileSync(
      script,
      [
        `const batch = require(${JSON.stringify(require.resolve('./gates.batch'))}).default;`,
        "process.on('message', () => undefined); // as Nx's batch runner listens for its tasks",
        '(async () => {',
        '  for await (const result of batch({ roots: [], tasks: {}, dependencies: {}, continuousDependencies: {} }, {}, {}, { root: process.cwd() })) process.send(result);',
        "  process.send({ results: 'sent' });",
        '})();',
      ].join('\n'),
    );
    const child = fork(script, [], {
      cwd: root,
      env: { ...process.env, NX_FORKED_TASK_EXECUTOR: 'true' },
      execArgv: ['-r', require.resolve('@swc-node/register')],
    });
    children.push(child);
    const messages: unknown[] = [];
    child.on('message', (message) => messages.push(message));
    // nothing kills it: it ends by itself, or the test times out
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(messages).toEqual([{ results: 'sent' }]);
    expect(code).toBe(0);
  });
});
