import { nowIso } from '../../adapters/clock';
import type { ExecutorContext } from '@nx/devkit';
import { writeGateReport } from '../../adapters/gate-reports';
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
  writeGateReport(context.root, report);
  print(formatGateReport(report));
  return { success: report.status !== 'fail', report };
}
