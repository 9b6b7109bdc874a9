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
