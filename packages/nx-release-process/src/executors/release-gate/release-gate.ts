import type { ExecutorContext } from '@nx/devkit';
import { releaseGateChecks } from '../../core/gates/checklist';
import { readGateReport } from '../../adapters/gate-reports';
import { runGate } from '../lib/run-gate';
import type { GateRun } from '../lib/run-gate-batch';
import type { ReleaseGateSchema } from './schema';

/** `nx run-many -t release-gate`: may this project be released? */
export default async function releaseGate(options: ReleaseGateSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return releaseGateOf(options, context);
}

/** The release gate of `context.projectName`, its summary printed through `run.print`. */
export async function releaseGateOf(
  options: ReleaseGateSchema,
  context: ExecutorContext,
  run: Partial<GateRun> = {},
): Promise<{ success: boolean }> {
  const gates = options.gates ?? ['version-gate', 'test-gate', 'checklist-gate'];
  const { success } = await runGate(
    'release-gate',
    context,
    async (project) => ({
      checks: releaseGateChecks(Object.fromEntries(gates.map((gate) => [gate, readGateReport(context.root, project, gate)]))),
    }),
    run.print,
  );
  return { success };
}
