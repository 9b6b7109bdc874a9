import type { DistTagChoice } from './dist-tags';
/** An npm package a release publishes. */
export interface ReleasePackage {
  project: string;
  name: string;
  version: string;
  /** Folder to publish from. */
  dir: string;
  prerelease: boolean;
  /** The dist-tag it is published under and why; `latest` when not decided (a first publish). */
  distTag?: DistTagChoice;
  /** Its package.json's `publishConfig`: where (`registry`), under which default tag, from which subfolder. */
  publishConfig?: PublishConfig;
}

export interface PublishConfig {
  registry?: string;
  tag?: string;
  directory?: string;
}

/** A Python distribution or a Rust crate a release uploads, each to its own ecosystem's registry. */
export interface ReleaseArtifact {
  ecosystem: 'python' | 'rust';
  project: string;
  name: string;
  version: string;
  /** The version as its registry knows it (PEP 440 for Python: `1.2.0rc1`). */
  registryVersion: string;
  /** Where it goes, for the log: `the Python index at https://…`, `cargo's registry local`. */
  destination: string;
}

/**
 * Everything the release step found before acting: what the release makes, and what is already in place
 * here, on the remote, on the registry and on the forge. Collected the same way for a dry run and a real one.
 */
export interface ReleaseState {
  head: string;
  /** The branch pushed with the tags; null when HEAD moved on from the release commit (finishing an interrupted release): tags only. */
  branch: string | null;
  tags: Array<{
    tag: string;
    /** The release notes, for the tag and the forge release. */
    notes: string;
    /** The tag's own message when it is more than the notes (nx.json's git.tagMessage first). */
    message?: string;
    prerelease: boolean;
    /** Already made here at `head` (as the remote has it, when the remote has it). */
    made: boolean;
    /**
     * Made here by the interrupted run this one finishes, while another clone's release of the same commit
     * put its own tag object on the remote: the remote's replaces ours, so every clone holds the same tag.
     */
    replaceWithRemote?: boolean;
    /** The projects released under this tag (one, or a fixed group's members). */
    projects?: string[];
  }>;
  /** Null with --no-push. `remoteTags` maps each tag on the remote to its commit. */
  push: { remote: string; remoteTags: Map<string, string> } | null;
  /** In dependency order. */
  packages: Array<ReleasePackage & { published: boolean }>;
  /** Python distributions and Rust crates, in dependency order; `published` when their registry has the version. */
  artifacts?: Array<ReleaseArtifact & { published: boolean }>;
  /**
   * Null when no forge release is made. `linksPackages` when the forge keeps links with a release (GitLab):
   * each release then links the npm packages released under its tag.
   */
  forge: { description: string; existing: Set<string>; linksPackages?: boolean } | null;
  /** The configured documentation deploy target and the released projects that have it; null when none. */
  deployDocs?: { target: string; projects: string[] } | null;
}

export type ReleaseAction =
  | { kind: 'tag'; tag: string; commit: string; notes: string }
  | { kind: 'fetch-tag'; remote: string; tag: string; replace: boolean }
  | { kind: 'push'; remote: string; branch: string | null; tags: string[] }
  | { kind: 'publish'; package: ReleasePackage }
  | { kind: 'upload'; artifact: ReleaseArtifact }
  | {
      kind: 'forge-release';
      forge: string;
      tag: string;
      notes: string;
      prerelease: boolean;
      /** False when its packages go under another tag than `latest` (an older line): the forge's latest stays. */
      latest: boolean;
      /** npm packages of the tag, linked from the release. */
      packages: Array<{ name: string; version: string; registry?: string }>;
    }
  | { kind: 'deploy-docs'; target: string; projects: string[] };

/**
 * The steps that remain, in the order that keeps a failure recoverable: tags here, one atomic push of branch
 * and tags, packages right after the push (so a pushed tag waits for its package as briefly as can be), then
 * forge releases. A step already in place is left out, so a finished release plans nothing.
 */
export function planReleaseActions(state: ReleaseState): ReleaseAction[] {
  const actions: ReleaseAction[] = [];
  for (const tag of state.tags) {
    // A tag another clone's release of this very commit pushed is taken as it is: one tag object everywhere.
    const pushedElsewhere = state.push !== null && state.push.remoteTags.get(tag.tag) === state.head;
    if (pushedElsewhere && (!tag.made || tag.replaceWithRemote))
      actions.push({ kind: 'fetch-tag', remote: (state.push as { remote: string }).remote, tag: tag.tag, replace: tag.made });
    else if (!tag.made) actions.push({ kind: 'tag', tag: tag.tag, commit: state.head, notes: tag.message ?? tag.notes });
  }
  if (state.push) {
    const remoteTags = state.push.remoteTags;
    const toPush = state.tags.map((tag) => tag.tag).filter((tag) => remoteTags.get(tag) !== state.head);
    if (toPush.length > 0) actions.push({ kind: 'push', remote: state.push.remote, branch: state.branch, tags: toPush });
  }
  for (const pkg of state.packages) {
    if (!pkg.published)
      actions.push({
        kind: 'publish',
        package: {
          project: pkg.project,
          name: pkg.name,
          version: pkg.version,
          dir: pkg.dir,
          prerelease: pkg.prerelease,
          distTag: pkg.distTag,
          ...(pkg.publishConfig ? { publishConfig: pkg.publishConfig } : {}),
        },
      });
  }
  for (const artifact of state.artifacts ?? []) {
    if (!artifact.published) {
      const { published: _published, ...upload } = artifact;
      actions.push({ kind: 'upload', artifact: upload });
    }
  }
  if (state.forge) {
    for (const tag of state.tags) {
      if (state.forge.existing.has(tag.tag)) continue;
      const ofTag = state.packages.filter((pkg) => tag.projects?.includes(pkg.project));
      const packages = state.forge.linksPackages
        ? ofTag.map((pkg) => ({
            name: pkg.name,
            version: pkg.version,
            ...(pkg.publishConfig?.registry ? { registry: pkg.publishConfig.registry } : {}),
          }))
        : [];
      actions.push({
        kind: 'forge-release',
        forge: state.forge.description,
        tag: tag.tag,
        notes: tag.notes,
        prerelease: tag.prerelease,
        // An older line's release (its packages under a line tag) never becomes the forge's latest either.
        latest: !ofTag.some((pkg) => pkg.distTag && !pkg.distTag.latest && !tag.prerelease),
        packages,
      });
    }
  }
  // Documentation deployed last: it documents what is out. A finished release deploys nothing again.
  if (state.deployDocs && state.deployDocs.projects.length > 0 && actions.length > 0) {
    actions.push({ kind: 'deploy-docs', target: state.deployDocs.target, projects: state.deployDocs.projects });
  }
  return actions;
}

/**
 * The registry a package goes to: `--registry` when given, else its `publishConfig.registry`, else npm's
 * config (undefined). The two disagreeing is refused before anything is tagged, not settled by guessing.
 */
export function publishRegistry(pkg: ReleasePackage, registry: string | undefined): string | undefined {
  return registry ?? pkg.publishConfig?.registry;
}

/** One line per action, the same words for the dry run (`would …`) and the real run. */
export function describeReleaseAction(action: ReleaseAction, registry?: string): string {
  switch (action.kind) {
    case 'tag':
      return `tag ${action.tag} at ${action.commit.slice(0, 7)}`;
    case 'fetch-tag':
      return `${action.replace ? `replace the tag ${action.tag} made here with ${action.remote}'s` : `take the tag ${action.tag} from ${action.remote}`} (another run released this commit there first)`;
    case 'push':
      return `push ${action.branch ? `${action.branch} and ` : ''}${action.tags.join(', ')} to ${action.remote} (atomic)`;
    case 'publish':
      return `publish ${action.package.name}@${action.package.version}${
        publishRegistry(action.package, registry) ? ` to ${publishRegistry(action.package, registry)}` : ''
      }${
        action.package.distTag && action.package.distTag.tag !== 'latest'
          ? ` under ${action.package.distTag.tag} (${action.package.distTag.reason})`
          : ''
      }`;
    case 'upload':
      return action.artifact.ecosystem === 'python'
        ? `upload ${action.artifact.name} ${action.artifact.registryVersion} (sdist and wheel) to ${action.artifact.destination}`
        : `publish the crate ${action.artifact.name} ${action.artifact.registryVersion} to ${action.artifact.destination}`;
    case 'forge-release':
      return `create the ${action.forge} release ${action.tag}${
        action.packages.length > 0 ? ` linking ${action.packages.map((pkg) => `${pkg.name}@${pkg.version}`).join(', ')}` : ''
      }`;
    case 'deploy-docs':
      return `deploy the documentation: nx run-many -t ${action.target} -p ${action.projects.join(',')}`;
  }
}
