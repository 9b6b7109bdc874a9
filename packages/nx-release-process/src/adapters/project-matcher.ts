// Nx's project matcher, in a module of its own: the plugin matches projects on every Nx command, and the
// workspace reader's other imports (package managers, Python and Cargo manifests) are not needed for that.
import type { GroupableProject, ProjectMatcher } from '../core/release-groups';

/**
 * Nx's own project matcher (what `nx show projects -p` and `nx release` use): names, globs, directories such
 * as `packages/*`, `tag:` and `!` exclusions, a leading exclusion meaning "all but". Given a copy of the
 * patterns, as it adds to the list it is given.
 */
export const nxProjectMatcher: ProjectMatcher = (patterns, projects) => {
  return findMatchingProjects()(
    [...patterns],
    Object.fromEntries(
      projects.map((project: GroupableProject) => [project.name, { data: { root: project.root || '.', tags: project.tags } }]),
    ),
  );
};

type FindMatchingProjects = (patterns: string[], nodes: Record<string, { data: { root: string; tags: string[] } }>) => string[];

let matcher: FindMatchingProjects | undefined;

/**
 * Nx's matcher from its own module (17 ms to load) rather than through `@nx/devkit/internal`, which loads
 * most of Nx (about 450 ms, paid by every gate task in a process of its own); the devkit's export where the
 * module has moved.
 */
function findMatchingProjects(): FindMatchingProjects {
  // Looked up once: resolving the module through Nx's package exports took longer than matching, and the
  // plugin matches each of a workspace's projects on every Nx command.
  if (!matcher) {
    try {
      matcher = (require('nx/src/utils/find-matching-projects') as { findMatchingProjects: FindMatchingProjects }).findMatchingProjects;
    } catch {
      matcher = (require('@nx/devkit/internal') as { findMatchingProjects: FindMatchingProjects }).findMatchingProjects;
    }
  }
  return matcher;
}
