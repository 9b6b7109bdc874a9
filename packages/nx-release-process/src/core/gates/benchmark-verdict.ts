import type { GateCheck } from './gate-report';
import { mannWhitneyGreater, median } from './statistics';

/** A metric's bounds: the median must stay `< max` or `> min`. */
export interface MetricLimit {
  max?: number;
  min?: number;
}

export interface RegressionPolicy {
  /** Relative change of the median that counts as a regression (default 0.10: 10% worse). */
  threshold?: number;
  /** Significance for the one-sided Mann-Whitney test (default 0.05). */
  alpha?: number;
  /** Metrics where more is better (default: gpu_utilization, throughput, ops_per_sec). */
  higherIsBetter?: string[];
  /** Metrics to compare (default: every metric in the baseline). */
  metrics?: string[];
}

/** One run's metrics; null means "not measured" (for example GPU utilization without a GPU). */
export type BenchmarkSample = Record<string, number | null>;

/** Baseline samples per metric, as stored by `updateBaseline`. */
export type BenchmarkBaseline = Record<string, number[]>;

const DEFAULT_HIGHER_IS_BETTER = ['gpu_utilization', 'throughput', 'ops_per_sec'];

/** Values of a metric over the runs, measured ones only. */
export function metricValues(samples: BenchmarkSample[], metric: string): number[] {
  return samples.map((sample) => sample[metric]).filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
}

/** Checks each limit on the median of the runs; an unmeasured metric is skipped with the reason. */
export function limitChecks(
  samples: BenchmarkSample[],
  limits: Record<string, MetricLimit>,
  notMeasured: Record<string, string> = {},
): GateCheck[] {
  return Object.entries(limits).map(([metric, limit]) => {
    const values = metricValues(samples, metric);
    if (values.length === 0) {
      return {
        name: `limit ${metric}`,
        status: 'skip',
        detail: `not measured${notMeasured[metric] ? ` (${notMeasured[metric]})` : ''}: limit not checked`,
      };
    }
    const value = median(values);
    const bounds = [limit.max !== undefined ? `< ${limit.max}` : null, limit.min !== undefined ? `> ${limit.min}` : null]
      .filter(Boolean)
      .join(' and ');
    const ok = (limit.max === undefined || value < limit.max) && (limit.min === undefined || value > limit.min);
    return {
      name: `limit ${metric}`,
      status: ok ? 'pass' : 'fail',
      detail: `median ${round(value)} over ${values.length} runs, must be ${bounds}`,
    };
  });
}

/**
 * Regression against the baseline, noise-aware: a metric regresses only when its median moved the wrong
 * way by more than the threshold AND a one-sided Mann-Whitney test says the runs are really worse
 * (p < alpha). One slow run, or a shift inside the noise, does not fail the gate.
 */
export function regressionChecks(
  samples: BenchmarkSample[],
  baseline: BenchmarkBaseline | null,
  policy: RegressionPolicy = {},
): GateCheck[] {
  if (!baseline) return [{ name: 'regression', status: 'skip', detail: 'no baseline yet: run with --updateBaseline to record one' }];
  const threshold = policy.threshold ?? 0.1;
  const alpha = policy.alpha ?? 0.05;
  const higher = policy.higherIsBetter ?? DEFAULT_HIGHER_IS_BETTER;
  return Object.entries(baseline)
    .filter(([metric]) => !policy.metrics || policy.metrics.includes(metric))
    .map(([metric, base]) => {
      const current = metricValues(samples, metric);
      if (current.length === 0 || base.length === 0) {
        return { name: `regression ${metric}`, status: 'skip', detail: 'not measured in this run or the baseline' };
      }
      const higherIsBetter = higher.includes(metric);
      const change = median(current) / median(base) - 1;
      const worse = higherIsBetter ? -change : change;
      const { p } = higherIsBetter ? mannWhitneyGreater(base, current) : mannWhitneyGreater(current, base);
      const regressed = worse > threshold && p < alpha;
      const detail =
        `median ${round(median(current))} vs baseline ${round(median(base))} (${change >= 0 ? '+' : ''}${round(change * 100)}%, ` +
        `${higherIsBetter ? 'higher' : 'lower'} is better), Mann-Whitney p=${round(p)}; regression means worse by > ${round(threshold * 100)}% with p < ${alpha}`;
      return { name: `regression ${metric}`, status: regressed ? 'fail' : 'pass', detail };
    });
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
