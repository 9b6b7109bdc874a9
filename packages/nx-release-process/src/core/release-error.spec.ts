import { reasonOf, ReleaseProcessError } from './release-error';

describe('reasonOf: why something failed, in one line', () => {
  it('is the problem of a ReleaseProcessError, without its fix', () => {
    expect(reasonOf(new ReleaseProcessError('the registry does not answer', 'Check --registry'))).toBe('the registry does not answer');
  });

  it("is the first said line of a tool's own error output (git's stderr), not its generic message", () => {
    const gitError = Object.assign(new Error('git push failed: ...'), {
      stderr: '\n ! [rejected] main -> main (fetch first)\nerror: failed to push',
    });
    expect(reasonOf(gitError)).toBe('! [rejected] main -> main (fetch first)');
  });

  it("is the message's first line otherwise, and something readable for what is no error", () => {
    expect(reasonOf(new Error('ENOSPC: no space left on device\n    at write (fs.js:1)'))).toBe('ENOSPC: no space left on device');
    expect(reasonOf(Object.assign(new Error('fallback'), { stderr: '  \n' }))).toBe('fallback');
    expect(reasonOf('a string thrown')).toBe('a string thrown');
  });
});
