import type { ExecutorContext } from '@nx/devkit';
import { ReleaseProcessError } from '../../core/release-error';
import { runHealthCheck } from '../../use-cases/health';
import { runExecutor } from '../lib/run-executor';
import type { ReleaseHealthExecutorSchema } from './schema';

/** `nx run <project>:release-health`: the health of the project's released version; failing fails the task. */
export default async function releaseHealthExecutor(
  options: ReleaseHealthExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return runExecutor(async () => {
    const report = await runHealthCheck({
      path: context.root,
      project: context.projectName as string,
      version: options.releaseVersion,
      prometheusUrl: options.prometheusUrl,
      samples: options.samples,
      intervalSeconds: options.intervalSeconds,
      rollbackOnFailure: options.rollbackOnFailure,
      registry: options.registry,
    });
    if (report.status === 'failing') {
      throw new ReleaseProcessError(`${report.project} ${report.version} fails its release health`, 'See the failing checks above');
    }
  });
}
