import type { ExecutorContext } from '@nx/devkit';
import { ReleaseProcessError } from '../../core/release-error';
import { intentStatus } from '../../use-cases/intents';
import { runExecutor } from '../lib/run-executor';
import type { IntentGateExecutorSchema } from './schema';

/** `nx run <project>:intent-gate`: `changeset status` for one project, as a task CI can run on every change. */
export default async function intentGateExecutor(
  options: IntentGateExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return runExecutor(async () => {
    const project = context.projectName as string;
    const status = await intentStatus({ path: context.root, since: options.since, projects: [project] });
    if (!status.ok) {
      throw new ReleaseProcessError(
        `${project} changed since ${status.base} without a release intent, and intents are required`,
        `Add one: release-process intent add --project ${project} --bump patch -m "…" (or nx g nx-release-process:intent)`,
      );
    }
  });
}
