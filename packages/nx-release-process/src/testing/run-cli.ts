import { execFile } from 'node:child_process';
import { join } from 'node:path';

export const CLI = join(__dirname, '..', '..', 'bin', 'release-process.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `release-process` bin as a user would, in `cwd`. */
export function runCli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const options = { cwd, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', ...env } };
    execFile(process.execPath, [CLI, ...args], options, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}
