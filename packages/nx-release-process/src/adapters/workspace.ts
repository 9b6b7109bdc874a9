import { assertValidPluginOptions, configuredPluginOptions, PLUGIN_NAME } from '../core/plugin-options';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ProjectGraph } from '@nx/devkit';
import type { NxInput } from '../core/production-files';
import type { NxReleaseConfig } from '../core/release-groups';
import { nxProjectMatcher } from './project-matcher';
import { ReleaseProcessError } from '../core/release-error';
import { brokenLockfile } from './package-managers';
import { cargoPackageName } from './cargo-crates';
import { pyprojectName, readToml } from './python-packages';
import { freshCachedProjectGraph, projectsOfGraph } from './project-graph';
import { repositoryRelative } from './files';
import type { ReleaseProcessOptions } from '../core/release-options';

export interface WorkspaceProject {
  name: string;
  /** Root relative to the workspace root; '' for the workspace root itself. */
  root: string;
  tags: string[];
  dependencies: string[];
  /** The Nx targets it has (`build`, `docs`), none in a plain repository. */
  targets?: string[];
  /** Named inputs the project defines itself (project.json), over the workspace's. */
  namedInputs?: Record<string, NxInput[]>;
}

export interface Workspace {
  kind: 'nx' | 'plain';
  /** Absolute path of the workspace root. */
  root: string;
  projects: WorkspaceProject[];
  release: NxReleaseConfig;
  options: ReleaseProcessOptions;
  /** nx.json's named inputs (`production` says which files a project ships). */
  namedInputs: Record<string, NxInput[]>;
  /** The release targets are written into each project (`init --addPlugin=false`), not inferred by the plugin. */
  writtenTargets?: boolean;
}

/**
 * Reads the workspace around `path`: an Nx workspace (the nearest nx.json up to the repository root) with
 * its project graph, or else a plain repository where `path` is the one project.
 */
export async function readWorkspace(path: string, repositoryRoot: string, known?: KnownNxWorkspace): Promise<Workspace> {
  const nxRoot = findNxRoot(resolve(path), resolve(repositoryRoot));
  if (nxRoot) {
    const { nxJson, graph } = known ?? (await readNxWorkspace(nxRoot));
    return {
      kind: 'nx',
      root: nxRoot,
      projects: projectsOfGraph(graph),
      release: nxJson.release ?? {},
      options: pluginOptions(nxJson),
      namedInputs: nxJson.namedInputs ?? {},
      writtenTargets: writesTargetsOut(nxJson),
    };
  }
  const root = resolve(path);
  return {
    kind: 'plain',
    root,
    projects: [{ name: plainProjectName(root), root: '', tags: [], dependencies: [] }],
    release: {},
    options: {},
    namedInputs: {},
  };
}

/** What an executor already has from Nx: no need to build the graph again. */
export interface KnownNxWorkspace {
  graph: ProjectGraph;
  nxJson: NxJson;
}

export interface NxJson {
  release?: NxReleaseConfig;
  namedInputs?: Record<string, NxInput[]>;
  plugins?: Array<string | PluginEntry>;
  /** Nx's place for a plugin's settings that no entry in `plugins` carries: ours, in a workspace without the plugin. */
  pluginsConfig?: Record<string, unknown>;
}

function findNxRoot(start: string, stop: string): string | null {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dir === stop || dirname(dir) === dir) return null;
  }
}

/** Whether an entry of nx.json's `plugins` is this plugin, by package name or by source path. */
export function isPluginEntry(entry: string | PluginEntry): boolean {
  return (typeof entry === 'string' ? entry : entry.plugin).includes(PLUGIN_NAME);
}

/** What nx.json says of the plugin: its entries and pluginsConfig (Nx's own nx.json type fits it). */
type PluginSettings = Pick<NxJson, 'plugins' | 'pluginsConfig'>;

/** Whether nx.json registers the plugin: Nx then loads it and sends it its hook. */
export function registersPlugin(nxJson: PluginSettings): boolean {
  return (nxJson.plugins ?? []).some(isPluginEntry);
}

/** Whether the release targets are written into each project (`init --addPlugin=false`): options, and no plugin to infer them. */
export function writesTargetsOut(nxJson: PluginSettings): boolean {
  return !registersPlugin(nxJson) && configuredPluginOptions(nxJson) !== undefined;
}

export type PluginEntry = { plugin: string; options?: unknown };

/** The plugin's entry in nx.json with room for options (not a bare name). */
export function pluginEntry(nxJson: PluginSettings): PluginEntry | undefined {
  return (nxJson.plugins ?? []).find((entry): entry is PluginEntry => typeof entry !== 'string' && isPluginEntry(entry));
}

/**
 * The plugin's options: those of its entry in nx.json, or, in a workspace whose targets are written out
 * without the plugin (`init --addPlugin=false`), `pluginsConfig["nx-release-process"]`. Never both: the
 * one the tool would not read could not be told apart from the one it reads.
 */
export function pluginOptions(nxJson: NxJson): ReleaseProcessOptions {
  const entry = pluginEntry(nxJson);
  const configured = configuredPluginOptions(nxJson);
  if (entry?.options !== undefined && configured !== undefined) {
    throw new ReleaseProcessError(
      `nx.json sets ${PLUGIN_NAME}'s options twice: in its entry in "plugins" and in "pluginsConfig"`,
      `Keep them in the plugin's entry and remove pluginsConfig["${PLUGIN_NAME}"], or run \`nx g ${PLUGIN_NAME}:init --addPlugin=false\`, which moves the entry's options there`,
    );
  }
  const options = entry?.options ?? configured;
  assertValidPluginOptions(options);
  return (options ?? {}) as ReleaseProcessOptions;
}

/** Nx computes its workspace root from the working folder when first loaded, so point it at ours first. */
async function readNxWorkspace(root: string): Promise<{ nxJson: NxJson; graph: ProjectGraph }> {
  process.env.NX_WORKSPACE_ROOT_PATH = root;
  if (process.cwd() !== root) process.chdir(root);
  const { createProjectGraphAsync, readJsonFile } = await import('@nx/devkit');
  let nxJson: NxJson;
  try {
    nxJson = readJsonFile<NxJson>(join(root, 'nx.json')); // nx.json may hold comments, as Nx allows
  } catch (error) {
    throw new ReleaseProcessError(
      `cannot read ${join(root, 'nx.json')}: ${firstLine((error as Error).message)}`,
      'Fix the JSON in that file',
    );
  }
  const fresh = await freshCachedProjectGraph(root);
  if (fresh) return { nxJson, graph: fresh };
  // Nx prints its own report of a failure (a stack for a lockfile it cannot parse): held back, and shown
  // only when the one line below cannot say more.
  const held = holdStderr();
  // Nx's plugins load in this process unless the user chose otherwise: isolation guards the daemon's long
  // life, while a one-shot command would pay a worker process per plugin, most of a cold plan's time.
  // Only for this call: the commands a release runs later (builds through nx) keep Nx's default.
  const isolation = process.env.NX_ISOLATE_PLUGINS;
  process.env.NX_ISOLATE_PLUGINS ??= 'false';
  try {
    const graph = await createProjectGraphAsync({ exitOnError: false });
    held.release(true);
    return { nxJson, graph };
  } catch (error) {
    const lockfile = brokenLockfile(error);
    held.release(!lockfile);
    if (lockfile) throw lockfile;
    throw new ReleaseProcessError(
      `Nx could not build the project graph of ${root}: ${oneLine((error as Error).message)}`,
      'Run `npx nx show projects` there to see the full error',
    );
  } finally {
    if (isolation === undefined) delete process.env.NX_ISOLATE_PLUGINS;
  }
}

/** Holds what is written to stderr back until released: printed then, or dropped. */
function holdStderr(): { release(print: boolean): void } {
  const held: Array<Parameters<typeof process.stderr.write>> = [];
  const write = process.stderr.write;
  process.stderr.write = ((...args: Parameters<typeof process.stderr.write>) => {
    held.push(args);
    return true;
  }) as typeof process.stderr.write;
  return {
    release(print) {
      process.stderr.write = write;
      if (print) for (const args of held) write.apply(process.stderr, args);
    },
  };
}

/** A plain repository's one project is named as its manifest names its package, else after its folder. */
function plainProjectName(root: string): string {
  const manifest = join(root, 'package.json');
  if (existsSync(manifest)) {
    const name = (readJson(manifest) as { name?: unknown }).name;
    if (typeof name === 'string' && name) return name;
  }
  const python = join(root, 'pyproject.toml');
  const pythonName = existsSync(python) ? pyprojectName(readToml(python)) : null;
  if (pythonName) return pythonName;
  const cargo = join(root, 'Cargo.toml');
  const crateName = existsSync(cargo) ? cargoPackageName(readToml(cargo)) : null;
  if (crateName) return crateName;
  return basename(root);
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ReleaseProcessError(`cannot read ${path}: ${(error as Error).message}`, 'Fix the JSON in that file');
  }
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((line) => line.trim().length > 0)
      ?.trim() ?? text
  );
}

/** Nx's multi-line errors (a heading, then the cause per plugin) folded into one line. */
function oneLine(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('at '))
    .join(' ')
    .replace(/:\s*\./g, ':');
}

/** A workspace-relative project root as a repository-relative path (what `git log` reports). */
export function repositoryPath(workspace: Workspace, repositoryRoot: string, projectRoot: string): string {
  return repositoryRelative(repositoryRoot, workspace.root, projectRoot);
}

/** Whether the patterns select the project, among all the workspace's projects (so `!x` means "all but x"). */
export function selectsProject(workspace: Workspace, patterns: string | string[], project: string): boolean {
  const list = (Array.isArray(patterns) ? patterns : patterns.split(',')).map((pattern) => pattern.trim()).filter(Boolean);
  return nxProjectMatcher(list, workspace.projects).includes(project);
}
