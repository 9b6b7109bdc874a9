import { execFile } from 'node:child_process';

export interface ProcessResult {
  /** The exit code; 127 when the program could not start (not on PATH), as a shell says. */
  code: number;
  stdout: string;
  stderr: string;
}

export interface ProcessOptions {
  cwd: string;
  /** The whole environment of the child (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Killed past this (default: none). */
  timeoutMs?: number;
  /** Output kept per stream (default 64 MiB): npm's JSON answers for a large workspace run to megabytes. */
  maxBuffer?: number;
}

/**
 * The one way this plugin runs a tool (npm, pnpm, yarn, bun, twine, cargo, nvidia-smi, nx): the program with
 * its arguments, never through a shell, so nothing from data is ever interpreted. Never rejects: the caller
 * reads the code and says what it means for the user.
 */
export function runProcess(file: string, args: string[], options: ProcessOptions): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeoutMs, maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const failure = error as (NodeJS.ErrnoException & { code?: string | number }) | null;
        const missing = failure?.code === 'ENOENT';
        resolve({
          code: missing ? 127 : failure ? Number(failure.code ?? 1) || 1 : 0,
          stdout: String(stdout),
          stderr: missing ? `${file} is not on PATH` : String(stderr),
        });
      },
    );
  });
}
