import type { ExecutorContext } from '@nx/devkit';
import { runReleaseStep } from '../../use-cases/release';
import { runExecutor } from '../lib/run-executor';
import type { ReleaseExecutorSchema } from './schema';

/** `nx run <project>:release`: the release step for one project (dependencies first, through `^release`). */
export default async function releaseExecutor(options: ReleaseExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return runExecutor(async () => {
    const { skipGates, reason, ...rest } = options;
    await runReleaseStep({
      ...rest,
      skipGates: skipGates ? { reason: reason ?? '' } : undefined,
      path: context.root,
      projects: context.projectName ? [context.projectName] : undefined,
      projectGraph: context.projectGraph,
      nxJson: context.nxJsonConfiguration,
    });
  });
}
