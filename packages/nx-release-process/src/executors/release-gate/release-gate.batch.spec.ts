import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { writeFileAtomic } from '../../adapters/files';
import { gateReportPath } from '../../adapters/gate-reports';
import { gateReport } from '../../core/gates/gate-report';
import { runGateBatch, type BatchTaskResult } from '../lib/run-gate-batch';
import releaseGateBatch from './release-gate.batch';

const AT = '2026-12-01T00:00:00.000Z';

describe('the release gate in batch mode (one process for a run)', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'batch-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('answers every task in dependency order, failing and skipping as Nx would, with each task’s own output', async () => {
    const write = (project: string, gate: string, status: 'pass' | 'fail') =>
      writeFileAtomic(
        gateReportPath(root, project, gate),
        JSON.stringify(gateReport(gate, project, [{ name: 'x', status, detail: status }], undefined, AT)),
      );
    for (const project of ['core', 'api', 'app', 'docs']) write(project, 'test-gate', 'pass');
    for (const project of ['api', 'app', 'docs']) write(project, 'version-gate', 'pass');
    write('core', 'version-gate', 'fail');
    const task = (project: string) => ({
      id: `${project}:release-gate`,
      target: { project, target: 'release-gate' },
      overrides: {},
      outputs: [],
    });
    const taskGraph = {
      roots: ['core:release-gate', 'docs:release-gate'],
      tasks: Object.fromEntries(['app', 'api', 'core', 'docs'].map((project) => [`${project}:release-gate`, task(project)])),
      dependencies: {
        'app:release-gate': ['api:release-gate'],
        'api:release-gate': ['core:release-gate'],
        'core:release-gate': [],
        'docs:release-gate': [],
      },
      continuousDependencies: {},
    } as unknown as TaskGraph;
    const options = { gates: ['version-gate', 'test-gate'] };
    const inputs = Object.fromEntries(Object.keys(taskGraph.tasks).map((id) => [id, options]));
    const results: BatchTaskResult[] = [];
    for await (const result of releaseGateBatch(taskGraph, inputs, options, { root, cwd: root, isVerbose: false } as ExecutorContext))
      results.push(result);

    const outcome = Object.fromEntries(
      results.map((result) => [result.task, result.result.status ?? (result.result.success ? 'success' : 'failure')]),
    );
    expect(outcome).toEqual({
      'core:release-gate': 'failure',
      'api:release-gate': 'skipped',
      'app:release-gate': 'skipped',
      'docs:release-gate': 'success',
    });
    expect(results.map((result) => result.task).indexOf('api:release-gate')).toBeLessThan(
      results.map((result) => result.task).indexOf('app:release-gate'),
    );
    const output = (task: string) => results.find((result) => result.task === task)?.result.terminalOutput;
    expect(output('core:release-gate')).toMatch(/^FAIL release-gate core\n/);
    expect(output('docs:release-gate')).toMatch(/^PASS release-gate docs\n/);
    expect(JSON.parse(readFileSync(gateReportPath(root, 'docs', 'release-gate'), 'utf8')).status).toBe('pass');
    expect(existsSync(gateReportPath(root, 'api', 'release-gate'))).toBe(false);
  });

  it('runs independent tasks side by side, up to the limit, and a task only after its dependencies', async () => {
    const tasks = ['a', 'b', 'c', 'd', 'e'];
    const taskGraph = {
      roots: ['a', 'b', 'c', 'd'],
      tasks: Object.fromEntries(tasks.map((id) => [id, { id, target: { project: id, target: 'test-gate' }, overrides: {}, outputs: [] }])),
      dependencies: { a: [], b: [], c: [], d: [], e: ['a', 'b'] },
      continuousDependencies: {},
    } as unknown as TaskGraph;
    let inFlight = 0;
    let most = 0;
    const started: string[] = [];
    const finished: string[] = [];
    const gateOf = async (_options: object, context: ExecutorContext) => {
      started.push(context.projectName as string);
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight--;
      finished.push(context.projectName as string);
      return { success: true };
    };
    const inputs = Object.fromEntries(tasks.map((id) => [id, {}]));
    const results: string[] = [];
    for await (const result of runGateBatch(taskGraph, inputs, { root, cwd: root, isVerbose: false } as ExecutorContext, gateOf, {
      parallel: 2,
    }))
      results.push(result.task);
    expect(results.sort()).toEqual(tasks);
    expect(most).toBe(2);
    expect(started.indexOf('e')).toBeGreaterThan(Math.max(finished.indexOf('a'), finished.indexOf('b')));
  });
});
