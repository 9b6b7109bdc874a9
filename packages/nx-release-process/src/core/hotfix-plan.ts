import type { ClassifiedCommit } from './commit-classification';
import type { ProjectPlan, ReleasePlan } from './plan-release';
import type { TaggedProjects } from './tagged-release';
import type { CommitSignal } from './release-signals';
import type { ProjectIntent } from './release-intents';

/** A hotfix is a patch by definition, whatever its commits say. */
const HOTFIX_SIGNAL: CommitSignal = { kind: 'hotfix', level: 'patch', label: 'hotfix' };

/** What a hotfix needs to know of a project: no history, since the hotfix says what is released. */
export interface HotfixProject {
  name: string;
  root: string;
  manifest: { file: string };
  dependencies: string[];
}

/**
 * The release a hotfix makes: the tagged projects, each from the tag's version to the next patch, made
 * of the cherry-picked commits. The loaded workspace gives their roots and manifests; no history is read.
 */
export function hotfixPlan(
  projects: HotfixProject[],
  tagged: TaggedProjects,
  tag: string,
  next: { version: string; tag: string },
  commits: ClassifiedCommit[],
  intents: ProjectIntent[] = [],
): ReleasePlan {
  const planned = projects
    .filter((project) => tagged.projects.includes(project.name))
    .map((project): ProjectPlan => ({
      name: project.name,
      root: project.root,
      group: tagged.group.name,
      relationship: tagged.group.relationship,
      manifestFile: project.root ? `${project.root}/${project.manifest.file}` : project.manifest.file,
      lastTagCommit: null,
      dependencies: project.dependencies,
      currentVersion: tagged.version,
      manifestVersion: tagged.version,
      lastTag: tag,
      bump: 'patch',
      nextVersion: next.version,
      nextTag: next.tag,
      reasons: commits.map((commit) => ({ kind: 'commit', commit, bump: 'patch', signal: HOTFIX_SIGNAL })),
      decidedBy: HOTFIX_SIGNAL.label,
      commits,
      intents,
    }));
  return { projects: planned };
}
