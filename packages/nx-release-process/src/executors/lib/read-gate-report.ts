import { existsSync, readFileSync } from 'node:fs';
import type { GateReport } from '../../core/gates/gate-report';
import { gateReportPath } from './run-gate';

/** A gate's last report for the project, or null when it has not run. */
export function readGateReport(workspaceRoot: string, project: string, gate: string): GateReport | null {
  const path = gateReportPath(workspaceRoot, project, gate);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as GateReport) : null;
}
