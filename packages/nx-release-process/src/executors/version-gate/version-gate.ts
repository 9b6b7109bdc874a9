import type { ExecutorContext } from '@nx/devkit';
import { gatherVersionFacts } from '../../adapters/version-facts';
import { versionGateChecks } from '../../core/gates/version-gate';
import { leftOutChecks } from '../lib/left-out';
import { runGate } from '../lib/run-gate';
import { gateExecutor, type GateRun } from '../lib/run-gate-batch';
import type { VersionGateSchema } from './schema';

/** The version gate of `context.projectName`, on the run's workspace plan. */
export async function versionGateOf(_options: VersionGateSchema, context: ExecutorContext, run: GateRun): Promise<{ success: boolean }> {
  const { success } = await runGate(
    'version-gate',
    context,
    async (project) => {
      const release = await run.release();
      const leftOut = leftOutChecks(release, project);
      if (leftOut) return { checks: leftOut };
      return { checks: versionGateChecks(await gatherVersionFacts(release, project)) };
    },
    run.print,
  );
  return { success };
}

/** `nx run <project>:version-gate`. */
export default gateExecutor(versionGateOf);
