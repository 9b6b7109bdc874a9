import { dirname, join } from 'node:path';
import { createNodesFromFiles, type CreateNodesV2, type TargetConfiguration } from '@nx/devkit';
import { declaresVersion } from '../adapters/manifest-version';
import type { ReleaseProcessOptions } from '../core/release-options';

export interface ReleaseProcessPluginOptions extends ReleaseProcessOptions {
  /** Name of the inferred target that prints the project's release plan. */
  planTargetName?: string;
  /** Name of the inferred target that runs the release step. */
  releaseTargetName?: string;
}

const PROJECT_FILES = '**/{package.json,project.json}';

/**
 * Infers release targets for every project that carries a version (package.json, pyproject.toml,
 * Cargo.toml or version.py beside its package.json or project.json).
 */
export const createNodesV2: CreateNodesV2<ReleaseProcessPluginOptions> = [
  PROJECT_FILES,
  (files, options, context) =>
    createNodesFromFiles(
      (file, pluginOptions, { workspaceRoot }) => {
        const root = dirname(file);
        if (!declaresVersion(join(workspaceRoot, root))) return {};
        return { projects: { [root]: { targets: releaseTargets(pluginOptions ?? {}) } } };
      },
      files,
      options,
      context,
    ),
];

/** Nx 22 and later read `createNodes`; older versions read `createNodesV2`. */
export const createNodes = createNodesV2;

function releaseTargets(options: ReleaseProcessPluginOptions): Record<string, TargetConfiguration> {
  const releaseTarget = options.releaseTargetName ?? 'release';
  return {
    [options.planTargetName ?? 'release-plan']: {
      executor: 'nx-release-process:plan',
      cache: false, // the plan depends on git tags and history, which Nx does not hash
      options: {},
      metadata: { description: 'Show what the next release of this project would be, and why' },
    },
    [releaseTarget]: {
      executor: 'nx-release-process:release',
      cache: false, // it tags, pushes and publishes
      // Dependencies are released first, with the same options (a dry run stays a dry run all the way down).
      dependsOn: [{ target: releaseTarget, dependencies: true, params: 'forward' }],
      options: {},
      metadata: { description: "Tag this project's prepared version, push, create the GitHub release and publish" },
    },
  };
}
