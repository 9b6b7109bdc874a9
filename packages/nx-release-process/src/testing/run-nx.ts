import { execFile } from 'node:child_process';
import { join } from 'node:path';

export interface NxResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the workspace's own `nx` (as `npx nx` would) in a child process, without the daemon. */
export function runNx(root: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<NxResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(root, 'node_modules/nx/dist/bin/nx.js'), ...args],
      { cwd: root, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The files a generator run lists, as `CREATE path` / `UPDATE path` lines, sorted. */
export function listedChanges(output: string): string[] {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^(CREATE|UPDATE|DELETE) /.test(line))
    .sort();
}
