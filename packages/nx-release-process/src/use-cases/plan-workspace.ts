import { planRelease } from '../core/plan-release';
import {
  loadReleaseWorkspace,
  planInputs,
  readProjectHistories,
  type PlanRequest,
  type WorkspaceRelease,
} from '../adapters/release-workspace';
import { planFingerprint, readSharedPlan, writeSharedPlan } from '../adapters/shared-plan';

/**
 * The release plan of the workspace around `request.path`: loaded through the adapters (workspace, graph,
 * tags, one `git log` pass), decided by core's planner. Gate tasks of one run share the plan through a
 * cache keyed by every input (shared-plan.ts), so the commits are read once per run, not once per task.
 */
export async function planWorkspaceRelease(request: PlanRequest): Promise<WorkspaceRelease> {
  const loaded = await loadReleaseWorkspace(request);
  const fingerprint = request.sharePlan ? planFingerprint(planInputs(loaded)) : null;
  let plan = fingerprint ? readSharedPlan(loaded.workspace.root, fingerprint) : null;
  if (!plan) {
    plan = planRelease(await readProjectHistories(loaded), loaded.groups, loaded.options);
    if (fingerprint) writeSharedPlan(loaded.workspace.root, fingerprint, plan);
  }
  const { workspace, repository, head, groups, links, leftOut } = loaded;
  return { workspace, repository, head, groups, plan, links, leftOut };
}
