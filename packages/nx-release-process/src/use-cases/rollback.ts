import { join, relative } from 'node:path';
import { listTagsMergedInto, openRepository, remoteUrl, resolveCommit, type Repository } from '../adapters/git';
import { currentBranch, listRemoteTags, pushAtomic, tagSubject } from '../adapters/git-operations';
import { deprecateVersion, deprecationOf, distTags, isPublished, setDistTag, verifyRegistry } from '../adapters/npm-registry';
import { publishedPackageName } from '../adapters/manifest-version';
import { loadReleaseWorkspace, type LoadedWorkspace } from '../adapters/release-workspace';
import { forgeFromEnvironment, type ForgeChoice } from '../adapters/remote-release-clients/forge-from-environment';
import type { RemoteReleaseClient } from '../adapters/remote-release-clients/remote-release-client';
import { whileLocked } from '../adapters/repository-lock';
import { printerFor } from '../adapters/terminal';
import { announcementChannelsFrom, channelName, type Announcement } from '../core/announcement';
import { releaseStatusPath } from '../adapters/gate-reports';
import { openStepJournal, type StepRecord } from '../adapters/step-journal';
import { runPlannedSteps, step } from './planned-steps';
import { reasonOf, ReleaseProcessError } from '../core/release-error';
import {
  describeRollbackAction,
  planRollbackActions,
  ROLLBACK_NOTICE_MARK,
  type RollbackAction,
  manualRollbackSteps,
  type RollbackState,
} from '../core/rollback-actions';
import { previousRelease, projectsOfTag, rollbackTag } from '../core/tagged-release';
import { rollbackReason } from '../core/release-status';
import { announce, type ChannelReport } from './announce';
import { distTagFor } from '../core/dist-tags';
import { toPep440 } from '../core/pep440';
import { cratesOfProject, isCratePublished, verifyCargo, yankCrate } from '../adapters/cargo-crates';
import { pythonProjectOf } from '../adapters/python-packages';
import { distTagRulesFrom } from '../core/release-options';
import { recordReleaseStatus } from './release-status';

export interface RollbackStepOptions {
  path: string;
  /** The release tag rolled back (`nx g rollback <tag>` made `<tag>-rollback`). */
  tag: string;
  /** Default: the reason recorded in the rollback tag. */
  reason?: string;
  remote?: string;
  push?: boolean;
  publish?: boolean;
  /** Where the release to mark is: default the remote's forge, when its token is set. */
  forge?: ForgeChoice;
  forgeRepository?: string;
  registry?: string;
  /** `cargo yank --registry NAME` for the release's crates; default: cargo's default registry. */
  cargoRegistry?: string;
  dryRun?: boolean;
  /** Tell the configured channels (default true). */
  announce?: boolean;
  log?: (line: string) => void;
}

/**
 * `release-process rollback <tag>`: after `nx g rollback` reverted the release and tagged `<tag>-rollback`,
 * moves everyone who consumes it back. Collects what is in place (the remote's tags, each package's channel
 * and deprecation, the forge release), plans what is left (core/rollback-actions.ts) and carries it out: the
 * branch and the rollback tag pushed atomically, `latest` (or `next`) pointed back to the previous version,
 * the rolled-back version deprecated with the reason, the GitHub release marked. A rerun skips what is done.
 */
/** What a rollback step did, and how each announcement channel took it. */
export interface RollbackOutcome {
  actions: RollbackAction[];
  /** The steps carried out (or, in a dry run, that would be), as the journal has them. */
  steps: StepRecord[];
  /** What no tool can do for the user (a Python yank), one line each; also in the log. */
  manual: string[];
  announcements: ChannelReport[];
}

const ROLLBACK_COMMAND = 'release-process rollback';

export async function runRollbackStep(options: RollbackStepOptions): Promise<RollbackOutcome> {
  const log = printerFor(options.log);
  const repository = await openRepository(options.path);
  return whileLocked(repository, ROLLBACK_COMMAND, options.dryRun, async () => {
    const release = await loadReleaseWorkspace({ path: options.path });
    const announcements = release.workspace.options.announcements;
    if (options.announce !== false) announcementChannelsFrom(announcements); // a mistake there is found before any change
    const { state, forge } = await collectRollbackState(repository, release, options);
    const actions = planRollbackActions(state);
    const manual = manualRollbackSteps(state);
    const announcement: Announcement = {
      event: 'rollback',
      releases: projectsOfTag(release.groups, options.tag).projects.map((project) => ({
        project,
        tag: options.tag,
        version: state.version,
        previousVersion: state.previous,
        notes: '',
        url: null,
      })),
      reason: state.reason,
      repository: forge?.description ?? null,
    };
    let announced: ChannelReport[] = [];
    const steps = actions.map((action) =>
      step(action.kind, describeRollbackAction(action), () => carryOut(action, repository, forge, options)),
    );
    if (actions.length > 0) {
      steps.push(
        step('status', `write the release status to ${relative(repository.root, releaseStatusPath(repository.root))}`, () =>
          recordReleaseStatus(repository, release.groups),
        ),
      );
      const channels = options.announce === false ? [] : announcementChannelsFrom(announcements);
      if (channels.length > 0)
        steps.push(
          step('announce', `announce the rollback of ${options.tag} to ${channels.map(channelName).join(', ')}`, async () => {
            announced = await announce(announcement, { announcements, log });
          }),
        );
    }
    const done = await runPlannedSteps(steps, {
      dryRun: options.dryRun,
      log,
      journal: options.dryRun ? null : await openStepJournal(repository, ROLLBACK_COMMAND),
    });
    for (const manualStep of manual) log(options.dryRun ? `[dry-run] you would then ${manualStep}` : `By hand: ${manualStep}.`);
    if (actions.length === 0)
      log(`${options.tag} is rolled back everywhere already${manual.length > 0 ? ', but for what is by hand above' : ''}.`);
    else log(options.dryRun ? '[dry-run] nothing was changed.' : `Rolled back ${options.tag} for its users.`);
    return { actions, steps: done, manual, announcements: announced };
  });
}

async function collectRollbackState(
  repository: Repository,
  release: LoadedWorkspace,
  options: RollbackStepOptions,
): Promise<{ state: RollbackState; forge: RemoteReleaseClient | null }> {
  const tagged = projectsOfTag(release.groups, options.tag);
  const marker = rollbackTag(options.tag);
  const recorded = await tagSubject(repository, marker);
  if (recorded === null) {
    throw new ReleaseProcessError(
      `${options.tag} is not rolled back here yet (no tag ${marker})`,
      `Revert it first: ${release.workspace.kind === 'nx' ? 'nx g rollback' : 'release-process revert'} ${options.tag} --reason "…", then run this again`,
    );
  }
  const reason = options.reason?.trim() || rollbackReason(recorded) || 'rolled back';
  const released = await resolveCommit(repository, options.tag);
  const previous = previousRelease(await listTagsMergedInto(repository, released), tagged, options.tag)?.version ?? null;
  const remote = options.remote ?? 'origin';
  let push: RollbackState['push'] = null;
  let pushed = false;
  if (options.push !== false) {
    if (!(await remoteUrl(repository, remote))) {
      throw new ReleaseProcessError(`there is no remote "${remote}"`, `Add it with \`git remote add ${remote} <url>\`, or pass --no-push`);
    }
    push = { remote, branch: await currentBranch(repository) };
    pushed = (await listRemoteTags(repository, remote)).has(marker);
  }
  const packages: RollbackState['packages'] = [];
  if (options.publish !== false) {
    const names = npmPackagesOf(release, tagged.projects);
    if (names.length > 0) await verifyRegistry(repository.root, { registry: options.registry });
    const rules = distTagRulesFrom(release.workspace.options.distTags);
    for (const name of names) {
      const tags = await distTags(repository.root, name, { registry: options.registry });
      // The channel it went out on (latest, a line tag, a preid's): the tag pointing at it now, else the one it would take.
      const channel =
        Object.entries(tags).find(([, version]) => version === tagged.version)?.[0] ?? distTagFor(tagged.version, null, rules).tag;
      const deprecated = (await deprecationOf(repository.root, name, tagged.version, { registry: options.registry })) !== null;
      const previousPublished = previous !== null && (await isPublished(repository.root, name, previous, { registry: options.registry }));
      packages.push({ name, channel, channelAt: tags[channel] ?? null, deprecated, previousPublished });
    }
  }
  const crates: RollbackState['crates'] = [];
  const pythonPackages: RollbackState['pythonPackages'] = [];
  if (options.publish !== false) {
    for (const project of release.projects.filter((candidate) => tagged.projects.includes(candidate.name))) {
      const dir = join(release.workspace.root, project.root);
      // A Cargo workspace's root: the members that take its version were released with it.
      for (const crate of cratesOfProject(dir, options.cargoRegistry)) {
        if (crates.length === 0) await verifyCargo(repository.root);
        const live = await isCratePublished(
          { project: project.name, name: crate.name, version: tagged.version, dir: crate.dir },
          { registry: options.cargoRegistry },
        );
        crates.push({ name: crate.name, live });
      }
      const python = pythonProjectOf(dir);
      if (python) pythonPackages.push({ name: python.name, version: toPep440(tagged.version) });
    }
  }
  const forge = await forgeClient(repository, options, remote);
  const [notes, rollbackNotes] = forge ? await Promise.all([forge.releaseNotes(options.tag), forge.releaseNotes(marker)]) : [null, null];
  return {
    forge: notes === null ? null : forge,
    state: {
      tag: options.tag,
      version: tagged.version,
      previous,
      reason,
      rollbackTag: { tag: marker, pushed },
      push,
      packages,
      crates,
      pythonPackages,
      forge:
        forge && notes !== null
          ? { description: forge.description, marked: notes.startsWith(ROLLBACK_NOTICE_MARK), rollbackReleased: rollbackNotes !== null }
          : null,
    },
  };
}

async function carryOut(action: RollbackAction, repository: Repository, forge: RemoteReleaseClient | null, options: RollbackStepOptions) {
  const registry = { registry: options.registry };
  switch (action.kind) {
    case 'push':
      await pushAtomic(repository, action.remote, [`HEAD:refs/heads/${action.branch}`, `refs/tags/${action.tag}`]).catch((error: Error) => {
        throw new ReleaseProcessError(
          `the push to ${action.remote} was refused (${reasonOf(error)}); users are not moved back yet`,
          'Fix the cause (pull and rebase, or get push rights), then run the rollback again',
        );
      });
      return;
    case 'dist-tag':
      return setDistTag(repository.root, action.name, action.version, action.channel, registry);
    case 'deprecate':
      return deprecateVersion(repository.root, action.name, action.version, action.message, registry);
    case 'yank-crate':
      return yankCrate(
        { project: action.name, name: action.name, version: action.version, dir: repository.root },
        { registry: options.cargoRegistry },
      );
    case 'forge-mark':
      return (forge as RemoteReleaseClient).markRolledBack(action.tag, action.notice);
    case 'forge-rollback-release':
      await (forge as RemoteReleaseClient).createRelease({
        tag: action.tag,
        title: action.tag,
        notes: action.notes,
        prerelease: false,
        latest: false,
      });
      return;
  }
}

/** The npm packages among the projects (a package.json with a name, not private). */
function npmPackagesOf(release: LoadedWorkspace, projects: string[]): string[] {
  return release.projects
    .filter((project) => projects.includes(project.name))
    .flatMap((project) => publishedPackageName(join(release.workspace.root, project.root)) ?? []);
}

async function forgeClient(repository: Repository, options: RollbackStepOptions, remote: string): Promise<RemoteReleaseClient | null> {
  const { client } = await forgeFromEnvironment(repository, {
    forge: options.forge,
    remote,
    repository: options.forgeRepository,
    purpose: 'marking the release rolled back',
  });
  return client;
}
