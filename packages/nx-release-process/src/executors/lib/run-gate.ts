import { nowIso } from '../../adapters/clock';
import type { ExecutorContext } from '@nx/devkit';
import { writeGateReport } from '../../adapters/gate-reports';
import { say } from '../../adapters/terminal';
import { formatGateReport, gateReport, type GateCheck, type GateReport, type JudgedContent } from '../../core/gates/gate-report';
import { ReleaseProcessError } from '../../core/release-error';
import { environmentSecrets, redactSecrets } from '../../core/redact';

/** What a gate finds: its checks, its figures, and (a release gate) the content its verdict is about. */
interface GateFindings {
  checks: GateCheck[];
  data?: unknown;
  judged?: JudgedContent;
}

/**
 * Runs a gate: computes its checks, writes the JSON report (whole or not at all), prints the summary. A
 * passing report carries the content it judged when `compute` gives it.
 * A problem the user must fix (bad config) becomes a failed check in the report, not a crash.
 */
export async function runGate(
  gate: string,
  context: ExecutorContext,
  compute: (project: string) => Promise<GateFindings>,
  print: (text: string) => void = say,
): Promise<{ success: boolean; report: GateReport }> {
  const project = context.projectName as string;
  let result: GateFindings;
  try {
    result = await compute(project);
  } catch (error) {
    if (!(error instanceof ReleaseProcessError)) throw error;
    result = {
      checks: [{ name: 'gate could run', status: 'fail', detail: redactSecrets(error.message, environmentSecrets(process.env)) }],
    };
  }
  const verdict = gateReport(gate, project, result.checks, result.data, nowIso());
  // the content a passing verdict is about, when the gate says (a release gate)
  const report = result.judged && verdict.status === 'pass' ? { ...verdict, judged: result.judged } : verdict;
  writeGateReport(context.root, report);
  print(formatGateReport(report));
  return { success: report.status !== 'fail', report };
}
