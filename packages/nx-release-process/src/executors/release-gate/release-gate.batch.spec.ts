import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { writeFileAtomic } from '../../adapters/files';
import { gateReportPath } from '../../adapters/gate-reports';
import { gateReport } from '../../core/gates/gate-report';
import releaseGateBatch from './release-gate.batch';

describe('the release gate in batch mode (one process for a run)', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'batch-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('answers every task in dependency order, failing and skipping as Nx would, with each task’s own output', async () => {
    const write = (project: string, gate: string, status: 'pass' | 'fail') =>
      writeFileAtomic(
        gateReportPath(root, project, gate),
        JSON.stringify(gateReport(gate, project, [{ name: 'x', status, detail: status }])),
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
    const results = [];
    for await (const result of releaseGateBatch(taskGraph, inputs, options, { root, cwd: root, isVerbose: false } as ExecutorContext))
      results.push(result);

    expect(results.map((result) => [result.task, result.result.status ?? (result.result.success ? 'success' : 'failure')])).toEqual([
      ['core:release-gate', 'failure'],
      ['api:release-gate', 'skipped'],
      ['app:release-gate', 'skipped'],
      ['docs:release-gate', 'success'],
    ]);
    expect(results[0].result.terminalOutput).toMatch(/^FAIL release-gate core\n/);
    expect(results[3].result.terminalOutput).toMatch(/^PASS release-gate docs\n/);
    expect(JSON.parse(readFileSync(gateReportPath(root, 'docs', 'release-gate'), 'utf8')).status).toBe('pass');
    expect(existsSync(gateReportPath(root, 'api', 'release-gate'))).toBe(false);
  });
});
