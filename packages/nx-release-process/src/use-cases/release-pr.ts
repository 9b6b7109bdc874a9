import { openRepository, remoteUrl, type Repository } from '../adapters/git';
import {
  assertCleanWorkingTree,
  assertValidRefName,
  currentBranch,
  pushBranchWithLease,
  remoteBranchCommit,
  remoteDefaultBranch,
} from '../adapters/git-operations';
import { readProjectGateReports } from '../adapters/gate-reports';
import type { ChangeRequestClient } from '../adapters/remote-release-clients/change-request-client';
import { forgeFromEnvironment } from '../adapters/remote-release-clients/forge-from-environment';
import { whileLocked } from '../adapters/repository-lock';
import { printerFor } from '../adapters/terminal';
import { reasonOf, ReleaseProcessError } from '../core/release-error';
import { describeReleasePrAction, planReleasePr, releasePrBody, type ChangeRequest, type ReleasePrAction } from '../core/release-pr';
import { releaseTargets } from '../core/release-targets';
import { planWorkspaceRelease } from './plan-workspace';
import { notesByTag } from './release';
import { runPlannedSteps, step } from './planned-steps';
import { openStepJournal, type StepRecord } from '../adapters/step-journal';

export interface ReleasePrOptions {
  path: string;
  remote?: string;
  /** The branch to merge into; default the remote's default branch, else main. */
  base?: string;
  /** Default: gitlab when the remote is on a GitLab host or GITLAB_TOKEN is set, else github. */
  forge?: 'github' | 'gitlab';
  /** `owner/name` (GitHub) or `group/name` (GitLab); default from the environment or the remote URL. */
  repository?: string;
  dryRun?: boolean;
  log?: (line: string) => void;
}

export interface ReleasePrResult {
  url: string | null;
  number: number | null;
  branch: string;
  base: string;
  /** What this run did: opened, updated, pushed only, or nothing (already in step). */
  done: Array<ReleasePrAction['kind']>;
  /** The steps carried out (or, in a dry run, that would be), as the journal has them. */
  steps: StepRecord[];
}

const RELEASE_PR_COMMAND = 'release-process release-pr';

/**
 * `release-process release-pr`, for protected branches: pushes the branch `nx g release-branch` prepared and
 * opens (or, on a rerun, updates) a pull or merge request whose body is the release notes and the gates. After
 * it is merged, `release-process release` on the merge commit tags and publishes the versions it sets.
 * Like the release step: collect, plan (core/release-pr.ts), then act; a dry run prints the plan.
 */
export async function runReleasePr(options: ReleasePrOptions): Promise<ReleasePrResult> {
  const log = printerFor(options.log);
  const repository = await openRepository(options.path);
  return whileLocked(repository, RELEASE_PR_COMMAND, options.dryRun, () => releasePrUnderLock(repository, options, log));
}

async function releasePrUnderLock(
  repository: Repository,
  options: ReleasePrOptions,
  log: (line: string) => void,
): Promise<ReleasePrResult> {
  const remote = options.remote ?? 'origin';
  const url = await remoteUrl(repository, remote);
  if (!url) throw new ReleaseProcessError(`there is no remote "${remote}"`, `Add it with \`git remote add ${remote} <url>\``);
  await assertCleanWorkingTree(repository);
  const branch = await currentBranch(repository);
  const base = options.base ?? (await remoteDefaultBranch(repository, remote)) ?? 'main';
  await assertValidRefName(repository, 'branch', base);
  if (branch === base) {
    throw new ReleaseProcessError(
      `${branch} is the branch the release PR merges into`,
      'Prepare the release on its own branch first: `nx g release-branch`, then run release-pr there',
    );
  }
  const release = await planWorkspaceRelease({ path: options.path });
  const targets = releaseTargets(release.plan.projects, release.groups, release.head).filter((target) => !target.tagged);
  if (targets.length === 0) {
    throw new ReleaseProcessError(
      `nothing is prepared on ${branch}: no project's files carry a version newer than its last release`,
      'Prepare the release with `nx g release-branch`, then run release-pr on the branch it makes',
    );
  }
  const tags = [...new Set(targets.map((target) => target.tag))];
  const notes = await notesByTag(release, targets);
  const body = releasePrBody({
    tags,
    notes: tags.map((tag) => notes.get(tag) as string),
    projects: targets.map((target) => ({
      name: target.project.name,
      version: target.version,
      gates: readProjectGateReports(release.workspace.root, target.project.name),
    })),
  });
  const client = await changeRequestClient(repository, options, remote);
  const state = {
    remote,
    branch,
    base,
    head: release.head,
    remoteBranch: await remoteBranchCommit(repository, remote, branch),
    title: `chore: release ${tags.join(', ')}`,
    body,
    existing: await client.findOpen(branch, base),
  };
  const actions = planReleasePr(state);
  let request: ChangeRequest | null = state.existing;
  const steps = actions.map((action) =>
    step(action.kind, describeReleasePrAction(action, client), async () => {
      if (action.kind === 'push-branch') {
        await pushBranchWithLease(repository, action.remote, action.branch, action.expected).catch((error: Error) => {
          throw new ReleaseProcessError(
            `the push of ${action.branch} to ${action.remote} was refused (${reasonOf(error)}); no ${client.noun} was opened or changed`,
            `Someone else pushed to ${action.branch}: pull it, check, then run release-pr again`,
          );
        });
      } else if (action.kind === 'open') request = await client.open(action);
      else request = await client.update(action.request, action);
    }),
  );
  const done = await runPlannedSteps(steps, {
    dryRun: options.dryRun,
    log,
    journal: options.dryRun ? null : await openStepJournal(repository, RELEASE_PR_COMMAND),
  });
  const opened = actions.some((action) => action.kind === 'open');
  if (actions.length === 0) log(`${request?.url} is up to date.`);
  else if (options.dryRun) log('[dry-run] nothing was changed.');
  else log(`${opened ? 'Opened' : 'Updated'} ${request?.url}: merge it, then run \`release-process release\` on the merge commit.`);
  return {
    url: request?.url ?? null,
    number: request?.number ?? null,
    branch,
    base,
    done: options.dryRun ? [] : actions.map((action) => action.kind),
    steps: done,
  };
}

/** GitHub or GitLab, with the token from the environment and the repository from the options, the CI or the remote. */
async function changeRequestClient(repository: Repository, options: ReleasePrOptions, remote: string): Promise<ChangeRequestClient> {
  const { client } = await forgeFromEnvironment(repository, {
    forge: options.forge,
    required: true,
    remote,
    repository: options.repository,
    purpose: 'opening the release PR',
  });
  return client as ChangeRequestClient;
}
