import { execFile } from 'node:child_process';

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program as a user's shell would, without Nx's daemon, cloud or terminal UI; never rejects. */
export function runCommand(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<ProcessResult> {
  const environment = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0', ...env };
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
