import { median } from './gates/statistics';
import { ReleaseProcessError } from './release-error';

export type HealthStatus = 'healthy' | 'degraded' | 'failing';

/** One metric check of a released version, as an analysis template has it: a PromQL query and its limits. */
export interface HealthCheckConfig {
  name: string;
  /** PromQL with `{version}` and `{previousVersion}`; it must give one number (aggregate with sum(), avg()). */
  query: string;
  max?: number;
  min?: number;
  /** At most this many percent worse than the same query for the previous version (higher is worse unless `higherIsBetter`). */
  noWorseThanPreviousBy?: number;
  higherIsBetter?: boolean;
  /** Samples out of limits tolerated before the check fails (default 1: one bad sample degrades, two fail). */
  failureLimit?: number;
}

/** User feedback: issues opened on GitHub since the release, with these labels or naming the version. */
export interface FeedbackConfig {
  labels?: string[];
  /** More issues than this fails the check (default 5). */
  max?: number;
}

export interface ProjectHealthConfig {
  checks?: HealthCheckConfig[];
  issues?: FeedbackConfig;
}

/** `health` in the plugin options. */
export interface HealthOption {
  /** Samples taken of each query over the window (default 5). */
  samples?: number;
  /** Seconds between samples (default 60). */
  intervalSeconds?: number;
  projects?: Record<string, ProjectHealthConfig>;
}

export interface CheckResult {
  name: string;
  status: HealthStatus;
  /** Each sample's value; null where the query had no data. */
  values: Array<number | null>;
  median: number | null;
  /** The limits in words: `max 0.05`, `≤ previous (0.010) + 10%`. */
  limit: string;
  detail: string;
}

export interface FeedbackIssue {
  number: number;
  title: string;
  url: string;
  createdAt: string;
}

export interface FeedbackResult {
  status: HealthStatus;
  count: number;
  max: number;
  issues: FeedbackIssue[];
}

/** One health check of one released version: the verdict, with the numbers it rests on. */
export interface HealthReport {
  project: string;
  version: string;
  previousVersion: string | null;
  at: string;
  status: HealthStatus;
  checks: CheckResult[];
  feedback: FeedbackResult | null;
}

/** Fills `{version}` and `{previousVersion}`; a query that needs a previous version the project lacks is an error. */
export function fillQuery(query: string, versions: { version: string; previousVersion: string | null }): string {
  if (query.includes('{previousVersion}') && versions.previousVersion === null) {
    throw new ReleaseProcessError(
      `the query "${query}" compares with {previousVersion}, and there is none`,
      'Release health compares a version with the one before it; drop that check for a first release',
    );
  }
  return query.replace(/\{version\}/g, versions.version).replace(/\{previousVersion\}/g, versions.previousVersion ?? '');
}

/**
 * A check's verdict over its samples, as an analysis run has it: each sample within the limits or not, no
 * data counting as out of limits (a release whose errors cannot be seen is not shown healthy); more bad
 * samples than `failureLimit` fail the check, fewer degrade it.
 */
export function checkVerdict(config: HealthCheckConfig, values: Array<number | null>, previous: Array<number | null> = []): CheckResult {
  const baseline = measured(previous).length > 0 ? median(measured(previous)) : null;
  const limits: string[] = [];
  if (config.max !== undefined) limits.push(`max ${config.max}`);
  if (config.min !== undefined) limits.push(`min ${config.min}`);
  let worst: ((value: number) => boolean) | null = null;
  if (config.noWorseThanPreviousBy !== undefined && baseline !== null) {
    const allowance = Math.abs(baseline) * (config.noWorseThanPreviousBy / 100);
    const bound = config.higherIsBetter ? baseline - allowance : baseline + allowance;
    limits.push(
      `${config.higherIsBetter ? '≥' : '≤'} previous (${round(baseline)}) ${config.higherIsBetter ? '-' : '+'} ${config.noWorseThanPreviousBy}%`,
    );
    worst = (value) => (config.higherIsBetter ? value < bound : value > bound);
  }
  const outOfLimits = (value: number | null) =>
    value === null ||
    (config.max !== undefined && value > config.max) ||
    (config.min !== undefined && value < config.min) ||
    (worst !== null && worst(value));
  const bad = values.filter(outOfLimits).length;
  const failureLimit = config.failureLimit ?? 1;
  const status: HealthStatus = bad === 0 ? 'healthy' : bad > failureLimit ? 'failing' : 'degraded';
  const data = measured(values);
  const noData = values.length - data.length;
  const detail =
    data.length === 0
      ? 'no data: the query matched no series for this version'
      : `${bad} of ${values.length} samples out of limits${noData ? ` (${noData} without data)` : ''}, median ${round(median(data))}`;
  if (config.noWorseThanPreviousBy !== undefined && baseline === null) limits.push('previous version: no data to compare');
  return {
    name: config.name,
    status,
    values: values.map((value) => (value === null ? null : round(value))),
    median: data.length ? round(median(data)) : null,
    limit: limits.join(', ') || 'none',
    detail,
  };
}

/** Issues since the release against the limit: more than `max` fails. */
export function feedbackVerdict(config: FeedbackConfig, issues: FeedbackIssue[]): FeedbackResult {
  const max = config.max ?? 5;
  return { status: issues.length > max ? 'failing' : 'healthy', count: issues.length, max, issues };
}

const ORDER: HealthStatus[] = ['healthy', 'degraded', 'failing'];

/** The worst of the checks and the feedback. */
export function overallHealth(checks: CheckResult[], feedback: FeedbackResult | null): HealthStatus {
  return [...checks.map((check) => check.status), ...(feedback ? [feedback.status] : [])].reduce<HealthStatus>(
    (worst, status) => (ORDER.indexOf(status) > ORDER.indexOf(worst) ? status : worst),
    'healthy',
  );
}

/** Checks the plugin option before any query runs; a mistake names the project and the check. */
export function healthConfigOf(
  option: HealthOption | undefined,
  project: string,
): { samples: number; intervalSeconds: number; config: ProjectHealthConfig } {
  const samples = option?.samples ?? 5;
  const intervalSeconds = option?.intervalSeconds ?? 60;
  if (!Number.isInteger(samples) || samples < 1)
    throw new ReleaseProcessError(`health.samples in nx.json is ${samples}`, 'Give a whole number of samples, at least 1');
  if (!(intervalSeconds >= 0))
    throw new ReleaseProcessError(`health.intervalSeconds in nx.json is ${intervalSeconds}`, 'Give the seconds between samples');
  const config = option?.projects?.[project];
  if (!config || ((config.checks ?? []).length === 0 && !config.issues)) {
    throw new ReleaseProcessError(
      `no health checks are configured for ${project}`,
      `Add them under plugins[].options.health.projects["${project}"] in nx.json: checks (PromQL with limits) and/or issues`,
    );
  }
  for (const [index, check] of (config.checks ?? []).entries()) {
    const at = `health.projects["${project}"].checks[${index}]`;
    if (!check.name || !check.query)
      throw new ReleaseProcessError(`${at} needs a name and a query`, 'Give each check { name, query, max / min / noWorseThanPreviousBy }');
    if (check.max === undefined && check.min === undefined && check.noWorseThanPreviousBy === undefined) {
      throw new ReleaseProcessError(
        `${at} (${check.name}) has no limit, so it could never fail`,
        'Give it max, min or noWorseThanPreviousBy',
      );
    }
  }
  return { samples, intervalSeconds, config };
}

function measured(values: Array<number | null>): number[] {
  return values.filter((value): value is number => value !== null && Number.isFinite(value));
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
