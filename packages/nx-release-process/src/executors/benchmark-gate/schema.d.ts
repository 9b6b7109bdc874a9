import type { MetricLimit, RegressionPolicy } from '../../core/gates/benchmark-verdict';

export interface BenchmarkGateSchema {
  command: string;
  runs?: number;
  warmup?: number;
  limits?: Record<string, MetricLimit>;
  regression?: RegressionPolicy;
  baselineFile?: string;
  historyFile?: string;
  updateBaseline?: boolean;
}
