import type { ExecutorContext } from '@nx/devkit';
import { planWorkspaceRelease } from '../../adapters/workspace-release';
import { formatPlan, planJsonChunks } from '../../cli/format-plan';
import { ReleaseProcessError } from '../../core/release-error';
import type { PlanExecutorSchema } from './schema';

/** `nx run <project>:release-plan`: the plan of the project and its dependents, from the graph Nx already built. */
export default async function planExecutor(options: PlanExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  try {
    const release = await planWorkspaceRelease({
      path: context.root,
      projects: context.projectName ? [context.projectName] : undefined,
      from: options.from,
      to: options.to,
      preid: options.preid,
      promote: options.promote,
      projectGraph: context.projectGraph,
      nxJson: context.nxJsonConfiguration,
    });
    console.log(options.json ? [...planJsonChunks(release)].join('').trimEnd() : formatPlan(release));
    return { success: true };
  } catch (error) {
    if (!(error instanceof ReleaseProcessError)) throw error;
    console.error(error.message);
    return { success: false };
  }
}
