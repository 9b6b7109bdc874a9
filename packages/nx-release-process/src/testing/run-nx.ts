import { join } from 'node:path';
import { runNode, type ProcessResult } from './run-node';

/** Runs the workspace's own `nx` (as `npx nx` would) in a child process. */
export function runNx(root: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<ProcessResult> {
  return runNode(join(root, 'node_modules/nx/dist/bin/nx.js'), args, root, env);
}

/** The files a generator run lists, as `CREATE path` / `UPDATE path` lines, sorted. */
export function listedChanges(output: string): string[] {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^(CREATE|UPDATE|DELETE) /.test(line))
    .sort();
}
