import type { GateCheck } from './gate-report';
import { linearTrend } from './statistics';

export interface MemorySeries {
  /** What x counts: seconds of a long run, or iterations of a repeated command. */
  unit: 'minute' | 'iteration';
  points: Array<{ x: number; rssMb: number }>;
}

export interface StabilityPolicy {
  /** Growth above this (MB per minute, or per iteration) with a clear trend is a leak (default 10). */
  maxGrowthMb?: number;
  /** How straight the growth must be to call it a trend rather than noise (R², default 0.7). */
  minR2?: number;
  /** Share of the series ignored at the start, while caches warm up (default 0.2). */
  warmup?: number;
}

/** Stability: no errors over the run, and no memory growth trend (a leak). */
export function stabilityChecks(
  series: MemorySeries,
  errors: { count: number; detail: string },
  policy: StabilityPolicy = {},
): GateCheck[] {
  const checks: GateCheck[] = [{ name: 'no errors', status: errors.count === 0 ? 'pass' : 'fail', detail: errors.detail }];
  const skip = Math.floor(series.points.length * (policy.warmup ?? 0.2));
  const points = series.points.slice(skip);
  if (points.length < 5) {
    checks.push({
      name: 'memory growth',
      status: 'fail',
      detail: `only ${points.length} memory samples after warm-up: run longer or sample more often`,
    });
    return checks;
  }
  const { slope, r2 } = linearTrend(points.map((point) => ({ x: point.x, y: point.rssMb })));
  const limit = policy.maxGrowthMb ?? 10;
  const leaking = slope > limit && r2 >= (policy.minR2 ?? 0.7);
  const first = points[0].rssMb;
  const last = points[points.length - 1].rssMb;
  checks.push({
    name: 'memory growth',
    status: leaking ? 'fail' : 'pass',
    detail:
      `${round(slope)} MB per ${series.unit} (R² ${round(r2)}) over ${points.length} samples, ${round(first)} → ${round(last)} MB; ` +
      `a leak is > ${limit} MB per ${series.unit} with R² ≥ ${policy.minR2 ?? 0.7}`,
  });
  return checks;
}

export interface EnvironmentResult {
  environment: string;
  exitCode: number;
  seconds: number;
  /** Why it could not run at all (for example a Node version that could not be fetched). */
  error?: string;
}

/** Compatibility: one check per environment of the matrix. */
export function compatibilityChecks(results: EnvironmentResult[]): GateCheck[] {
  return results.map((result) => ({
    name: result.environment,
    status: !result.error && result.exitCode === 0 ? 'pass' : 'fail',
    detail: result.error ?? `exit ${result.exitCode} in ${round(result.seconds)} s`,
  }));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
