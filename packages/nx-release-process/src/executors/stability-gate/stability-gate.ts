import type { ExecutorContext } from '@nx/devkit';
import { measureCommand, sampleMemoryOver } from '../../adapters/measure-command';
import { stabilityChecks, type MemorySeries } from '../../core/gates/stability';
import { ReleaseProcessError } from '../../core/release-error';
import { runGate } from '../lib/run-gate';
import type { StabilityGateSchema } from './schema';
import { say } from '../../adapters/terminal';

/** `nx run <project>:stability-gate`: long runs, memory leaks and errors. */
export default async function stabilityGate(options: StabilityGateSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  const { success } = await runGate('stability-gate', context, async (project) => {
    const policy = { maxGrowthMb: options.maxGrowthMb, minR2: options.minR2 };
    if (options.duration) {
      say(`stability ${project}: running \`${options.command}\` for ${options.duration} s`);
      const run = await sampleMemoryOver(options.command, context.root, options.duration * 1000, options.sampleMs ?? 250);
      const series: MemorySeries = { unit: 'minute', points: run.points.map((point) => ({ x: point.seconds / 60, rssMb: point.rssMb })) };
      const errors =
        run.exitedEarly === null
          ? { count: 0, detail: `ran the full ${options.duration} s` }
          : { count: 1, detail: `stopped after ${run.points.at(-1)?.seconds.toFixed(1) ?? 0} s with exit ${run.exitedEarly}` };
      return { checks: stabilityChecks(series, errors, policy), data: { series } };
    }
    if (options.iterations) {
      const points: MemorySeries['points'] = [];
      let failed = 0;
      for (let index = 0; index < options.iterations; index++) {
        const run = await measureCommand(options.command, context.root);
        if (run.exitCode !== 0) failed++;
        points.push({ x: index, rssMb: run.peakRssMb ?? 0 });
      }
      const series: MemorySeries = { unit: 'iteration', points };
      const detail =
        failed === 0 ? `${options.iterations} iterations, all exited 0` : `${failed} of ${options.iterations} iterations exited non-zero`;
      return { checks: stabilityChecks(series, { count: failed, detail }, policy), data: { series } };
    }
    throw new ReleaseProcessError(
      'the stability gate needs a duration or a number of iterations',
      'Set "duration" (seconds) or "iterations" in its options',
    );
  });
  return { success };
}
