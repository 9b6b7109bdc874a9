import { allowsHttp, assertAllowedAddress } from '../core/address-policy';
import * as semver from 'semver';
import { appendHealthHistory } from '../adapters/gate-reports';
import { runNxGenerator } from '../adapters/nx-tasks';
import { queryPrometheus } from '../adapters/prometheus';
import { loadReleaseWorkspace } from '../adapters/release-workspace';
import { forgeFromEnvironment, type ForgeChoice } from '../adapters/remote-release-clients/forge-from-environment';
import { printerFor } from '../adapters/terminal';
import {
  checkVerdict,
  feedbackVerdict,
  fillQuery,
  healthConfigOf,
  overallHealth,
  type CheckResult,
  type FeedbackResult,
  type HealthReport,
} from '../core/health';
import { ReleaseProcessError } from '../core/release-error';
import type { ReleaseEvent } from '../core/release-status';
import { readReleaseStatus } from './release-status';
import { runRollbackStep } from './rollback';

export interface HealthCheckOptions {
  path: string;
  project: string;
  /** The released version to check; default the version its users are on. */
  version?: string;
  /** Default PROMETHEUS_URL. */
  prometheusUrl?: string;
  samples?: number;
  intervalSeconds?: number;
  /** When the verdict is failing: roll the release back (nx g rollback, then release-process rollback). */
  rollbackOnFailure?: boolean;
  registry?: string;
  /** Where the issues are: default the remote's forge. */
  forge?: ForgeChoice;
  forgeRepository?: string;
  log?: (line: string) => void;
}

/**
 * `release-process health`: checks a released version over a window, as an analysis run does: each
 * configured PromQL query sampled N times (with `{version}` and `{previousVersion}` filled), each sample
 * judged against its limits, and the users' word (issues on GitHub or GitLab since the release). The verdict, with its
 * numbers, is kept in the project's health history for the report; a failing one rolls back on request.
 */
export async function runHealthCheck(options: HealthCheckOptions): Promise<HealthReport> {
  const log = printerFor(options.log);
  const loaded = await loadReleaseWorkspace({ path: options.path });
  const repository = loaded.repository;
  const { samples, intervalSeconds, config } = healthConfigOf(loaded.workspace.options.health, options.project);
  const count = options.samples ?? samples;
  const interval = options.intervalSeconds ?? intervalSeconds;
  const status = (await readReleaseStatus(repository, loaded.groups)).find((candidate) => candidate.project === options.project);
  if (!status) {
    throw new ReleaseProcessError(
      `${options.project} is not a released project here`,
      'Name one with --project; `release-process plan` lists them',
    );
  }
  const version = options.version ?? status.version;
  const released = status.events.find((event) => event.kind !== 'rollback' && event.version === version);
  if (!version || !released) {
    throw new ReleaseProcessError(
      `${options.project} has no release ${version ?? ''}`.trim(),
      `Check the version: its releases are ${releasedVersions(status.events).join(', ') || 'none yet'}`,
    );
  }
  const previousVersion = previousOf(status.events, version);
  const checks = config.checks ?? [];
  const prometheus = options.prometheusUrl ?? process.env.PROMETHEUS_URL;
  if (prometheus) assertAllowedAddress(prometheus, options.prometheusUrl ? '--prometheus-url' : 'PROMETHEUS_URL', allowsHttp(process.env));
  if (checks.length > 0 && !prometheus) {
    throw new ReleaseProcessError(
      'the health checks need Prometheus',
      'Pass --prometheus-url https://prometheus.internal:9090 or set PROMETHEUS_URL',
    );
  }
  // Every query is filled before the first sample: a mistake shows at once, not after the window.
  const queries = checks.map((check) => ({
    current: fillQuery(check.query, { version, previousVersion }),
    previous:
      check.noWorseThanPreviousBy !== undefined && previousVersion
        ? fillQuery(check.query, { version: previousVersion, previousVersion })
        : null,
  }));
  const forge = config.issues
    ? (
        await forgeFromEnvironment(repository, {
          forge: options.forge,
          required: true,
          repository: options.forgeRepository,
          purpose: 'reading the issues since the release',
        })
      ).client
    : null;

  log(
    `health of ${options.project} ${version}${previousVersion ? ` (against ${previousVersion})` : ''}: ${
      checks.length > 0 ? `${count} samples, ${interval} s apart` : 'issues only'
    }`,
  );
  const values = checks.map(() => [] as Array<number | null>);
  const previous = checks.map(() => [] as Array<number | null>);
  // With issues only there is nothing to sample: no waiting out a window for nothing.
  for (let sample = 0; sample < (checks.length > 0 ? count : 0); sample++) {
    if (sample > 0) await new Promise((resolve) => setTimeout(resolve, interval * 1000));
    for (const [index, query] of queries.entries()) {
      values[index].push(await queryPrometheus(prometheus as string, query.current));
      if (query.previous) previous[index].push(await queryPrometheus(prometheus as string, query.previous));
    }
    if (checks.length > 0)
      log(`sample ${sample + 1}/${count}: ${checks.map((check, index) => `${check.name} ${format(values[index][sample])}`).join(', ')}`);
  }
  const results: CheckResult[] = checks.map((check, index) => checkVerdict(check, values[index], previous[index]));
  let feedback: FeedbackResult | null = null;
  if (forge && config.issues) {
    // GitHub and GitLab both take `since` as YYYY-MM-DDTHH:MM:SSZ
    const since = new Date(released.at).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const issues = await forge.issuesSince(since, { labels: config.issues.labels ?? [], version });
    feedback = feedbackVerdict(config.issues, issues);
  }
  const report: HealthReport = {
    project: options.project,
    version,
    previousVersion,
    at: new Date().toISOString(),
    status: overallHealth(results, feedback),
    checks: results,
    feedback,
  };
  appendHealthHistory(loaded.workspace.root, report);
  for (const result of results) log(`${result.status.toUpperCase()} ${result.name}: ${result.detail} (${result.limit})`);
  if (feedback)
    log(
      `${feedback.status.toUpperCase()} issues since the release: ${feedback.count} (at most ${feedback.max})${feedback.issues
        .slice(0, 5)
        .map((issue) => ` #${issue.number}`)
        .join('')}`,
    );
  log(`${options.project} ${version} is ${report.status}.`);
  if (report.status === 'failing') await onFailure(report, released.tag, options, log);
  return report;
}

async function onFailure(report: HealthReport, tag: string, options: HealthCheckOptions, log: (line: string) => void): Promise<void> {
  const failing = [
    ...report.checks.filter((check) => check.status === 'failing').map((check) => `${check.name} ${check.detail}`),
    ...(report.feedback?.status === 'failing' ? [`${report.feedback.count} issues since the release`] : []),
  ];
  const reason = `release health failing: ${failing.join('; ')}`;
  if (!options.rollbackOnFailure) {
    log(
      `Roll it back with: nx g nx-release-process:rollback ${tag} --reason "${reason}" && npx release-process rollback ${tag} (or run health with --rollback-on-failure)`,
    );
    return;
  }
  log(`rolling ${tag} back: ${reason}`);
  await runNxGenerator(options.path, 'nx-release-process:rollback', [tag, `--reason=${reason}`]);
  await runRollbackStep({
    path: options.path,
    tag,
    registry: options.registry,
    forge: options.forge,
    forgeRepository: options.forgeRepository,
    log: options.log,
  });
}

/** The newest release before `version` that was not rolled back: what `{previousVersion}` means. */
function previousOf(events: ReleaseEvent[], version: string): string | null {
  const rolledBack = new Set(events.filter((event) => event.kind === 'rollback').map((event) => event.version));
  const earlier = releasedVersions(events).filter((candidate) => !rolledBack.has(candidate) && semver.lt(candidate, version));
  return earlier.sort(semver.rcompare)[0] ?? null;
}

function releasedVersions(events: ReleaseEvent[]): string[] {
  return [...new Set(events.filter((event) => event.kind !== 'rollback').map((event) => event.version))];
}

function format(value: number | null): string {
  return value === null ? 'no data' : String(Math.round(value * 10_000) / 10_000);
}
