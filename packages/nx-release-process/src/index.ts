// The plugin entry Nx loads (`plugins: ["nx-release-process"]`), and the library API.
export { createNodes, createNodesV2, type ReleaseProcessPluginOptions } from './plugins/plugin';
export { postTasksExecution } from './plugins/post-tasks-execution';
export { planWorkspaceRelease } from './use-cases/plan-workspace';
export type { PlanRequest, WorkspaceRelease } from './adapters/release-workspace';
export { plannedVersions } from './core/plan-release';
export { planRelease, type ProjectPlan, type ReleasePlan, type ReleaseReason } from './core/plan-release';
export { renderReleaseNotes } from './core/render-release-notes';
export { renderChangelogSection, CHANGELOG_HEADER } from './core/render-changelog';
export { ReleaseProcessError } from './core/release-error';
