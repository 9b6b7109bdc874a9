import { spawn } from 'node:child_process';

/**
 * Runs a user's configured command as nx:run-commands does: through the shell, output shown, with extra
 * environment variables. Resolves to its exit code (127 when it could not start).
 */
export function runShellCommand(command: string, cwd: string, env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, { cwd, shell: true, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', () => resolve(127));
    child.on('close', (code) => resolve(code ?? 1));
  });
}
