import { delimiter } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { nodeRuntime } from '../../adapters/node-runtimes';
import { runShellCommand } from '../../adapters/shell-command';
import { compatibilityChecks, type EnvironmentResult } from '../../core/gates/stability';
import { ReleaseProcessError } from '../../core/release-error';
import { runGate } from '../lib/run-gate';
import type { CompatibilityGateSchema } from './schema';
import { say } from '../../adapters/terminal';

/** `nx run <project>:compatibility-gate` (the seed's compatibility_test): the command across a matrix. */
export default async function compatibilityGate(options: CompatibilityGateSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  const { success } = await runGate('compatibility-gate', context, async (project) => {
    const matrix: Array<{ name: string; env: () => Promise<NodeJS.ProcessEnv> }> = [
      ...(options.node ?? []).map((version) => ({
        name: `node ${version}`,
        env: async () => ({ PATH: `${await nodeRuntime(version)}${delimiter}${process.env.PATH ?? ''}` }),
      })),
      ...Object.entries(options.environments ?? {}).map(([name, variables]) => ({ name, env: async () => variables })),
    ];
    if (matrix.length === 0)
      throw new ReleaseProcessError('the compatibility matrix is empty', 'Set "node" versions and/or named "environments" in its options');
    const results: EnvironmentResult[] = [];
    for (const entry of matrix) {
      say(`compatibility ${project}: ${entry.name}`);
      try {
        const env = await entry.env();
        const started = Date.now();
        const exitCode = await runShellCommand(options.command, context.root, env);
        results.push({ environment: entry.name, exitCode, seconds: (Date.now() - started) / 1000 });
      } catch (error) {
        if (!(error instanceof ReleaseProcessError)) throw error;
        results.push({ environment: entry.name, exitCode: -1, seconds: 0, error: error.message });
      }
    }
    return { checks: compatibilityChecks(results), data: { results } };
  });
  return { success };
}
