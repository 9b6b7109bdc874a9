import type { Argv } from 'yargs';
import { abortRelease, runReleaseStep } from '../../use-cases/release';
import { forgeChoice, progress, withForge, withPath } from '../options';
import { writeOut } from '../../adapters/terminal';

export const command = 'release';
export const describe =
  'Tag the prepared versions, push branch and tags atomically, publish npm packages, Python packages and Rust crates, create GitHub or GitLab releases';

export function builder<T>(argv: Argv<T>) {
  return withForge(withPath(argv), 'create the releases')
    .option('project', { alias: 'projects', type: 'string', array: true, describe: 'Release only these projects' })
    .option('dry-run', { type: 'boolean', describe: 'Print every step without doing it' })
    .option('remote', { type: 'string', default: 'origin', describe: 'Remote to push to' })
    .option('push', { type: 'boolean', default: true, describe: 'Push the branch and tags (--no-push to keep them local)' })
    .option('publish', {
      type: 'boolean',
      default: true,
      describe: 'Publish npm packages that are not private, Python packages and crates (--no-publish to skip)',
    })
    .option('registry', { type: 'string', describe: 'npm registry to publish to (default: npm config)' })
    .option('python-repository-url', {
      type: 'string',
      describe: "Where twine uploads Python packages (default: twine's config, TWINE_REPOSITORY_URL or .pypirc)",
    })
    .option('python-index-url', {
      type: 'string',
      describe: "The simple index asked which Python versions are out already (default: pip's config)",
    })
    .option('cargo-registry', { type: 'string', describe: "cargo publish --registry NAME (default: cargo's default registry)" })
    .option('provenance', { type: 'boolean', describe: 'Publish with npm provenance (a CI with OIDC; NPM_CONFIG_PROVENANCE works too)' })
    .option('publish-concurrency', {
      type: 'number',
      describe: 'npm packages published at once, each after the packages of this release it depends on (default 4)',
    })
    .option('announce', {
      type: 'boolean',
      default: true,
      describe: 'Tell the channels in the plugin options (announcements) once released (--no-announce to skip)',
    })
    .option('skip-gates', {
      type: 'boolean',
      describe: 'Release even though the release gates do not clear it (needs --reason, recorded on the release)',
    })
    .option('reason', { type: 'string', describe: 'Why the gates are skipped: written on the tags, forge releases and dashboard' })
    .option('abort', {
      type: 'boolean',
      describe: 'Undo a release that was interrupted before its tags were pushed or its packages published',
    })
    .option('json', { type: 'boolean', describe: 'Print what was released and announced (or, with --abort, the tags removed) as JSON' });
}

type Args = Awaited<ReturnType<typeof builder>['argv']>;

export async function handler(args: Args): Promise<void> {
  if (args.abort) {
    const removed = await abortRelease({ path: args.path, registry: args.registry, log: progress });
    if (args.json) writeOut(`${JSON.stringify({ removedTags: removed }, null, 2)}\n`);
    return;
  }
  const outcome = await runReleaseStep({
    path: args.path,
    projects: args.project,
    dryRun: args.dryRun,
    remote: args.remote,
    push: args.push,
    forge: forgeChoice(args),
    forgeRepository: args.forgeRepository,
    publish: args.publish,
    registry: args.registry,
    provenance: args.provenance,
    publishConcurrency: args.publishConcurrency,
    pythonRepositoryUrl: args.pythonRepositoryUrl,
    pythonIndexUrl: args.pythonIndexUrl,
    cargoRegistry: args.cargoRegistry,
    announce: args.announce,
    skipGates: args.skipGates ? { reason: args.reason ?? '' } : undefined,
    log: progress,
  });
  if (args.json) writeOut(`${JSON.stringify(outcome, null, 2)}\n`);
}
