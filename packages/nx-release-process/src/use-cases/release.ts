import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import type { ProjectGraph } from '@nx/devkit';
import { listIgnoredTrackedFiles, listTrackedFiles, openRepository, remoteUrl, resolveCommit, type Repository } from '../adapters/git';
import { repositoryRelative } from '../adapters/files';
import {
  assertCleanWorkingTree,
  createAnnotatedTag,
  currentBranch,
  deleteTag,
  claimOnRemote,
  fetchTag,
  listRemoteTags,
  pushAtomic,
  readRemoteTags,
  refExists,
  refObject,
} from '../adapters/git-operations';
import { publishConfigOf, publishedPackageName } from '../adapters/manifest-version';
import { isPublished, packedFiles, registryAuthKey, registryState, tarballUrl, verifyRegistry } from '../adapters/npm-registry';
import { detectPackageManager, protocolRanges, type PackageManager } from '../adapters/package-managers';
import {
  buildPythonPackage,
  isPythonVersionPublished,
  pythonPackage,
  uploadPythonPackage,
  type PythonIndexOptions,
  type PythonPackage,
} from '../adapters/python-packages';
import {
  isCratePublished,
  publishCrate,
  cratesOfProject,
  verifyCargo,
  type CargoRegistryOptions,
  type RustCrate,
} from '../adapters/cargo-crates';
import { packageProjects } from '../adapters/release-intents';
import { distTagFor, type DistTagChoice } from '../core/dist-tags';
import { distTagRulesFrom } from '../core/release-options';
import { runNxTarget } from '../adapters/nx-tasks';
import { mapBounded } from '../core/map-bounded';
import { HOTFIX_KIND } from '../core/release-status';
import { announcementChannelsFrom, channelName, type Announcement, type AnnouncementsOption } from '../core/announcement';
import { announce, type ChannelReport } from './announce';
import { runPlannedSteps, step, type PlannedStep } from './planned-steps';
import { openStepJournal, type StepRecord } from '../adapters/step-journal';
import { recordReleaseStatus } from './release-status';
import { whileLocked } from '../adapters/repository-lock';
import { clearReleaseJournal, readReleaseJournal, writeReleaseJournal, type ReleaseJournal } from '../adapters/release-journal';
import { forgeFromEnvironment, type ForgeChoice } from '../adapters/remote-release-clients/forge-from-environment';
import type { ReleaseLink, RemoteReleaseClient } from '../adapters/remote-release-clients/remote-release-client';
import { selectsProject, type NxJson } from '../adapters/workspace';
import type { WorkspaceRelease } from '../adapters/release-workspace';
import { planWorkspaceRelease } from './plan-workspace';
import { printerFor } from '../adapters/terminal';
import {
  describeReleaseAction,
  planReleaseActions,
  publishRegistry,
  type ReleaseAction,
  type PublishConfig,
  type ReleaseArtifact,
  type ReleasePackage,
  type ReleaseState,
} from '../core/release-actions';
import { reasonOf, ReleaseProcessError } from '../core/release-error';
import { interpolateMessage, nxReleaseSettings } from '../core/nx-release-settings';
import {
  GATE_NOT_WRITTEN,
  gateObjection,
  gatesRefusal,
  releaseTagMessage,
  skipReason,
  type GateObjection,
} from '../core/gates/release-clearance';
import { driftSinceJudged, readGateReport, releaseStatusPath } from '../adapters/gate-reports';
import { distinctTags, HOTFIX_BRANCH_PREFIX } from '../core/release-naming';
import { releaseTargets, type ReleaseTarget } from '../core/release-targets';
import { renderWorkspaceNotes } from '../core/render-release-notes';
import { packageEntryPoints, parsePackageJson } from '../core/version-files/package-json';

/** npm processes or forge requests one release keeps in flight while it collects what is already done. */
const QUESTIONS_IN_FLIGHT = 4;
/** npm publishes at once by default: a registry takes several, and a release of a hundred packages is minutes, not a quarter of an hour. */
const PUBLISHES_AT_ONCE = 4;

export interface ReleaseStepOptions {
  path: string;
  projects?: string[];
  dryRun?: boolean;
  /** Remote to push to (default origin). */
  remote?: string;
  /** Push the branch and tags (default true). */
  push?: boolean;
  /**
   * Where to create the releases of the tags: GitHub or GitLab, or none. Default: the forge of the remote's
   * URL (or of the CI), when its token is set and the repository is known.
   */
  forge?: ForgeChoice;
  /** `owner/name` or `group/sub/name`; default from GITHUB_REPOSITORY / CI_PROJECT_PATH or the remote's URL. */
  forgeRepository?: string;
  /** Publish npm packages (default true for packages that are not private). */
  publish?: boolean;
  registry?: string;
  /** `npm publish --provenance`: an attestation of where each package was built (needs a CI with OIDC). */
  provenance?: boolean;
  /** npm packages published at once, each after the packages of this release it depends on (default 4). */
  publishConcurrency?: number;
  /** Where Python distributions are uploaded (twine's `--repository-url`); default: twine's own config. */
  pythonRepositoryUrl?: string;
  /** The simple index asked whether a Python version is out already; default: pip's own config. */
  pythonIndexUrl?: string;
  /** `cargo publish --registry NAME`; default: cargo's default registry. */
  cargoRegistry?: string;
  /** Tell the configured channels (default true). */
  announce?: boolean;
  /**
   * Release even though the release gates do not clear it, for this reason: recorded on the tags, in the
   * forge releases and in the release history the report and dashboard read.
   */
  skipGates?: { reason: string };
  log?: (line: string) => void;
  projectGraph?: ProjectGraph;
  nxJson?: NxJson;
}

export interface ReleasedProject {
  project: string;
  version: string;
  tag: string;
  /** The web URL of the forge release this run made (GitHub or GitLab), else null. */
  forgeRelease: string | null;
  published: boolean;
}

/** What a release step did: the projects released, and how each announcement channel took it. */
export interface ReleaseOutcome {
  released: ReleasedProject[];
  /** Empty when no channel is configured, on a dry run, or when everything was in place already. */
  announcements: ChannelReport[];
  /** With --skip-gates, when the gates did not clear the release: the reason and what they objected to. */
  gatesSkipped?: GatesSkipped | null;
  /** The steps carried out (or, in a dry run, that would be), as the journal has them. */
  steps?: StepRecord[];
}

const RELEASE_COMMAND = 'release-process release';

interface GatesSkipped {
  reason: string;
  objections: GateObjection[];
}

/**
 * The release step, in three moves: collect what the release makes and what
 * is already in place (here, on the remote, the registry and the forge), plan the remaining actions (pure,
 * core/release-actions.ts), then carry them out under a journal. A dry run collects and plans the same way
 * and prints the very actions the real run would carry out.
 *
 * Everything that can be checked is checked before the first change. A refused push removes the tags this
 * release made; after the push, running the step again finishes the release (what is in place is skipped).
 * The journal in the git folder marks a release under way, so a run killed at any point is finished by the
 * next run, or undone by `abortRelease` while nothing has left this machine.
 */
export async function runReleaseStep(options: ReleaseStepOptions): Promise<ReleaseOutcome> {
  const log = printerFor(options.log);
  if (options.skipGates) skipReason(options.skipGates.reason); // a missing reason is refused before anything is read
  const concurrency = options.publishConcurrency;
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1))
    throw new ReleaseProcessError(
      `--publish-concurrency ${concurrency} is not a count of packages`,
      'Give a whole number from 1 (1: one after another)',
    );
  const repository = await openRepository(options.path);
  // A dry run only reads; a real run is the repository's one writer until it ends.
  return whileLocked(repository, RELEASE_COMMAND, options.dryRun, () => releaseUnderLock(repository, options, log));
}

async function releaseUnderLock(repository: Repository, options: ReleaseStepOptions, log: (line: string) => void): Promise<ReleaseOutcome> {
  // The journal comes first: an interrupted release is finished at its own commit, whatever came after it.
  const journal = await readReleaseJournal(repository);
  const headNow = await resolveCommit(repository, 'HEAD');
  const release = await planWorkspaceRelease({
    path: options.path,
    projects: options.projects,
    to: journal?.commit,
    projectGraph: options.projectGraph,
    nxJson: options.nxJson,
  });
  for (const notice of release.notices) log(`warning: ${notice}`);
  // The plan of the named projects includes their dependents; the release step releases just the named ones.
  const named = (project: { name: string }) =>
    !options.projects?.length || selectsProject(release.workspace, options.projects, project.name);
  const targets = releaseTargets(release.plan.projects.filter(named), release.groups, release.head);
  if (journal) {
    const moved =
      headNow !== journal.commit ? ` (HEAD has moved on to ${headNow.slice(0, 7)}: the tags are pushed without the branch)` : '';
    log(
      `Finishing the release of ${journal.tags.join(', ')} at ${journal.commit.slice(0, 7)}, interrupted after ${journal.startedAt}${moved}: done steps are skipped.`,
    );
    const missing = journal.tags.filter((tag) => !targets.some((target) => target.tag === tag));
    if (missing.length > 0) {
      throw new ReleaseProcessError(
        `the interrupted release of ${journal.tags.join(', ')} cannot be finished: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} no longer to be released at ${journal.commit.slice(0, 7)}`,
        'Undo it with `release-process release --abort` while nothing is pushed or published, or release those projects by name (--project)',
      );
    }
  }
  if (targets.length === 0) {
    log('Nothing to release: no project carries a version newer than its last release. Prepare one with `nx g release-branch`.');
    return { released: [], announcements: [] };
  }
  const repo = { root: release.workspace.root };
  const { state, forge, hotfix, manager, built, artifacts, gatesSkipped } = await collectReleaseState(
    release,
    targets,
    options,
    { atHead: headNow === release.head, journalTags: journal?.tags ?? null },
    log,
  );
  const actions = planReleaseActions(state);
  const tags = state.tags.map((tag) => tag.tag);

  const announcement = (urls: Map<string, string>): Announcement => ({
    event: hotfix ? 'hotfix' : 'release',
    releases: targets.map((target) => ({
      project: target.project.name,
      tag: target.tag,
      version: target.version,
      previousVersion: target.project.lastTag ? target.project.currentVersion : null,
      notes: state.tags.find((tag) => tag.tag === target.tag)?.notes ?? '',
      url: urls.get(target.tag) ?? null,
    })),
    repository: forge?.description ?? null,
  });

  const urls = new Map<string, string>();
  let announced: ChannelReport[] = [];
  const steps = releaseActionSteps(actions, urls, {
    head: release.head,
    repo,
    journal,
    forge,
    registry: options.registry,
    provenance: options.provenance,
    access: release.intents.changesetConfig?.access,
    manager,
    log,
    pushes: state.push !== null,
    python: { repositoryUrl: options.pythonRepositoryUrl },
    cargo: { registry: options.cargoRegistry },
    built,
    artifacts,
    dependenciesOf: new Map(release.workspace.projects.map((project) => [project.name, project.dependencies])),
  });
  if (actions.length > 0) {
    // After the release is whole: the status and the announcements report it, and their failures never undo it.
    steps.push(
      step('status', `write the release status to ${relative(repo.root, releaseStatusPath(repo.root))}`, () =>
        recordReleaseStatus(repo, release.groups),
      ),
    );
    const channels = options.announce === false ? [] : announcementChannelsFrom(release.workspace.options.announcements);
    if (channels.length > 0)
      steps.push(
        step(
          'announce',
          `announce the ${hotfix ? 'hotfix' : 'release'} of ${tags.join(', ')} to ${channels.map(channelName).join(', ')}`,
          async () => {
            announced = await announceOnce(repo, state, announcement(urls), release.workspace.options.announcements, log);
          },
        ),
      );
  }
  if (!options.dryRun)
    await writeReleaseJournal(repo, {
      tags,
      commit: release.head,
      remote: state.push?.remote ?? null,
      packages: state.packages.map((pkg) => ({ name: pkg.name, version: pkg.version })),
      startedAt: journal?.startedAt ?? new Date().toISOString(),
    });
  const done = await runPlannedSteps(steps, {
    dryRun: options.dryRun,
    log,
    journal: options.dryRun ? null : await openStepJournal(repo, RELEASE_COMMAND),
    concurrency: options.publishConcurrency ?? PUBLISHES_AT_ONCE,
  });
  // With nothing left to do, the journal of an interrupted release that had finished goes all the same.
  if (!options.dryRun && actions.length === 0) await clearReleaseJournal(repo);
  if (options.dryRun)
    log(
      actions.length === 0 ? `Already released: ${tags.join(', ')}.` : `[dry-run] nothing was changed; would release ${tags.join(', ')}.`,
    );
  else if (actions.length === 0) log(`Already released: ${tags.join(', ')} (tags, pushes, releases and packages are all in place).`);
  else log(`Released ${tags.join(', ')}.`);
  return { ...resultsOf(targets, state, urls, announced), gatesSkipped, steps: done };
}

/** The ref on the remote that marks a tag's release as announced: made by one run only, whichever clone it runs in. */
const announcedRef = (tag: string) => `refs/release-process/announced/${tag}`;

/**
 * Announces the releases no other run has announced: with a remote, each tag is claimed there first (a ref
 * only one clone can create), so clones releasing the same commit at once announce it exactly once.
 */
async function announceOnce(
  repo: Repository,
  state: ReleaseState,
  announcement: Announcement,
  announcements: AnnouncementsOption | undefined,
  log: (line: string) => void,
): Promise<ChannelReport[]> {
  if (announcementChannelsFrom(announcements).length === 0) return [];
  let releases = announcement.releases;
  if (state.push) {
    const { remote } = state.push;
    const note = `release-process: announced from ${hostname()} (pid ${process.pid}) at ${new Date().toISOString()}`;
    const claimed = new Set<string>();
    for (const tag of distinctTags(releases.map((entry) => entry.tag))) {
      // The release is out whatever happens here: a claim that cannot be made announces rather than stay silent.
      const mine = await claimOnRemote(repo, remote, announcedRef(tag), state.head, note).catch((error: Error) => {
        log(`could not mark ${tag} as announced on ${remote} (${reasonOf(error)}): announcing it anyway`);
        return true;
      });
      if (mine) claimed.add(tag);
    }
    const others = releases.filter((entry) => !claimed.has(entry.tag));
    if (others.length > 0) log(`Already announced by another run: ${distinctTags(others.map((entry) => entry.tag)).join(', ')}.`);
    releases = releases.filter((entry) => claimed.has(entry.tag));
  }
  return releases.length === 0 ? [] : announce({ ...announcement, releases }, { announcements, log });
}

/** What the release makes and what is in place; the checks that must pass before any change run here. */
async function collectReleaseState(
  release: WorkspaceRelease,
  targets: ReleaseTarget[],
  options: ReleaseStepOptions,
  { atHead, journalTags }: { atHead: boolean; journalTags: string[] | null },
  log: (line: string) => void,
): Promise<{
  gatesSkipped: GatesSkipped | null;
  state: ReleaseState;
  forge: RemoteReleaseClient | null;
  hotfix: boolean;
  manager: PackageManager;
  built: Map<string, string[]>;
  artifacts: EcosystemArtifact[];
}> {
  const repo = { root: release.workspace.root };
  const remote = options.remote ?? 'origin';
  const tags = uniqueTags(targets);
  await assertCleanWorkingTree(repo);
  const branch = await currentBranch(repo);
  // A release from a hotfix branch (nx g hotfix makes them) is a hotfix: its tags say so, for status and history.
  const hotfix = branch.startsWith(HOTFIX_BRANCH_PREFIX);
  await assertTagsFree(repo, targets, release.head);
  const onRemote = options.push === false ? null : await remoteTagsChecked(release, remote, tags);
  const remoteTags = onRemote?.commits ?? null;
  const replaced = onRemote ? await tagsToReplace(repo, targets, remote, onRemote, release.head, journalTags ?? []) : new Set<string>();
  // An interrupted release was cleared when it started; a tag already out is released, whatever its gates say now.
  const objections = journalTags ? [] : await gateObjections(release, targets, remoteTags);
  const gatesSkipped = gatesDecision(objections, options.skipGates, log);
  // A mistake in the channels is found now, before the first change, not after the release went out.
  if (options.announce !== false) announcementChannelsFrom(release.workspace.options.announcements);
  const forge = await forgeClient(release, options, remote, log);
  const packages = options.publish === false ? [] : npmPackages(release, targets);
  const manager = detectPackageManager(repo.root);
  if (packages.length > 0) {
    await manager.verify(repo.root);
    assertPublishable(packages, manager, new Set(packageProjects(release.workspace).keys()), options.registry);
    for (const registry of new Set(packages.map((pkg) => publishRegistry(pkg, options.registry))))
      await verifyRegistry(repo.root, { registry });
  }
  const artifacts = options.publish === false ? [] : ecosystemArtifacts(release, targets, options);
  const artifactsPublished = await artifactsInPlace(repo.root, artifacts, options);
  const notes = await notesByTag(release, targets);
  const { tagMessage } = nxReleaseSettings(release.workspace.release as Record<string, unknown>);
  // npm and the forge are asked at the same time, a few questions each in flight.
  const [registry, existing] = await Promise.all([
    mapBounded(packages, QUESTIONS_IN_FLIGHT, (pkg) =>
      registryState(repo.root, pkg.name, pkg.version, { registry: publishRegistry(pkg, options.registry) }),
    ),
    forge ? mapBounded(tags, QUESTIONS_IN_FLIGHT, (tag) => forge.releaseExists(tag)) : Promise.resolve([]),
  ]);
  const published = registry.map((state) => state.published);
  const rules = distTagRulesFrom(release.workspace.options.distTags);
  // Decided now, before any change: a dist-tag npm would refuse stops the release here, not half-way.
  const choices = packages.map((pkg, index) =>
    withPublishConfigTag(distTagFor(pkg.version, registry[index].distTags.latest ?? null, rules), pkg.publishConfig),
  );
  await buildPackages(
    release,
    packages.filter((_, index) => !published[index]),
    options,
    log,
  );
  // Python distributions are built and checked now: a build that fails stops the release before any tag.
  const built = new Map<string, string[]>();
  if (!options.dryRun) {
    for (const [index, artifact] of artifacts.entries()) {
      if (artifact.python && !artifactsPublished[index]) {
        log(
          `build ${artifact.python.name} ${artifact.python.pep440} (${artifact.python.uv ? 'uv build' : 'python -m build, twine check'})`,
        );
        built.set(artifact.name, await buildPythonPackage(artifact.python));
      }
    }
  }
  return {
    gatesSkipped,
    forge,
    hotfix,
    manager,
    built,
    artifacts,
    state: {
      head: release.head,
      branch: atHead ? branch : null,
      tags: tags.map((tag) => {
        const tagNotes = releaseTagMessage(notes.get(tag) as string, {
          kind: hotfix ? HOTFIX_KIND : undefined,
          gatesSkipped: skippedOnTag(gatesSkipped, targets, tag),
        });
        return {
          tag,
          notes: tagNotes,
          ...tagMessageOf(tagMessage, targets, tag, tagNotes),
          prerelease: targets.some((target) => target.tag === tag && target.prerelease),
          made: targets.some((target) => target.tag === tag && target.tagged),
          replaceWithRemote: replaced.has(tag),
          projects: targets.filter((target) => target.tag === tag).map((target) => target.project.name),
        };
      }),
      push: remoteTags ? { remote, remoteTags } : null,
      packages: packages.map((pkg, index) => ({ ...pkg, published: published[index], distTag: choices[index] })),
      artifacts: artifacts.map(({ python: _python, crate: _crate, ...artifact }, index) => ({
        ...artifact,
        published: artifactsPublished[index],
      })),
      forge: forge
        ? {
            description: forge.description,
            existing: new Set(tags.filter((_, index) => existing[index])),
            linksPackages: forge.keepsLinks,
          }
        : null,
      deployDocs: docsDeploy(release, targets),
    },
  };
}

interface ExecutionContext {
  /** The commit released. */
  head: string;
  /** Publishes each package, as the workspace's package manager does. */
  manager: PackageManager;
  provenance?: boolean;
  /** `.changeset/config.json`'s `access`, as `changeset publish` passes it. */
  access?: 'public' | 'restricted' | null;
  repo: Repository;
  journal: ReleaseJournal | null;
  forge: RemoteReleaseClient | null;
  registry?: string;
  log: (line: string) => void;
  /** False with --no-push: then a failure after tagging leaves tags here only. */
  pushes: boolean;
  python: PythonIndexOptions;
  cargo: CargoRegistryOptions;
  /** The Python distributions built before tagging, by package name. */
  built: Map<string, string[]>;
  artifacts: EcosystemArtifact[];
  /** Each project's workspace dependencies: a package is published after those of this release. */
  dependenciesOf: Map<string, string[]>;
}

/**
 * The planned actions as steps, in order: the forge release URL of each tag made goes into `urls`. The
 * release's own journal (release-in-progress.json) is cleared once the last action is done.
 */
function releaseActionSteps(actions: ReleaseAction[], urls: Map<string, string>, context: ExecutionContext): PlannedStep[] {
  const { repo, log } = context;
  const created: string[] = [];
  const resume = 'Run the release again to finish: it skips what is already done';
  // Publishing and forge releases come after the push, which either went through or threw.
  const whereTags = () => (context.pushes ? 'the tags are pushed' : 'the tags are made here, not pushed');
  // A registry's failure after the push: its own reason, where the tags are, and the rerun that finishes.
  const stopAfterPush = (error: Error): never => {
    throw new ReleaseProcessError(`${error.message.replace(/\. Fix the cause.*$/, '')} — ${whereTags()}`, resume);
  };
  // The release's journal goes with the last action to end (publishes may end in any order).
  let left = actions.length;
  return actions.map((action) => {
    const planned = step(action.kind, describeReleaseAction(action, context.registry), async () => {
      await carryOut(action);
      if (--left === 0) await clearReleaseJournal(repo);
    });
    // npm packages go out beside each other, each once the packages of this release it depends on are out.
    if (action.kind !== 'publish') return planned;
    return { ...planned, key: action.package.project, after: context.dependenciesOf.get(action.package.project) ?? [] };
  });

  async function carryOut(action: ReleaseAction): Promise<void> {
    switch (action.kind) {
      case 'fetch-tag':
        await fetchTag(repo, action.remote, action.tag, action.replace);
        break;
      case 'tag':
        try {
          await createAnnotatedTag(repo, action.tag, action.notes);
        } catch (error) {
          // Nothing has left this machine yet: take back this run's tags and its journal, so a rerun starts clean.
          for (const tag of created) await deleteTag(repo, tag);
          if (!context.journal) await clearReleaseJournal(repo);
          throw new ReleaseProcessError(
            `could not make the tag ${action.tag} (${reasonOf(error)}); nothing was released${created.length ? ` and the tags made here were removed` : ''}`,
            'Fix the cause, then run the release again',
          );
        }
        created.push(action.tag);
        break;
      case 'push':
        try {
          const branch = action.branch ? [`HEAD:refs/heads/${action.branch}`] : [];
          await pushAtomic(repo, action.remote, [...branch, ...action.tags.map((tag) => `refs/tags/${tag}`)]);
        } catch (error) {
          if (await pushedByAnotherRun(repo, action, context.head)) {
            log(`${action.remote} has ${action.tags.join(', ')} at this commit from another run of this release: took its tags`);
            break;
          }
          // The tags this release made, in this run or in the interrupted one it finishes; never a tag made by hand.
          const ours = new Set([...created, ...(context.journal?.tags ?? []).filter((tag) => action.tags.includes(tag))]);
          for (const tag of ours) await deleteTag(repo, tag);
          await clearReleaseJournal(repo);
          throw new ReleaseProcessError(
            `the push to ${action.remote} was refused (${reasonOf(error)}); nothing was released and the tags made here were removed`,
            'Fix the cause (for example pull and rebase, or get push rights), then run the release again',
          );
        }
        break;
      case 'publish': {
        const registry = publishRegistry(action.package, context.registry);
        await context.manager
          .publish(
            publishFolder(action.package, context.manager),
            action.package.distTag?.tag ?? (action.package.prerelease ? 'next' : 'latest'),
            {
              registry,
              provenance: context.provenance,
              access: context.access,
            },
          )
          .catch(async (error: Error) => {
            // Another clone releasing this commit may have published it a moment ago: then it is done.
            if (!(await isPublished(repo.root, action.package.name, action.package.version, { registry }).catch(() => false)))
              stopAfterPush(error);
            log(`${action.package.name}@${action.package.version} was published meanwhile by another run: done`);
          });
        break;
      }
      case 'upload': {
        const artifact = context.artifacts.find(
          (candidate) =>
            candidate.project === action.artifact.project &&
            candidate.ecosystem === action.artifact.ecosystem &&
            candidate.name === action.artifact.name,
        );
        if (artifact?.python) {
          const files = context.built.get(artifact.name) ?? (await buildPythonPackage(artifact.python));
          await uploadPythonPackage(artifact.python, files, context.python).catch(stopAfterPush);
        } else if (artifact?.crate) {
          await publishCrate(artifact.crate, context.cargo).catch(stopAfterPush);
        }
        break;
      }
      case 'deploy-docs':
        await runNxTarget(context.repo.root, action.target, action.projects).catch((error: Error) => {
          throw new ReleaseProcessError(
            `the release is out, but deploying its documentation failed: ${reasonOf(error)}`,
            `Fix it, then run \`nx run-many -t ${action.target} -p ${action.projects.join(',')}\``,
          );
        });
        break;
      case 'forge-release': {
        const forge = context.forge as RemoteReleaseClient;
        const url = await packageLinks(context.repo.root, action.packages, context.registry)
          .then((links) =>
            forge.createRelease({
              tag: action.tag,
              title: action.tag,
              notes: action.notes,
              prerelease: action.prerelease,
              latest: action.latest,
              links,
            }),
          )
          .catch(async (error: Error) => {
            // Made a moment ago by another clone's run of this release: then it is done, not failed.
            if (await forge.releaseExists(action.tag).catch(() => false)) {
              log(`the ${forge.description} release ${action.tag} was made meanwhile by another run: done`);
              return null;
            }
            throw new ReleaseProcessError(`${error.message} — ${whereTags()}`, resume);
          });
        if (url) urls.set(action.tag, url);
        break;
      }
    }
  }
}

/**
 * Whether a refused push lost a race to another clone releasing the same commit: every tag is on the remote
 * at this commit. Then the remote's tags replace the ones made here, and the release goes on from there.
 */
async function pushedByAnotherRun(repo: Repository, action: Extract<ReleaseAction, { kind: 'push' }>, head: string): Promise<boolean> {
  const { commits } = await readRemoteTags(repo, action.remote).catch(() => ({ commits: new Map<string, string>() }));
  if (!action.tags.every((tag) => commits.get(tag) === head)) return false;
  for (const tag of action.tags) await fetchTag(repo, action.remote, tag, true);
  return true;
}

/** Where each released npm package can be downloaded: its tarball as the registry it went to gives it. */
async function packageLinks(
  root: string,
  packages: Array<{ name: string; version: string; registry?: string }>,
  registry?: string,
): Promise<ReleaseLink[]> {
  return mapBounded(packages, QUESTIONS_IN_FLIGHT, async (pkg) => ({
    name: `npm: ${pkg.name}@${pkg.version}`,
    url: await tarballUrl(root, pkg.name, pkg.version, { registry: registry ?? pkg.registry }),
  }));
}

/** Per project: its tag, whether it is an npm package (out once the run is done), and its forge release made by this run. */
function resultsOf(
  targets: ReleaseTarget[],
  state: ReleaseState,
  urls: Map<string, string>,
  announcements: ChannelReport[] = [],
): ReleaseOutcome {
  const released = targets.map((target) => ({
    project: target.project.name,
    version: target.version,
    tag: target.tag,
    forgeRelease: urls.get(target.tag) ?? null,
    published:
      state.packages.some((pkg) => pkg.project === target.project.name) ||
      (state.artifacts ?? []).some((artifact) => artifact.project === target.project.name),
  }));
  return { released, announcements };
}

export interface AbortReleaseOptions {
  path: string;
  registry?: string;
  log?: (line: string) => void;
}

/**
 * Undoes a release step that was interrupted before anything left this machine: removes the tags it made
 * and its journal. Once a tag is on the remote or a package is published, the release can only be finished.
 */
export async function abortRelease(options: AbortReleaseOptions): Promise<string[]> {
  const log = printerFor(options.log);
  const repo = await openRepository(options.path);
  return whileLocked(repo, 'release-process release --abort', false, () => abortUnderLock(repo, options, log));
}

async function abortUnderLock(repo: Repository, options: AbortReleaseOptions, log: (line: string) => void): Promise<string[]> {
  const journal = await readReleaseJournal(repo);
  if (!journal) {
    log('No interrupted release here: there is nothing to undo.');
    return [];
  }
  const finish = 'Finish it instead with `release-process release` (it skips what is done)';
  if (journal.remote) {
    const remoteTags = await listRemoteTags(repo, journal.remote);
    const pushed = journal.tags.filter((tag) => remoteTags.has(tag));
    if (pushed.length > 0)
      throw new ReleaseProcessError(
        `the interrupted release cannot be undone: ${pushed.join(', ')} ${pushed.length === 1 ? 'is' : 'are'} on ${journal.remote} already`,
        finish,
      );
  }
  if (journal.packages.length > 0) {
    await verifyRegistry(repo.root, { registry: options.registry });
    for (const pkg of journal.packages) {
      if (await isPublished(repo.root, pkg.name, pkg.version, { registry: options.registry })) {
        throw new ReleaseProcessError(`the interrupted release cannot be undone: ${pkg.name}@${pkg.version} is published already`, finish);
      }
    }
  }
  const removed: string[] = [];
  for (const tag of journal.tags) {
    // Only a tag still where the release put it: one moved or remade by hand since is not ours to remove.
    if ((await refExists(repo, `refs/tags/${tag}`)) && (await resolveCommit(repo, tag)) === journal.commit) {
      await deleteTag(repo, tag);
      removed.push(tag);
    }
  }
  await clearReleaseJournal(repo);
  log(
    `Undid the interrupted release: ${removed.length > 0 ? `removed the tags ${removed.join(', ')}` : 'it had made no tag'}; nothing had been pushed or published.`,
  );
  return removed;
}

function uniqueTags(targets: ReleaseTarget[]): string[] {
  return distinctTags(targets.map((target) => target.tag));
}

/**
 * What the release gates object to in this release: for each project about to be released (its tag not yet
 * on the remote, or with --no-push not yet made) that has a `release-gate` target, its report must exist,
 * pass, and have judged the content of the commit released. Where the targets are written into each
 * project, every project about to be released must have one.
 */
async function gateObjections(
  release: WorkspaceRelease,
  targets: ReleaseTarget[],
  remoteTags: Map<string, string> | null,
): Promise<GateObjection[]> {
  const gated = new Set(
    release.workspace.projects.filter((project) => project.targets?.includes('release-gate')).map((project) => project.name),
  );
  // Where the targets are written out, a project without its release gate has not had them written yet.
  const written = release.workspace.writtenTargets === true;
  const pending = targets.filter(
    (target) => (gated.has(target.project.name) || written) && (remoteTags ? !remoteTags.has(target.tag) : !target.tagged),
  );
  const objections: GateObjection[] = [];
  for (const target of pending) {
    if (!gated.has(target.project.name)) {
      objections.push({ project: target.project.name, problem: GATE_NOT_WRITTEN });
      continue;
    }
    const report = readGateReport(release.workspace.root, target.project.name, 'release-gate');
    const drifted = report?.judged ? await driftSinceJudged(release.repository, report.judged, release.head) : null;
    const problem = gateObjection(report, drifted);
    if (problem) objections.push({ project: target.project.name, problem });
  }
  return objections;
}

/** A tag's message with nx.json's git.tagMessage as its first paragraph, above the notes; nothing without one. */
function tagMessageOf(template: string | null, targets: ReleaseTarget[], tag: string, notes: string): { message?: string } {
  if (!template) return {};
  const released = targets.filter((target) => target.tag === tag);
  const first = interpolateMessage(template, {
    tag,
    version: released[0]?.version,
    projectName: released.length === 1 ? released[0].project.name : undefined,
  });
  return { message: `${first}\n\n${notes}` };
}

/** The skipped gates a tag records: those of its own projects, or none. */
function skippedOnTag(skipped: GatesSkipped | null, targets: ReleaseTarget[], tag: string): GatesSkipped | undefined {
  const projects = new Set(targets.filter((target) => target.tag === tag).map((target) => target.project.name));
  const objections = skipped?.objections.filter((objection) => projects.has(objection.project)) ?? [];
  return skipped && objections.length > 0 ? { reason: skipped.reason, objections } : undefined;
}

/** Refuses a release the gates object to, unless they are skipped with a reason; says what is skipped. */
function gatesDecision(
  objections: GateObjection[],
  skip: ReleaseStepOptions['skipGates'],
  log: (line: string) => void,
): GatesSkipped | null {
  if (!skip) {
    if (objections.length > 0) throw gatesRefusal(objections);
    return null;
  }
  if (objections.length === 0) {
    log('--skip-gates: the gates clear this release, so nothing is skipped.');
    return null;
  }
  const reason = skipReason(skip.reason);
  log(
    `Releasing with the gates skipped (${reason}): ${objections.map((objection) => `${objection.project}: ${objection.problem}`).join('; ')}.`,
  );
  return { reason, objections };
}

/** A release tag already made here at another commit (say on another branch) means the version is taken. */
async function assertTagsFree(repo: Repository, targets: ReleaseTarget[], head: string): Promise<void> {
  for (const target of targets.filter((candidate) => !candidate.tagged)) {
    if (!(await refExists(repo, `refs/tags/${target.tag}`))) continue;
    const commit = await resolveCommit(repo, target.tag);
    if (commit !== head) {
      throw new ReleaseProcessError(
        `tag ${target.tag} already exists here at another commit (${commit.slice(0, 7)})`,
        'That version is taken: prepare a new one with `nx g release-branch`',
      );
    }
  }
}

/**
 * The release tags made here that the remote holds as another tag object at the same commit (another clone
 * released this commit first). Ours from the interrupted run this one finishes are replaced by the remote's;
 * any other is the user's to sort out, so the release stops before any change and says how.
 */
async function tagsToReplace(
  repo: Repository,
  targets: ReleaseTarget[],
  remote: string,
  remoteTags: { commits: Map<string, string>; objects: Map<string, string> },
  head: string,
  journalTags: string[],
): Promise<Set<string>> {
  const differing: string[] = [];
  for (const tag of uniqueTags(targets.filter((target) => target.tagged))) {
    const theirs = remoteTags.objects.get(tag);
    if (!theirs || remoteTags.commits.get(tag) !== head) continue;
    if ((await refObject(repo, `refs/tags/${tag}`)) !== theirs) differing.push(tag);
  }
  const foreign = differing.filter((tag) => !journalTags.includes(tag));
  if (foreign.length > 0) {
    throw new ReleaseProcessError(
      `${foreign.join(', ')} here ${foreign.length === 1 ? 'is' : 'are'} not the tag ${remote} has (same commit, another tag object: made by another release of it), so a later \`git fetch --tags\` would refuse`,
      `Take ${remote}'s: ${foreign.map((tag) => `\`git fetch --force ${remote} refs/tags/${tag}:refs/tags/${tag}\``).join(', ')}, then run the release again`,
    );
  }
  return new Set(differing);
}

/** The remote's tags; a release tag there at another commit means the version is taken. */
async function remoteTagsChecked(
  release: WorkspaceRelease,
  remote: string,
  tags: string[],
): Promise<{ commits: Map<string, string>; objects: Map<string, string> }> {
  if (!(await remoteUrl(release.repository, remote))) {
    throw new ReleaseProcessError(
      `there is no remote "${remote}"`,
      `Add it with \`git remote add ${remote} <url>\`, or release without pushing (--no-push)`,
    );
  }
  const remoteTags = await readRemoteTags({ root: release.workspace.root }, remote);
  for (const tag of tags) {
    const commit = remoteTags.commits.get(tag);
    if (commit && commit !== release.head) {
      throw new ReleaseProcessError(
        `tag ${tag} already exists on ${remote} at another commit (${commit.slice(0, 7)})`,
        'That version is taken: prepare a new one with `nx g release-branch`',
      );
    }
  }
  return remoteTags;
}

async function forgeClient(
  release: WorkspaceRelease,
  options: ReleaseStepOptions,
  remote: string,
  log: (line: string) => void,
): Promise<RemoteReleaseClient | null> {
  const { client, unused } = await forgeFromEnvironment(release.repository, {
    forge: options.forge,
    remote,
    repository: options.forgeRepository,
    purpose: 'creating releases',
  });
  if (unused) log(`No forge release: ${unused}.`);
  // Read-only, so a dry run asks too: it must know which releases exist to list what the real run would do.
  await client?.verifyAccess();
  return client;
}

/**
 * Builds the packages about to be published that have a `build` target (one `nx run-many`, cached, with
 * their dependencies' builds first), then checks every file their package.json promises is there: an
 * unbuilt package is refused before anything is tagged. A dry run says what it would build and checks
 * only the packages without a build.
 */
export async function buildPackages(
  release: WorkspaceRelease,
  packages: ReleasePackage[],
  options: { dryRun?: boolean },
  log: (line: string) => void,
): Promise<void> {
  const hasBuild = new Set(
    release.workspace.projects.filter((project) => project.targets?.includes('build')).map((project) => project.name),
  );
  const built = packages.filter((pkg) => hasBuild.has(pkg.project)).map((pkg) => pkg.project);
  if (built.length > 0 && options.dryRun) log(`[dry-run] would build ${built.join(', ')} (nx run-many -t build) before tagging`);
  else if (built.length > 0) {
    log(`build ${built.join(', ')} (nx run-many -t build)`);
    await runNxTarget(release.workspace.root, 'build', built);
  }
  const checked = packages.filter((candidate) => !(options.dryRun && hasBuild.has(candidate.project)));
  const repository = release.repository;
  let kept: Set<string> | undefined;
  // Without a files list or an .npmignore, npm packs every file git tracks and ignores nowhere: no need to ask it.
  const packedForSure = (pkg: ReleasePackage, manifest: Record<string, unknown>, promised: string[]) => {
    if (manifest.files !== undefined || existsSync(join(pkg.dir, '.npmignore'))) return false;
    if (!kept) {
      const ignored = new Set(listIgnoredTrackedFiles(repository));
      kept = new Set(listTrackedFiles(repository).filter((file) => !ignored.has(file)));
    }
    return promised.every((path) => kept?.has(repositoryRelative(repository.root, pkg.dir, path)));
  };
  // Else one `npm pack --dry-run` per package, a few at once: a hundred packages one after another take a minute.
  const found = await mapBounded(checked, QUESTIONS_IN_FLIGHT, async (pkg): Promise<string | null> => {
    const manifest = parsePackageJson(join(pkg.dir, 'package.json'), readFileSync(join(pkg.dir, 'package.json'), 'utf8'));
    const promised = packageEntryPoints(manifest as Record<string, unknown>);
    if (promised.length === 0) return null;
    const missing = promised.filter((path) => !existsSync(join(pkg.dir, path)));
    if (missing.length > 0)
      return `${pkg.name} has no ${missing.join(', ')}${hasBuild.has(pkg.project) ? ' after its build' : ' and no build target'}`;
    if (packedForSure(pkg, manifest as Record<string, unknown>, promised)) return null;
    // Built, but would npm pack it? Without a `files` list, npm leaves out what .gitignore names (dist/).
    const packed = new Set(await packedFiles(pkg.dir));
    const left = promised.filter((path) => !packed.has(path));
    return left.length > 0
      ? `${pkg.name} would be published without ${left.join(', ')} (its files list, .npmignore or .gitignore leave them out)`
      : null;
  });
  const problems = found.filter((problem): problem is string => problem !== null);
  if (problems.length > 0) {
    throw new ReleaseProcessError(
      `not publishing unbuilt packages: ${problems.join('; ')}; nothing was released`,
      'Give each a build target that writes those files and list them in "files" of its package.json (e.g. ["dist"]), then run the release again',
    );
  }
}

/**
 * A manager whose publish leaves `workspace:` and `catalog:` ranges as they are would ship packages no one
 * can install (EUNSUPPORTEDPROTOCOL): refused before anything is tagged.
 */
function assertPublishable(
  packages: ReleasePackage[],
  manager: PackageManager,
  workspacePackages: Set<string>,
  registry: string | undefined,
): void {
  const ranges = packages.map((pkg) => {
    const path = join(pkg.dir, 'package.json');
    return { pkg, ranges: protocolRanges(parsePackageJson(path, readFileSync(path, 'utf8')) as Record<string, unknown>) };
  });
  // A `workspace:` range must name a package of the workspace: the manager could only fail on it, half-way.
  const dangling = ranges.flatMap(({ pkg, ranges: found }) =>
    found
      .filter((range) => range.includes(': workspace:') && !workspacePackages.has(range.split(': ')[0]))
      .map((range) => `${pkg.name} (${range})`),
  );
  if (dangling.length > 0) {
    throw new ReleaseProcessError(
      `${dangling.join('; ')} names no package of this workspace; nothing was released`,
      'Fix the name in that package.json, or add the package to the workspace',
    );
  }
  const conflicts = packages.flatMap((pkg) => {
    const declared = pkg.publishConfig?.registry;
    return registry && declared && !sameRegistry(registry, declared) ? [`${pkg.name} (publishConfig.registry ${declared})`] : [];
  });
  if (conflicts.length > 0) {
    throw new ReleaseProcessError(
      `--registry ${registry} is not where ${conflicts.join('; ')} publishes; nothing was released`,
      'Leave out --registry to publish where each package.json says, or change its publishConfig.registry',
    );
  }
  const unbuiltFolders = packages.flatMap((pkg) =>
    pkg.publishConfig?.directory && manager.name !== 'pnpm' && !existsSync(join(publishFolder(pkg, manager), 'package.json'))
      ? [`${pkg.name} (${pkg.publishConfig.directory})`]
      : [],
  );
  if (unbuiltFolders.length > 0) {
    throw new ReleaseProcessError(
      `the publishConfig.directory of ${unbuiltFolders.join('; ')} holds no package.json to publish; nothing was released`,
      'Have the build write the package there (package.json included), then run the release again',
    );
  }
  if (manager.resolvesProtocols) return;
  const problems = ranges.flatMap(({ pkg, ranges: found }) => (found.length > 0 ? [`${pkg.name} (${found.join(', ')})`] : []));
  if (problems.length > 0) {
    throw new ReleaseProcessError(
      `publishing through ${manager.name} would ship workspace ranges as they are: ${problems.join('; ')}; nothing was released`,
      'Release this workspace with pnpm (its publish resolves them), or write those ranges as plain versions',
    );
  }
}

/** The plugin's `docsDeployTarget` and the released projects that have it. */
function docsDeploy(release: WorkspaceRelease, targets: ReleaseTarget[]): { target: string; projects: string[] } | null {
  const target = release.workspace.options.docsDeployTarget;
  if (!target) return null;
  const released = new Set(targets.map((candidate) => candidate.project.name));
  const projects = release.workspace.projects.filter((project) => released.has(project.name) && project.targets?.includes(target));
  return { target, projects: projects.map((project) => project.name) };
}

/** `publishConfig.tag` stands in for `latest`, as npm reads it; a line's or a prerelease's own tag still wins. */
function withPublishConfigTag(choice: DistTagChoice, config: PublishConfig | undefined): DistTagChoice {
  if (!config?.tag || choice.tag !== 'latest' || config.tag === 'latest') return choice;
  return { tag: config.tag, latest: false, reason: 'publishConfig.tag' };
}

/** pnpm publishes `publishConfig.directory` itself; npm, yarn and bun are run in that folder. */
function publishFolder(pkg: ReleasePackage, manager: PackageManager): string {
  const directory = pkg.publishConfig?.directory;
  return directory && manager.name !== 'pnpm' ? join(pkg.dir, directory) : pkg.dir;
}

/** Registry URLs compared as npm files tokens under them: with or without the trailing slash. */
function sameRegistry(a: string, b: string): boolean {
  return registryAuthKey(a) === registryAuthKey(b);
}

/** A Python package or a Rust crate of the release, with what its registry adapter needs. */
interface EcosystemArtifact extends ReleaseArtifact {
  python?: PythonPackage;
  crate?: RustCrate;
}

/** The released projects that are Python packages (a pyproject.toml with a build backend) or published crates. */
function ecosystemArtifacts(release: WorkspaceRelease, targets: ReleaseTarget[], options: ReleaseStepOptions): EcosystemArtifact[] {
  return targets.flatMap((target): EcosystemArtifact[] => {
    const dir = join(release.workspace.root, target.project.root);
    const found: EcosystemArtifact[] = [];
    const python = pythonPackage(target.project.name, dir, target.version, release.workspace.root);
    if (python) {
      const destination = options.pythonRepositoryUrl
        ? `the Python index at ${options.pythonRepositoryUrl}`
        : 'the Python index twine is configured with';
      found.push({
        ecosystem: 'python',
        project: python.project,
        name: python.name,
        version: python.version,
        registryVersion: python.pep440,
        destination,
        python,
      });
    }
    const destination = options.cargoRegistry ? `cargo's registry ${options.cargoRegistry}` : "cargo's default registry";
    for (const crate of cratesOfProject(dir, options.cargoRegistry)) {
      const rust: RustCrate = { project: target.project.name, name: crate.name, version: target.version, dir: crate.dir };
      found.push({
        ecosystem: 'rust',
        project: rust.project,
        name: rust.name,
        version: rust.version,
        registryVersion: rust.version,
        destination,
        crate: rust,
      });
    }
    return found;
  });
}

/** Whether each registry has each artifact's version already; the tools are checked first, once. */
async function artifactsInPlace(root: string, artifacts: EcosystemArtifact[], options: ReleaseStepOptions): Promise<boolean[]> {
  if (artifacts.some((artifact) => artifact.crate)) await verifyCargo(root);
  return mapBounded(artifacts, QUESTIONS_IN_FLIGHT, (artifact) =>
    artifact.python
      ? isPythonVersionPublished(artifact.python, { indexUrl: options.pythonIndexUrl })
      : isCratePublished(artifact.crate as RustCrate, { registry: options.cargoRegistry }),
  );
}

/** The targets that are npm packages to publish (a package.json with a name, not private), in dependency order. */
export function npmPackages(release: WorkspaceRelease, targets: ReleaseTarget[]): ReleasePackage[] {
  return targets.flatMap((target) => {
    const dir = join(release.workspace.root, target.project.root);
    const name = publishedPackageName(dir);
    if (!name) return [];
    const publishConfig = publishConfigOf(dir);
    return [
      {
        project: target.project.name,
        name,
        version: target.version,
        dir,
        prerelease: target.prerelease,
        ...(publishConfig ? { publishConfig } : {}),
      },
    ];
  });
}

/** The release notes of each tag (a fixed group's members together), for annotated tags, forge releases and the release PR. */
export async function notesByTag(release: WorkspaceRelease, targets: ReleaseTarget[]): Promise<Map<string, string>> {
  const versions = Object.fromEntries(targets.map((target) => [target.project.name, target.version]));
  const notes = new Map<string, string>();
  for (const tag of uniqueTags(targets)) {
    const projects = targets
      .filter((target) => target.tag === tag)
      .map((target) => ({ ...target.project, nextVersion: target.version, nextTag: tag }));
    notes.set(tag, await renderWorkspaceNotes({ projects }, { links: release.links, versions }));
  }
  return notes;
}
