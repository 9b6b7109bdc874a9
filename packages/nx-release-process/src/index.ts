// The plugin entry Nx loads (`plugins: ["nx-release-process"]`), and the library API.
import type { PlanRequest, WorkspaceRelease } from './adapters/release-workspace';
export { createNodes, createNodesV2, type ReleaseProcessPluginOptions } from './plugins/plugin';
export { postTasksExecution } from './plugins/post-tasks-execution';
export type { PlanRequest, WorkspaceRelease };
export { plannedVersions } from './core/plan-release';
export { planRelease, type ProjectPlan, type ReleasePlan, type ReleaseReason } from './core/plan-release';
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
