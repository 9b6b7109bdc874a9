import { runProcess } from './process-runner';

describe('runProcess, the one way a tool is run', () => {
  const node = (script: string, env?: NodeJS.ProcessEnv) => runProcess(process.execPath, ['-e', script], { cwd: __dirname, env });

  it('gives the exit code and both outputs, and never rejects on a failure', async () => {
    expect(await node('process.stdout.write("out"); process.stderr.write("err"); process.exit(3)')).toEqual({
      code: 3,
      stdout: 'out',
      stderr: 'err',
    });
    expect((await node('')).code).toBe(0);
  });

  it('a program that is not there is 127, "not on PATH", as a shell says', async () => {
    expect(await runProcess('no-such-tool-here', ['--version'], { cwd: __dirname })).toEqual({
      code: 127,
      stdout: '',
      stderr: 'no-such-tool-here is not on PATH',
    });
  });

  it('passes arguments as they are, never through a shell', async () => {
    const result = await runProcess(process.execPath, ['-e', 'process.stdout.write(process.argv[1])', '$(echo hi); rm -rf x'], {
      cwd: __dirname,
    });
    expect(result.stdout).toBe('$(echo hi); rm -rf x');
  });

  it('runs with the environment it is given, whole', async () => {
    const result = await node('process.stdout.write(String(process.env.ONLY_THIS) + "," + String(process.env.HOME))', {
      ONLY_THIS: 'yes',
    });
    expect(result.stdout).toBe('yes,undefined');
  });

  it('stops a program past its time limit', async () => {
    const result = await runProcess(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { cwd: __dirname, timeoutMs: 200 });
    expect(result.code).not.toBe(0);
  });
});
