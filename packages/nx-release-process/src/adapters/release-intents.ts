import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ReleaseProcessError } from '../core/release-error';
import type { ReleaseGroup } from '../core/release-groups';
import {
  intentsByProject,
  parseChangesetConfig,
  parseIntent,
  type ChangesetConfig,
  type IntentFile,
  type IntentFormat,
  type IntentRules,
  type ProjectIntent,
  type ReleaseIntent,
} from '../core/release-intents';
import { runGit, type Repository } from './git';
import { showFile } from './git-operations';
import { parsePackageJson } from '../core/version-files/package-json';
import type { Workspace } from './workspace';

/** Where each format keeps its files, relative to the workspace root. */
export const INTENT_FOLDERS: Record<IntentFormat, string> = { changeset: '.changeset', 'version-plan': '.nx/version-plans' };

/** The intent files in the workspace now (not changesets' README), repository-relative, in both formats. */
function intentFilesOf(workspace: Workspace, repository: Repository): IntentFile[] {
  const files: IntentFile[] = [];
  for (const format of Object.keys(INTENT_FOLDERS) as IntentFormat[]) {
    const folder = join(workspace.root, INTENT_FOLDERS[format]);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).sort()) {
      if (!name.endsWith('.md') || (format === 'changeset' && name.toLowerCase() === 'readme.md')) continue;
      const path = join(folder, name);
      files.push({ path: relative(repository.root, path).split('\\').join('/'), format, text: readFileSync(path, 'utf8') });
    }
  }
  return files;
}

/**
 * The intents a hotfix brought by cherry-picking: files in the working tree that the tag it starts from
 * does not have. Parsed (a broken one is refused like any other) for the hotfix to consume.
 */
export async function intentsAddedSince(workspace: Workspace, repository: Repository, ref: string): Promise<ReleaseIntent[]> {
  const added: ReleaseIntent[] = [];
  for (const file of intentFilesOf(workspace, repository)) {
    if ((await showFile(repository, ref, file.path)) === null) added.push(parseIntent(file));
  }
  return added;
}

/** The intents of a workspace, read and checked before anything is planned or written. */
export interface WorkspaceIntents {
  /** The intents that name each releasable project; `commit` is filled in by `addIntentCommits`. */
  byProject: Map<string, ProjectIntent[]>;
  rules: IntentRules;
  /** Every intent file, repository-relative: what a release commit may consume. */
  files: string[];
  /** Which projects each file names, so a release consumes a file only once all of them are released. */
  projectsOf: Map<string, string[]>;
  /** The project of each npm package name, read where intents are in use (else empty). */
  packages: Map<string, string>;
  changesetConfig: ChangesetConfig | null;
}

/**
 * Reads `.changeset/*.md` (not its README) with `.changeset/config.json`, and Nx version plans, from the
 * workspace root. Every file is parsed and every name resolved here: a malformed file or an unknown name
 * is an error naming the file, before anything is written.
 */
export function readWorkspaceIntents(
  workspace: Workspace,
  repository: Repository,
  groups: ReleaseGroup[],
  releasable: Set<string>,
): WorkspaceIntents {
  const files = intentFilesOf(workspace, repository);
  const configPath = join(workspace.root, INTENT_FOLDERS.changeset, 'config.json');
  const changesetConfig = existsSync(configPath)
    ? parseChangesetConfig(relative(repository.root, configPath), readFileSync(configPath, 'utf8'))
    : null;
  // Only a workspace with intents pays for reading every package.json: the gate tasks load this too.
  const packages = files.length > 0 || changesetConfig ? packageProjects(workspace) : new Map<string, string>();
  const groupMembers = new Map(groups.map((group) => [group.name, group.projects]));
  const known = new Set(workspace.projects.map((project) => project.name));
  // Known but not released here (a private package, one the release config leaves out): named without effect.
  const released = (projects: string[]) => projects.filter((project) => releasable.has(project));
  const resolve = (name: string, format: IntentFormat): string[] | null => {
    if (format === 'changeset') return packages.has(name) ? released([packages.get(name) as string]) : null;
    if (known.has(name)) return released([name]);
    return groupMembers.has(name) ? released(groupMembers.get(name) as string[]) : null;
  };
  const intents = files.map(parseIntent);
  const byProject = intentsByProject(intents, resolve, new Map(), new Set(changesetConfig?.ignore ?? []));
  const projectsOf = new Map(
    intents.map((intent) => [intent.file, [...new Set(intent.bumps.flatMap(({ name }) => resolve(name, intent.format) ?? []))]]),
  );
  const sets = (kind: 'fixed' | 'linked') =>
    (changesetConfig?.[kind] ?? []).map((set) =>
      set.flatMap((name) => {
        const project = packages.get(name);
        if (!project) {
          throw new ReleaseProcessError(
            `${relative(repository.root, configPath)} names ${name} in "${kind}", which is no package of this workspace`,
            'Fix the name as in its package.json, or remove it from the set',
          );
        }
        return released([project]);
      }),
    );
  const versionPlans = workspace.release.versionPlans;
  return {
    byProject,
    rules: {
      required: Boolean(versionPlans) || workspace.options.intents?.required === true,
      fixed: sets('fixed'),
      linked: sets('linked'),
      // A changesets workspace expects changesets' rule for dependents.
      dependents: changesetConfig ? 'out-of-range' : 'always',
    },
    files: intents.map((intent) => intent.file),
    projectsOf,
    packages,
    changesetConfig,
  };
}

/** The npm package name of each workspace project that has one (private ones too: changesets names them). */
export function packageProjects(workspace: Workspace): Map<string, string> {
  const names = new Map<string, string>();
  // A workspace root's package.json names the monorepo itself: a package folder's name wins over it.
  for (const project of [...workspace.projects].sort((a, b) => Number(a.root === '') - Number(b.root === ''))) {
    const path = join(workspace.root, project.root, 'package.json');
    if (!existsSync(path)) continue;
    const name = (parsePackageJson(path, readFileSync(path, 'utf8')) as { name?: unknown }).name;
    if (typeof name === 'string' && !names.has(name)) names.set(name, project.name);
  }
  return names;
}

/**
 * The commit that added each intent file, from one `git log` over the intent folders: the notes link it,
 * and the commit's own entry gives way to the intent's.
 */
export async function addIntentCommits(repository: Repository, head: string, intents: WorkspaceIntents): Promise<void> {
  if (intents.files.length === 0) return;
  const output = await runGit(repository.root, [
    'log',
    '--diff-filter=A',
    '--format=%x00%H',
    '--name-only',
    '--no-renames',
    '--end-of-options',
    head,
    '--',
    ...new Set(intents.files.map((file) => file.slice(0, file.lastIndexOf('/')))),
  ]);
  const added = new Map<string, string>();
  for (const record of output.split('\0').slice(1)) {
    const [hash, ...paths] = record.split('\n').filter(Boolean);
    for (const path of paths) if (!added.has(path)) added.set(path, hash);
  }
  for (const list of intents.byProject.values()) for (const intent of list) intent.commit = added.get(intent.file) ?? null;
}

/**
 * The format the workspace already writes its intents in: changesets when `.changeset/` is set up, Nx
 * version plans when nx.json asks for them or their folder exists; for a workspace with neither, version
 * plans in an Nx workspace and changesets in a plain repository.
 */
export function intentFormatOf(workspace: Workspace): IntentFormat {
  if (existsSync(join(workspace.root, INTENT_FOLDERS.changeset))) return 'changeset';
  if (workspace.release.versionPlans || existsSync(join(workspace.root, INTENT_FOLDERS['version-plan']))) return 'version-plan';
  return workspace.kind === 'nx' ? 'version-plan' : 'changeset';
}

/** The npm package name of a project, for a changeset to name it; null without one. */
export function packageNameOf(workspace: Workspace, project: string): string | null {
  for (const [name, owner] of packageProjects(workspace)) if (owner === project) return name;
  return null;
}

/**
 * The ranges a project's package.json declares for the workspace's packages (dependencies, optional and
 * peer dependencies; development ones never release a dependent), by project name.
 */
export function dependencyRangesOf(workspace: Workspace, project: { root: string }, packages: Map<string, string>): Record<string, string> {
  const path = join(workspace.root, project.root, 'package.json');
  if (!existsSync(path)) return {};
  const manifest = parsePackageJson(path, readFileSync(path, 'utf8')) as Record<string, unknown>;
  const ranges: Record<string, string> = {};
  for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
    const declared = manifest[field];
    if (typeof declared !== 'object' || declared === null) continue;
    for (const [name, range] of Object.entries(declared as Record<string, unknown>)) {
      const owner = packages.get(name);
      if (owner && typeof range === 'string') ranges[owner] = range;
    }
  }
  return ranges;
}
