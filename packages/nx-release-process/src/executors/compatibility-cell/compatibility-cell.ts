import { delimiter } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { listGpus } from '../../adapters/gpu';
import { nodeRuntime } from '../../adapters/node-runtimes';
import { runShellCommand } from '../../adapters/shell-command';
import { say } from '../../adapters/terminal';
import { cellName, cellTargetName, fillCell, gpuNeeded } from '../../core/gates/matrix';
import type { GateCheck } from '../../core/gates/gate-report';
import { runGate } from '../lib/run-gate';
import type { CompatibilityCellSchema } from './schema';

/**
 * `nx run <project>:compatibility-gate--<axis>-<value>...`: one cell of the matrix, a cached task of its
 * own, so Nx can run each cell on another agent. A `node` axis puts that Node version first in PATH.
 */
export default async function compatibilityCell(options: CompatibilityCellSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  const { success } = await runGate(cellTargetName(options.cell), context, async (project) => ({
    checks: [await runCell(options, context, project)],
  }));
  return { success };
}

async function runCell(options: CompatibilityCellSchema, context: ExecutorContext, project: string): Promise<GateCheck> {
  const name = cellName(options.cell);
  const gpu = gpuNeeded(options.cell);
  if (gpu !== null && (await listGpus()).length === 0) {
    return { name, status: 'skip', detail: `not run: needs a GPU (${gpu}) and nvidia-smi lists none here` };
  }
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(options.env ?? {}).map(([key, value]) => [key, fillCell(value, options.cell)]),
  );
  if (options.cell.node) env.PATH = `${await nodeRuntime(options.cell.node)}${delimiter}${process.env.PATH ?? ''}`;
  const command = fillCell(options.command, options.cell);
  say(`compatibility ${project}: ${name}: ${command}`);
  const started = Date.now();
  const code = await runShellCommand(command, context.root, env);
  const seconds = Math.round((Date.now() - started) / 10) / 100;
  return { name, status: code === 0 ? 'pass' : 'fail', detail: `exit ${code} in ${seconds} s` };
}
