import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planWorkspaceRelease } from './plan-workspace';
import type { GateReport } from '../core/gates/gate-report';
import { ReleaseProcessError } from '../core/release-error';
import { buildReleaseReport, type BenchmarkHistoryEntry, type ReleaseReport } from '../core/report/report-model';

export interface ReportSources {
  /** Gate reports folder, relative to the workspace root (default dist/release-gates). */
  reports?: string;
  /** Benchmark history folder, relative to the workspace root (default dist/release-history). */
  history?: string;
}

/** Reads the plan, every gate report of the last runs and the benchmark history of the workspace. */
export async function collectReleaseReport(path: string, sources: ReportSources = {}): Promise<ReleaseReport> {
  const release = await planWorkspaceRelease({ path });
  const root = release.workspace.root;
  const reportsDir = join(root, sources.reports ?? 'dist/release-gates');
  const reports: GateReport[] = [];
  for (const project of existsSync(reportsDir) ? readdirSync(reportsDir) : []) {
    const dir = join(reportsDir, project);
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) reports.push(readJson<GateReport>(join(dir, file)));
  }
  const historyDir = join(root, sources.history ?? 'dist/release-history');
  const history: BenchmarkHistoryEntry[] = [];
  for (const file of existsSync(historyDir) ? readdirSync(historyDir).filter((name) => name.endsWith('.benchmarks.jsonl')) : []) {
    for (const line of readFileSync(join(historyDir, file), 'utf8').split('\n').filter(Boolean)) {
      try {
        history.push(JSON.parse(line) as BenchmarkHistoryEntry);
      } catch {
        // a line cut short by an interrupted run: skip it, the rest of the history still counts
      }
    }
  }
  return buildReleaseReport(root, release.plan.projects, reports, history);
}

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new ReleaseProcessError(
      `cannot read the gate report ${path}: ${(error as Error).message}`,
      'Run the gates again: nx run-many -t release-gate',
    );
  }
}
