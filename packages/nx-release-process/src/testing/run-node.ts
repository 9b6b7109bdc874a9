import { execFile } from 'node:child_process';

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment of the Nx and CLI runs of the tests: as in CI, no daemon, cloud or terminal UI. Plugins
 * are loaded in Nx's own process instead of one worker process each, which costs about 3 s per Nx run of
 * the sample workspace; the created-workspace e2e keeps Nx's default (isolated plugins), as users have it.
 */
export const TEST_NX_ENV: NodeJS.ProcessEnv = {
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  NX_ISOLATE_PLUGINS: 'false',
  FORCE_COLOR: '0',
};

/** Runs a program as a user's shell would, in TEST_NX_ENV; never rejects. */
export function runCommand(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<ProcessResult> {
  const environment = { ...process.env, ...TEST_NX_ENV, ...env };
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env: environment, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) || 1 : 0, stdout, stderr }),
    );
  });
}

/** Runs a Node script with this Node. */
export function runNode(script: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<ProcessResult> {
  return runCommand(process.execPath, [script, ...args], cwd, env);
}
