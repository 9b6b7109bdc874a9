import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PlanDecisions } from '../core/plan-release';
import { readJsonFile, toolCachePath, writeCacheFile } from './files';

/**
 * A plan's decisions kept for the gate tasks of one `nx run-many`: every version and checklist gate needs the
 * whole workspace's plan (a bump comes from dependencies), and each Nx task is its own process. Without
 * sharing, N projects cost N full plans. Only the decisions are kept: the commits are what the gates never
 * read and most of the bytes each task would parse (4.5 MB against 42 kB for 100 projects, 1,000 commits).
 * The key is everything the plan is computed from (the commit, the tags each project is measured from, the
 * projects with their roots, manifests and dependencies, the release groups, the options), so a different
 * input gives a different key and never a stale plan.
 */
export function planFingerprint(inputs: unknown): string {
  return createHash('sha256').update(pluginBuild()).update(JSON.stringify(inputs)).digest('hex').slice(0, 32);
}

/** The plan decisions kept under this key, or null. */
export function readSharedPlan(workspaceRoot: string, fingerprint: string): PlanDecisions | null {
  const shared = readJsonFile<{ fingerprint: string; plan: PlanDecisions }>(sharedPlanPath(workspaceRoot, fingerprint));
  return shared?.fingerprint === fingerprint ? shared.plan : null;
}

/** Keeps the plan decisions under their key and drops those kept for other inputs. */
export function writeSharedPlan(workspaceRoot: string, fingerprint: string, plan: PlanDecisions): void {
  const path = sharedPlanPath(workspaceRoot, fingerprint);
  if (!writeCacheFile(path, { fingerprint, plan })) return;
  for (const name of readdirSync(dirname(path))) {
    // force: a parallel task may be removing the same old plan.
    if (/^plan-[0-9a-f]+\.json$/.test(name) && join(dirname(path), name) !== path) rmSync(join(dirname(path), name), { force: true });
  }
}

export function sharedPlanPath(workspaceRoot: string, fingerprint: string): string {
  return toolCachePath(workspaceRoot, `plan-${fingerprint}.json`);
}

let build: string | undefined;

/** This build of the planner: a plan from another version or build of the plugin is never reused. Read when first needed, not at start-up. */
function pluginBuild(): string {
  if (build === undefined) {
    const manifest = JSON.parse(readFileSync(`${__dirname}/../../package.json`, 'utf8')) as { version: string };
    const planner = [
      './release-workspace',
      './production-files',
      '../core/plan-release',
      '../core/commit-classification',
      '../core/commit-range',
      '../core/bump',
      '../core/release-signals',
      '../core/production-files',
    ];
    build = [manifest.version, ...planner.map((module) => statSync(require.resolve(module)).mtimeMs)].join(' ');
  }
  return build;
}
