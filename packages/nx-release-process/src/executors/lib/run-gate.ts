import { nowIso } from '../../adapters/clock';
import type { ExecutorContext } from '@nx/devkit';
import { writeFileAtomic } from '../../adapters/files';
import { gateReportPath } from '../../adapters/gate-reports';
import { say } from '../../adapters/terminal';
import { formatGateReport, gateReport, type GateCheck, type GateReport } from '../../core/gates/gate-report';
import { ReleaseProcessError } from '../../core/release-error';
import { environmentSecrets, redactSecrets } from '../../core/redact';

/**
 * Runs a gate: computes its checks, writes the JSON report (whole or not at all), prints the summary.
 * A problem the user must fix (bad config) becomes a failed check in the report, not a crash.
 */
export async function runGate(
  gate: string,
  context: ExecutorContext,
  compute: (project: string) => Promise<{ checks: GateCheck[]; data?: unknown }>,
  print: (text: string) => void = say,
): Promise<{ success: boolean; report: GateReport }> {
  const project = context.projectName as string;
  let result: { checks: GateCheck[]; data?: unknown };
  try {
    result = await compute(project);
  } catch (error) {
    if (!(error instanceof ReleaseProcessError)) throw error;
    result = {
      checks: [{ name: 'gate could run', status: 'fail', detail: redactSecrets(error.message, environmentSecrets(process.env)) }],
    };
  }
  const report = gateReport(gate, project, result.checks, result.data, nowIso());
  // Whole or absent, never half-written; not synced to disk: a gate run again writes it again, and a run's
  // hundreds of reports each waiting on the disk were a good part of its time.
  writeFileAtomic(gateReportPath(context.root, project, gate), `${JSON.stringify(report, null, 2)}\n`, { durable: false });
  print(formatGateReport(report));
  return { success: report.status !== 'fail', report };
}
