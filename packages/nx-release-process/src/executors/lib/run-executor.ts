import { ReleaseProcessError } from '../../core/release-error';
import { printable } from '../../core/printable';
import { environmentSecrets } from '../../core/redact';

/**
 * The one error path of the executors that are not gates: a problem the user can act on is printed as its
 * one line, secrets masked, and fails the task; anything else is a bug and keeps its stack.
 */
export async function runExecutor(work: () => Promise<void>): Promise<{ success: boolean }> {
  try {
    await work();
    return { success: true };
  } catch (error) {
    if (!(error instanceof ReleaseProcessError)) throw error;
    console.error(printable(error.message, environmentSecrets(process.env)));
    return { success: false };
  }
}
