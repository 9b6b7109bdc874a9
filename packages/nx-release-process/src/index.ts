// The plugin entry Nx loads (`plugins: ["nx-release-process"]`), and the library API.
import type { PlanRequest, WorkspaceRelease } from './adapters/release-workspace';
import type * as PlanRelease from './core/plan-release';
export { createNodes, createNodesV2, type ReleaseProcessPluginOptions } from './plugins/plugin';
export { postTasksExecution } from './plugins/post-tasks-execution';
export type { PlanRequest, WorkspaceRelease };
export type { ProjectPlan, ReleasePlan, ReleaseReason } from './core/plan-release';
export { renderReleaseNotes } from './core/render-release-notes';
export { renderChangelogSection, CHANGELOG_HEADER } from './core/render-changelog';
export { ReleaseProcessError } from './core/release-error';

/**
 * The release plan of the workspace at `request.path`, as `release-process plan` makes it. The planner is
 * loaded on the first call: Nx loads this entry in a worker of its own for every command of the workspace,
 * and needs only the plugin from it.
 */
export async function planWorkspaceRelease(request: PlanRequest): Promise<WorkspaceRelease> {
  const planner = require('./use-cases/plan-workspace') as typeof import('./use-cases/plan-workspace');
  return planner.planWorkspaceRelease(request);
}

/** The planning core, loaded on the first call: it brings the whole of semver, which the plugin does without. */
const planningCore = () => require('./core/plan-release') as typeof PlanRelease;

/** The release plan of these histories and groups (see `core/plan-release`). */
export function planRelease(...args: Parameters<typeof PlanRelease.planRelease>): PlanRelease.ReleasePlan {
  return planningCore().planRelease(...args);
}

/** Each project's next version in the plan, null where it releases nothing. */
export function plannedVersions(plan: PlanRelease.ReleasePlan): Record<string, string | null> {
  return planningCore().plannedVersions(plan);
}
