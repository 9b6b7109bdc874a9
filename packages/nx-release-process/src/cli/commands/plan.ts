import type { Argv } from 'yargs';
import { formatPlan, planJsonChunks } from '../../core/render-plan';
import { planWorkspaceRelease } from '../../use-cases/plan-workspace';
import { planRequest, progress, withPlanOptions } from '../options';
import { writeOut } from '../../adapters/terminal';
import { detectPackageManager } from '../../adapters/package-managers';
import { printable } from '../../core/printable';
import { environmentSecrets } from '../../core/redact';

export const command = 'plan';
export const describe = 'Show what would be released: per project the current version, last tag, bump, next version and why';

export function builder<T>(argv: Argv<T>) {
  return withPlanOptions(argv)
    .option('project', {
      alias: 'projects',
      type: 'string',
      array: true,
      describe: 'Project(s) to release, with their dependents; names, globs or tag:<tag>',
    })
    .option('json', { type: 'boolean', describe: 'Print the plan as JSON' });
}

type Args = Awaited<ReturnType<typeof builder>['argv']>;

export async function handler(args: Args): Promise<void> {
  const release = await planWorkspaceRelease(planRequest(args, args.project));
  for (const notice of release.notices) progress(`warning: ${notice}`);
  const manager = detectPackageManager(release.workspace.root);
  if (args.json)
    await writeChunks(process.stdout, planJsonChunks({ ...release, packageManager: { name: manager.name, evidence: manager.evidence } }));
  else writeOut(`${formatPlan(release)}\n`);
}

/** Writes pieces of a long output in turn, waiting while the pipe is full so they never pile up in memory. */
async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!stream.write(printable(chunk, environmentSecrets(process.env)))) await new Promise((resolve) => stream.once('drain', resolve));
  }
}
