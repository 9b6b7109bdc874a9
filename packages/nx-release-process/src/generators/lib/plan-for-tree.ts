import type { Tree } from '@nx/devkit';
import type { WorkspaceRelease } from '../../adapters/release-workspace';
import { planWorkspaceRelease } from '../../use-cases/plan-workspace';
import type { Bump } from '../../core/bump';
import { say } from '../../adapters/terminal';

/** Options every planning generator takes, as schema.json declares them. */
export interface PlanningSchema {
  projects?: string[] | string;
  from?: string;
  to?: string;
  preid?: string;
  promote?: boolean;
  bump?: Bump;
}

/**
 * Plans the release of the workspace the tree belongs to (git history and tags are read from disk), and
 * says what the user should know before it is acted on.
 */
export async function planForTree(tree: Tree, schema: PlanningSchema): Promise<WorkspaceRelease> {
  const projects = typeof schema.projects === 'string' ? schema.projects.split(',').map((name) => name.trim()) : schema.projects;
  const release = await planWorkspaceRelease({
    path: tree.root,
    projects: projects?.length ? projects : undefined,
    from: schema.from,
    to: schema.to,
    preid: schema.preid,
    promote: schema.promote,
    forceBump: schema.bump,
  });
  for (const notice of release.notices) say(`warning: ${notice}`);
  return release;
}
