import { join } from 'node:path';
import type { Argv } from 'yargs';
import { appendToFile, pathInside, writeFileAtomic } from '../../adapters/files';
import { ReleaseProcessError } from '../../core/release-error';
import { renderDashboard } from '../../core/report/render-dashboard';
import { renderSummary } from '../../core/report/render-summary';
import { collectReleaseReport } from '../../use-cases/report';
import { progress, withPath } from '../options';
import { writeOut } from '../../adapters/terminal';

export const command = 'report';
export const describe = 'Merge the gate reports into a markdown summary and a self-contained HTML release dashboard';

export function builder<T>(argv: Argv<T>) {
  return withPath(argv)
    .option('out', {
      type: 'string',
      default: 'dist/release-report',
      describe: 'Folder for summary.md and dashboard.html, relative to the workspace root',
    })
    .option('period', { type: 'number', default: 90, describe: 'Days the release metrics (DORA) are measured over' })
    .option('json', { type: 'boolean', describe: 'Print the merged report as JSON instead of markdown' });
}

type Args = Awaited<ReturnType<typeof builder>['argv']>;

export async function handler(args: Args): Promise<void> {
  if (!Number.isInteger(args.period) || args.period < 1) {
    throw new ReleaseProcessError(`--period ${args.period} is not a number of days`, 'Give a whole number of days, such as --period 90');
  }
  const report = await collectReleaseReport(args.path, { days: args.period });
  const out = pathInside(report.workspace, args.out, 'report folder');
  const summary = renderSummary(report);
  writeFileAtomic(join(out, 'summary.md'), summary);
  writeFileAtomic(join(out, 'dashboard.html'), renderDashboard(report));
  if (process.env.GITHUB_STEP_SUMMARY) appendToFile(process.env.GITHUB_STEP_SUMMARY, summary);
  writeOut(args.json ? `${JSON.stringify(report, null, 2)}\n` : summary);
  progress(`Wrote ${join(out, 'summary.md')} and ${join(out, 'dashboard.html')}`);
}
