import type { ExecutorContext } from '@nx/devkit';
import { gatherVersionFacts } from '../../adapters/version-facts';
import { planWorkspaceRelease } from '../../use-cases/plan-workspace';
import { versionGateChecks } from '../../core/gates/version-gate';
import { leftOutChecks } from '../lib/left-out';
import { runGate } from '../lib/run-gate';
import type { VersionGateSchema } from './schema';

/** `nx run <project>:version-gate`. */
export default async function versionGate(_options: VersionGateSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  const { success } = await runGate('version-gate', context, async (project) => {
    const release = await planWorkspaceRelease({
      path: context.root,
      projectGraph: context.projectGraph,
      nxJson: context.nxJsonConfiguration,
      sharePlan: true,
    });
    const leftOut = leftOutChecks(release, project);
    if (leftOut) return { checks: leftOut };
    return { checks: versionGateChecks(await gatherVersionFacts(release, project)) };
  });
  return { success };
}
