import { planDecisions, planRelease } from '../core/plan-release';
import {
  loadReleaseWorkspace,
  planInputs,
  readProjectHistories,
  type GateRelease,
  type LoadedWorkspace,
  type PlanRequest,
  type WorkspaceRelease,
} from '../adapters/release-workspace';
import { planFingerprint, readSharedPlan, writeSharedPlan } from '../adapters/shared-plan';

/**
 * The release plan of the workspace around `request.path`: loaded through the adapters (workspace, graph,
 * tags, one `git log` pass), decided by core's planner.
 */
export async function planWorkspaceRelease(request: PlanRequest): Promise<WorkspaceRelease> {
  const loaded = await loadReleaseWorkspace(request);
  return {
    ...released(loaded),
    plan: planRelease(await readProjectHistories(loaded), loaded.groups, loaded.options),
    intents: loaded.intents,
  };
}

/**
 * The plan's decisions for the gates. The gate tasks of one run share them through a cache keyed by every
 * input (shared-plan.ts), so the commits are read once per run, not once per task.
 */
export async function planGateRelease(request: PlanRequest): Promise<GateRelease> {
  const loaded = await loadReleaseWorkspace(request);
  const fingerprint = planFingerprint(planInputs(loaded));
  let plan = readSharedPlan(loaded.workspace.root, fingerprint);
  if (!plan) {
    plan = planDecisions(planRelease(await readProjectHistories(loaded), loaded.groups, loaded.options));
    writeSharedPlan(loaded.workspace.root, fingerprint, plan);
  }
  return { ...released(loaded), plan };
}

function released({ workspace, repository, head, groups, links, leftOut, notices }: LoadedWorkspace): Omit<GateRelease, 'plan'> {
  return { workspace, repository, head, groups, links, leftOut, notices };
}
