import type { ExecutorContext } from '@nx/devkit';
import { planWorkspaceRelease } from '../../use-cases/plan-workspace';
import { formatPlan, planJsonChunks } from '../../core/render-plan';
import { runExecutor } from '../lib/run-executor';
import type { PlanExecutorSchema } from './schema';
import { say } from '../../adapters/terminal';

/** `nx run <project>:release-plan`: the plan of the project and its dependents, from the graph Nx already built. */
export default async function planExecutor(options: PlanExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return runExecutor(async () => {
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
    for (const notice of release.notices) say(`warning: ${notice}`);
    say(options.json ? [...planJsonChunks(release)].join('').trimEnd() : formatPlan(release));
  });
}
