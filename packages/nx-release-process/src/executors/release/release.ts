import type { ExecutorContext } from '@nx/devkit';
import { runReleaseStep } from '../../adapters/release-step';
import { ReleaseProcessError } from '../../core/release-error';
import { environmentSecrets, redactSecrets } from '../../core/redact';
import type { ReleaseExecutorSchema } from './schema';

/** `nx run <project>:release`: the release step for one project (dependencies first, through `^release`). */
export default async function releaseExecutor(options: ReleaseExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  try {
    await runReleaseStep({
      ...options,
      path: context.root,
      projects: context.projectName ? [context.projectName] : undefined,
      projectGraph: context.projectGraph,
      nxJson: context.nxJsonConfiguration,
    });
    return { success: true };
  } catch (error) {
    if (!(error instanceof ReleaseProcessError)) throw error;
    console.error(redactSecrets(error.message, environmentSecrets()));
    return { success: false };
  }
}
