import { delimiter } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { nodeRuntime } from '../../adapters/node-runtimes';
import { runShellCommand } from '../../adapters/shell-command';
import { compatibilityChecks, type EnvironmentResult } from '../../core/gates/stability';
import { ReleaseProcessError } from '../../core/release-error';
import { readGateReport } from '../../adapters/gate-reports';
import type { GateCheck } from '../../core/gates/gate-report';
import { cellName, cellTargetName, matrixCells, type MatrixOptions } from '../../core/gates/matrix';
import { runGate } from '../lib/run-gate';
import type { CompatibilityGateSchema } from './schema';
import { say } from '../../adapters/terminal';

/** `nx run <project>:compatibility-gate`: the command across a matrix. */
export default async function compatibilityGate(options: CompatibilityGateSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  if (options.axes) return matrixGate(options as MatrixOptions, context);
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

/**
 * With axes, the gate runs nothing itself: each cell is a target of its own that ran before it (Nx's
 * `dependsOn`, on this agent or another), and the gate puts their reports into one table.
 */
async function matrixGate(options: MatrixOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const { success } = await runGate('compatibility-gate', context, async (project) => {
    const cells = matrixCells(options, `the compatibility matrix of ${project}`);
    const checks: GateCheck[] = cells.map((cell) => {
      const report = readGateReport(context.root, project, cellTargetName(cell));
      if (!report)
        return {
          name: cellName(cell),
          status: 'fail',
          detail: `no report from ${cellTargetName(cell)}: run the gate through Nx, which runs its cells first`,
        };
      return report.checks[0] ?? { name: cellName(cell), status: 'fail', detail: 'the cell reported no check' };
    });
    return { checks, data: { cells } };
  });
  return { success };
}
