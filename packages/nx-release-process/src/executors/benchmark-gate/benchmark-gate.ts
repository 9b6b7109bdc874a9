import { join } from 'node:path';
import { pathInside } from '../../adapters/files';
import type { ExecutorContext } from '@nx/devkit';
import { appendBenchmarkHistory, measuredCommit, readBenchmarkBaseline, writeBenchmarkBaseline } from '../../adapters/benchmark-store';
import { measureCommand } from '../../adapters/measure-command';
import { limitChecks, metricValues, regressionChecks, type BenchmarkSample } from '../../core/gates/benchmark-verdict';
import type { GateCheck } from '../../core/gates/gate-report';
import { median } from '../../core/gates/statistics';
import { runGate } from '../lib/run-gate';
import { benchmarkHistoryPath } from '../../adapters/gate-reports';
import type { BenchmarkGateSchema } from './schema';
import { say } from '../../adapters/terminal';

/** `nx run <project>:benchmark-gate`: time, memory and GPU figures against limits and the baseline. */
export default async function benchmarkGate(options: BenchmarkGateSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  const { success } = await runGate('benchmark-gate', context, async (project) => {
    const runs = options.runs ?? 5;
    for (let index = 0; index < (options.warmup ?? 0); index++) await measureCommand(options.command, context.root);
    const samples: BenchmarkSample[] = [];
    const notMeasured: Record<string, string> = {};
    let failedRuns = 0;
    for (let index = 0; index < runs; index++) {
      say(`benchmark ${project}: run ${index + 1} of ${runs}`);
      const run = await measureCommand(options.command, context.root);
      if (run.exitCode !== 0) failedRuns++;
      if (run.gpuNote) notMeasured.gpu_utilization = run.gpuNote;
      samples.push({ wall_time: run.wallMs, peak_rss: run.peakRssMb, gpu_utilization: run.gpuUtilization, ...run.printed });
    }
    const baselinePath = join(context.root, options.baselineFile ?? `.release-process/benchmarks/${project}.baseline.json`);
    const baseline = readBenchmarkBaseline(baselinePath);
    const metrics = [...new Set(samples.flatMap((sample) => Object.keys(sample)))];
    const medians = Object.fromEntries(
      metrics.map((metric) => [metric, metricValues(samples, metric).length ? median(metricValues(samples, metric)) : null]),
    );
    const commit = await measuredCommit(context.root);

    const checks: GateCheck[] = [
      {
        name: 'benchmark ran',
        status: failedRuns === 0 ? 'pass' : 'fail',
        detail: failedRuns === 0 ? `${runs} runs of \`${options.command}\`` : `${failedRuns} of ${runs} runs exited non-zero`,
      },
      ...limitChecks(samples, options.limits ?? {}, notMeasured),
      ...regressionChecks(samples, baseline, options.regression),
    ];
    if (options.updateBaseline) {
      const stored = Object.fromEntries(
        metrics.map((metric) => [metric, metricValues(samples, metric)]).filter(([, values]) => values.length > 0),
      );
      writeBenchmarkBaseline(baselinePath, commit, stored);
      checks.push({
        name: 'baseline',
        status: 'pass',
        detail: `stored ${runs} runs as the baseline in ${baselinePath.slice(context.root.length + 1)}`,
      });
    }
    // Appended on every real run, not on cache hits.
    const historyPath = options.historyFile
      ? pathInside(context.root, options.historyFile, 'historyFile')
      : benchmarkHistoryPath(context.root, project);
    appendBenchmarkHistory(historyPath, { commit, project, runs, medians });
    return { checks, data: { samples, medians, notMeasured } };
  });
  return { success };
}
