// The plugin entry Nx loads (`plugins: ["nx-release-process"]`), and the library API.
import type { PlanRequest, WorkspaceRelease } from './adapters/release-workspace';
export { createNodes, createNodesV2, type ReleaseProcessPluginOptions } from './plugins/plugin';
export { postTasksExecution } from './plugins/post-tasks-execution';
export type { PlanRequest, WorkspaceRelease };
import type * as Planner from './core/plan-release';
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

/** The planner's core, loaded on the first call: it brings the whole of semver, which the plugin does without. */
const planner = () => require('./core/plan-release') as typeof Planner;

/** The release plan of these histories and groups (see `core/plan-release`). */
export function planRelease(...args: Parameters<typeof Planner.planRelease>): Planner.ReleasePlan {
  return planner().planRelease(...args);
}

/** Each project's next version in the plan, null where it releases nothing. */
export function plannedVersions(plan: Planner.ReleasePlan): Record<string, string | null> {
  return planner().plannedVersions(plan);
}
