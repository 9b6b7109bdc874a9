import { formatFiles, readNxJson, updateNxJson, type NxJsonConfiguration, type Tree } from '@nx/devkit';
import { PLUGIN_NAME } from '../../adapters/workspace';
import { DEFAULT_BUMP_RULES } from '../../core/bump';
import { defaultTagPattern } from '../../core/release-groups';
import type { ReleaseProcessPluginOptions } from '../../plugins/plugin';
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
 */
export default async function initGenerator(tree: Tree, schema: InitGeneratorSchema): Promise<void> {
  const nxJson = readNxJson(tree) ?? {};
  registerPlugin(nxJson);
  addReleaseSection(nxJson, schema);
  addGateTargetDefaults(nxJson);
  updateNxJson(tree, nxJson);
  // As the workspace's Prettier would write it (when it has one): `prettier --check .` stays green.
  await formatFiles(tree);
}

function addGateTargetDefaults(nxJson: NxJsonConfiguration): void {
  const defaults = (nxJson.targetDefaults ??= {});
  for (const gate of GATE_TARGET_DEFAULTS) defaults[gate] ??= { cache: true };
}

function registerPlugin(nxJson: NxJsonConfiguration): void {
  const plugins = (nxJson.plugins ??= []);
  const registered = plugins.some((entry) => (typeof entry === 'string' ? entry : entry.plugin).includes(PLUGIN_NAME));
  if (!registered) plugins.push({ plugin: PLUGIN_NAME, options: DEFAULT_PLUGIN_OPTIONS });
}

function addReleaseSection(nxJson: NxJsonConfiguration, schema: InitGeneratorSchema): void {
  if (nxJson.release) return;
  const relationship = schema.projectsRelationship ?? 'independent';
  nxJson.release = {
    projectsRelationship: relationship,
    releaseTag: { pattern: schema.releaseTagPattern ?? defaultTagPattern(relationship) },
  };
}
