import type { Argv } from 'yargs';
import { ReleaseProcessError } from '../../core/release-error';
import { runHealthCheck } from '../../use-cases/health';
import { progress, withForge, withPath } from '../options';
import { writeOut } from '../../adapters/terminal';

export const command = 'health';
export const describe =
  "Check a released version's health: the project's PromQL checks sampled over a window, and GitHub or GitLab issues since the release; failing exits 1";

export function builder<T>(argv: Argv<T>) {
  return withForge(withPath(argv), 'read the issues')
    .option('project', { type: 'string', demandOption: true, describe: 'The released project to check' })
    .option('release-version', { type: 'string', describe: 'The version to check (default: the one its users are on)' })
    .option('prometheus-url', { type: 'string', describe: 'Prometheus server (default: PROMETHEUS_URL)' })
    .option('samples', { type: 'number', describe: 'Samples of each query (default: health.samples, else 5)' })
    .option('interval', { type: 'number', describe: 'Seconds between samples (default: health.intervalSeconds, else 60)' })
    .option('rollback-on-failure', {
      type: 'boolean',
      describe: 'When failing, roll the release back: nx g rollback, then release-process rollback (npm, the forge, announcements)',
    })
    .option('registry', { type: 'string', describe: 'npm registry, for a rollback (default: npm config)' })
    .option('json', { type: 'boolean', describe: 'Print the verdict with its numbers as JSON' });
}

type Args = Awaited<ReturnType<typeof builder>['argv']>;

export async function handler(args: Args): Promise<void> {
  for (const [name, value] of [
    ['--samples', args.samples],
    ['--interval', args.interval],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= (name === '--samples' ? 1 : 0))) {
      throw new ReleaseProcessError(
        `${name} ${value} is not a usable number`,
        `Give ${name === '--samples' ? 'a count of at least 1' : 'seconds, 0 or more'}`,
      );
    }
  }
  const report = await runHealthCheck({
    path: args.path,
    project: args.project,
    version: args.releaseVersion,
    prometheusUrl: args.prometheusUrl,
    samples: args.samples,
    intervalSeconds: args.interval,
    rollbackOnFailure: args.rollbackOnFailure,
    registry: args.registry,
    forge: args.forge,
    forgeRepository: args.forgeRepository,
    log: progress,
  });
  if (args.json) writeOut(`${JSON.stringify(report, null, 2)}\n`);
  if (report.status === 'failing') {
    throw new ReleaseProcessError(
      `${report.project} ${report.version} fails its release health`,
      args.rollbackOnFailure ? 'It was rolled back for its users (see above)' : 'See the failing checks above',
    );
  }
}
