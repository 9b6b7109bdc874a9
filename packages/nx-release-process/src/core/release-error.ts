/**
 * An error the user can act on: the message names the problem and then says what to do.
 * Entry points print these as one line without a stack trace.
 */
export class ReleaseProcessError extends Error {
  constructor(
    readonly problem: string,
    readonly fix?: string,
  ) {
    super(fix ? `${problem}. ${fix}` : problem);
    this.name = 'ReleaseProcessError';
  }
}

/**
 * Why something failed, in one line, for a message that goes on to say what it means: the problem of a
 * ReleaseProcessError (not its fix), the first said line of a tool's own error output (git's `stderr`),
 * else the first line of the error's message.
 */
export function reasonOf(error: unknown): string {
  if (error instanceof ReleaseProcessError) return error.problem;
  const said = (text: unknown) =>
    typeof text === 'string'
      ? text
          .split('\n')
          .find((line) => line.trim())
          ?.trim()
      : undefined;
  return said((error as { stderr?: unknown })?.stderr) ?? said((error as Error)?.message) ?? String(error);
}
