import { join } from 'node:path';
import { runNode, type ProcessResult } from './run-node';

export const CLI = join(__dirname, '..', '..', 'bin', 'release-process.js');

/** Runs the built `release-process` bin as a user would, in `cwd`. */
export function runCli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<ProcessResult> {
  return runNode(CLI, args, cwd, env);
}
