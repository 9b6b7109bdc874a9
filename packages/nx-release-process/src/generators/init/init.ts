import {
  formatFiles,
  globAsync,
  logger,
  readJson,
  readNxJson,
  updateJson,
  updateNxJson,
  type NxJsonConfiguration,
  type TargetConfiguration,
  type Tree,
} from '@nx/devkit';
import { basename, dirname } from 'node:path';
import { isPluginEntry, pluginEntry, registersPlugin, writesTargetsOut } from '../../adapters/workspace';
import { configuredPluginOptions, PLUGIN_NAME } from '../../core/plugin-options';
import { ReleaseProcessError } from '../../core/release-error';
import { DEFAULT_BUMP_RULES } from '../../core/bump';
import { defaultTagPattern } from '../../core/release-groups';
import { createNodesV2, type ReleaseProcessPluginOptions } from '../../plugins/plugin';
import type { InitGeneratorSchema } from './schema';
import { GATE_ORDER } from '../../core/report/report-model';

/** The options a new installation starts with: every default written out, so teams see what they can change. */
export const DEFAULT_PLUGIN_OPTIONS: ReleaseProcessPluginOptions = {
  releaseTypes: DEFAULT_BUMP_RULES.releaseTypes,
  bumpMinorPreMajor: DEFAULT_BUMP_RULES.bumpMinorPreMajor,
  bumpPatchForMinorPreMajor: DEFAULT_BUMP_RULES.bumpPatchForMinorPreMajor,
  versionFiles: [],
  planTargetName: 'release-plan',
  gates: { checklist: { auditLevel: 'high', signOffFile: 'release-signoffs.json' } },
};

/** Gates stay cached even where a project.json overrides one without saying so. */
export const GATE_TARGET_DEFAULTS = GATE_ORDER;

/**
 * `nx g nx-release-process:init`: registers the plugin and, when nx.json has none, a `release` section.
 * What is already configured (plugin options, an nx release config) is left as it is.
 *
 * With `--addPlugin=false` (Nx's default where nx.json sets `useInferencePlugins: false` or the environment
 * `NX_ADD_PLUGINS=false`), the targets the plugin would infer are written into each project's project.json
 * or package.json instead, and the options kept in nx.json's `pluginsConfig`: Nx then starts no worker for
 * the plugin on every command. Run again after adding a project or changing the options; run with
 * `--addPlugin=true` to go back to the plugin.
 */
export default async function initGenerator(tree: Tree, schema: InitGeneratorSchema): Promise<void> {
  const nxJson = readNxJson(tree) ?? {};
  addReleaseSection(nxJson, schema);
  addGateTargetDefaults(nxJson);
  const explicit = !addsPlugin(nxJson, schema);
  // Where the options are now: in the plugin's entry, in pluginsConfig, or (a new installation) the defaults.
  const entry = pluginEntry(nxJson);
  const options = (entry?.options ?? configuredPluginOptions(nxJson) ?? DEFAULT_PLUGIN_OPTIONS) as ReleaseProcessPluginOptions;
  // The project files are ours to change only without the plugin, and when going back from there: a target
  // a team wrote by hand beside the plugin's (to override its inputs, say) stays as it is.
  const targets = explicit || writesTargetsOut(nxJson) ? await inferredTargets(tree, nxJson, options) : [];
  if (explicit) {
    nxJson.plugins = nxJson.plugins?.filter((candidate) => !isPluginEntry(candidate));
    if (nxJson.plugins?.length === 0) delete nxJson.plugins;
    nxJson.pluginsConfig = { ...nxJson.pluginsConfig, [PLUGIN_NAME]: options as Record<string, unknown> };
  } else {
    registerPlugin(nxJson, options);
    if (nxJson.pluginsConfig) {
      delete nxJson.pluginsConfig[PLUGIN_NAME];
      if (Object.keys(nxJson.pluginsConfig).length === 0) delete nxJson.pluginsConfig;
    }
  }
  for (const [file, inferred] of targets) writeTargets(tree, file, inferred, explicit);
  updateNxJson(tree, nxJson);
  // As the workspace's Prettier would write it (when it has one): `prettier --check .` stays green.
  await formatFiles(tree);
}

/** The mode asked for; else the one the workspace is in; else Nx's own default for a new plugin. */
function addsPlugin(nxJson: NxJsonConfiguration, schema: InitGeneratorSchema): boolean {
  if (schema.addPlugin !== undefined) return schema.addPlugin;
  if (registersPlugin(nxJson)) return true;
  if (writesTargetsOut(nxJson)) return false;
  return process.env.NX_ADD_PLUGINS !== 'false' && nxJson.useInferencePlugins !== false;
}

function addGateTargetDefaults(nxJson: NxJsonConfiguration): void {
  const defaults = (nxJson.targetDefaults ??= {});
  for (const gate of GATE_TARGET_DEFAULTS) defaults[gate] ??= { cache: true };
}

/**
 * The plugin's entry with these options: added, or, where nx.json names the plugin alone (its options then
 * in pluginsConfig, which init removes), turned into an entry that carries them.
 */
function registerPlugin(nxJson: NxJsonConfiguration, options: ReleaseProcessPluginOptions): void {
  const plugins = (nxJson.plugins ??= []);
  const at = plugins.findIndex(isPluginEntry);
  const entry = plugins[at];
  if (at === -1) plugins.push({ plugin: PLUGIN_NAME, options });
  else if (typeof entry === 'string') plugins[at] = { plugin: entry, options };
  else if (entry.options === undefined) plugins[at] = { ...entry, options };
}

function addReleaseSection(nxJson: NxJsonConfiguration, schema: InitGeneratorSchema): void {
  if (nxJson.release) return;
  const relationship = schema.projectsRelationship ?? 'independent';
  nxJson.release = {
    projectsRelationship: relationship,
    releaseTag: { pattern: schema.releaseTagPattern ?? defaultTagPattern(relationship) },
  };
}

type Targets = Record<string, TargetConfiguration>;

/**
 * What the plugin infers for every project file of the workspace (the same function Nx calls), by file:
 * the files that would carry no release targets map to none. A folder with a project.json and a
 * package.json gets its targets in project.json alone, which Nx reads over package.json.
 */
async function inferredTargets(
  tree: Tree,
  nxJson: NxJsonConfiguration,
  options: ReleaseProcessPluginOptions,
): Promise<Array<[string, Targets]>> {
  const [pattern, infer] = createNodesV2;
  const files = await globAsync(tree, [pattern]);
  try {
    const results = await infer(files, options, { workspaceRoot: tree.root, nxJsonConfiguration: nxJson });
    const withProjectJson = new Set(files.filter((file) => basename(file) === 'project.json').map(dirname));
    return results.map(([file, result]) => {
      const second = basename(file) === 'package.json' && withProjectJson.has(dirname(file));
      return [file, second ? {} : (Object.values(result.projects ?? {})[0]?.targets ?? {})];
    });
  } catch (error) {
    const [file, cause] = (error as { errors?: Array<[string, Error]> }).errors?.[0] ?? [undefined, error as Error];
    throw new ReleaseProcessError(
      `cannot infer the release targets${file ? ` of ${file}` : ''}: ${cause.message.split('\n')[0]}`,
      'Fix that file or the plugin options, then run init again',
    );
  }
}

/** Whether a target is one of ours: run by one of this package's executors. */
const isOurs = (target: TargetConfiguration | undefined) => target?.executor?.startsWith(`${PLUGIN_NAME}:`) === true;

/**
 * Brings the targets written in `file` (project.json's `targets`, package.json's `nx.targets`) in line with
 * what the plugin infers: written out when `explicit`, else left to the plugin. Only targets run by this
 * package's executors are replaced or removed; a target of the same name the team wrote with another
 * executor stays, as Nx would let it win over an inferred one.
 */
function writeTargets(tree: Tree, file: string, inferred: Targets, explicit: boolean): void {
  const written = targetsIn(readJson<ProjectFile>(tree, file), file);
  // Written out: ours the plugin would no longer infer go. Left to the plugin: ours it infers go.
  const stale = Object.keys(written).filter((name) => isOurs(written[name]) && (explicit ? !(name in inferred) : name in inferred));
  const added = explicit ? Object.keys(inferred).filter((name) => !written[name] || isOurs(written[name])) : [];
  const kept = explicit ? Object.keys(inferred).filter((name) => written[name] && !isOurs(written[name])) : [];
  if (kept.length > 0) logger.warn(`${file}: kept the team's own ${kept.join(', ')} in place of the release targets of those names.`);
  if (stale.length === 0 && added.every((name) => JSON.stringify(written[name]) === JSON.stringify(inferred[name]))) return;
  updateJson<ProjectFile>(tree, file, (json) => {
    const targets = { ...targetsIn(json, file) };
    for (const name of stale) delete targets[name];
    for (const name of added) targets[name] = inferred[name];
    return withTargets(json, file, targets);
  });
}

type ProjectFile = { targets?: Targets; nx?: { targets?: Targets } & Record<string, unknown> } & Record<string, unknown>;

function targetsIn(json: ProjectFile, file: string): Targets {
  return (file.endsWith('project.json') ? json.targets : json.nx?.targets) ?? {};
}

/** The file with these targets, its keys in their places; an `nx` section left empty by removing ours goes. */
function withTargets(json: ProjectFile, file: string, targets: Targets): ProjectFile {
  const empty = Object.keys(targets).length === 0;
  if (file.endsWith('project.json')) return { ...json, targets };
  const nx: NonNullable<ProjectFile['nx']> = { ...json.nx, targets };
  if (empty) delete nx.targets;
  const updated: ProjectFile = { ...json, nx };
  if (Object.keys(nx).length === 0) delete updated.nx;
  return updated;
}
