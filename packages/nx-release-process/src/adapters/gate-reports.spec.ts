import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gateReport } from '../core/gates/gate-report';
import { benchmarkHistoryPath, gateReportPath, readBenchmarkHistory, readProjectGateReports } from './gate-reports';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function workspaceWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'gate-reports-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const report = (gate: string, project: string) =>
  `${JSON.stringify(gateReport(gate, project, [{ name: 'c', status: 'pass', detail: '' }]))}\n`;

describe('gate reports of scoped projects', () => {
  it('reads the reports of @ws/core from its nested folder, and keeps them apart from a project named @ws', () => {
    const root = workspaceWith({
      'dist/release-gates/@ws/core/test-gate.json': report('test-gate', '@ws/core'),
      'dist/release-gates/@ws/core/version-gate.json': report('version-gate', '@ws/core'),
      'dist/release-gates/@ws/test-gate.json': report('test-gate', '@ws'),
    });
    expect(
      readProjectGateReports(root, '@ws/core')
        .map((r) => r.gate)
        .sort(),
    ).toEqual(['test-gate', 'version-gate']);
    expect(readProjectGateReports(root, '@ws').map((r) => `${r.project} ${r.gate}`)).toEqual(['@ws test-gate']);
    expect(readProjectGateReports(root, '@ws/api')).toEqual([]);
  });

  it('reads the benchmark history of a scoped project and skips a line cut short', () => {
    const root = workspaceWith({
      'dist/release-history/@ws/core.benchmarks.jsonl':
        '{"at":"2026-11-24","commit":"a","project":"@ws/core","runs":3,"medians":{}}\n{"at":"20',
    });
    expect(readBenchmarkHistory(root, '@ws/core').map((entry) => entry.commit)).toEqual(['a']);
    expect(benchmarkHistoryPath(root, '@ws/core')).toBe(join(root, 'dist/release-history/@ws/core.benchmarks.jsonl'));
  });

  it('refuses a project name that leads out of the workspace', () => {
    expect(() => gateReportPath(workspaceWith({}), '../../../outside', 'test-gate')).toThrow(/outside/);
  });
});
