import type { ClassifiedCommit } from '../../../core/commit-classification';
import type { ProjectPlan, ReleasePlan } from '../../../core/plan-release';
import type { TaggedProjects } from '../../../core/release-naming';
import type { CommitSignal } from '../../../core/release-signals';

/** A hotfix is a patch by definition, whatever its commits say. */
const HOTFIX_SIGNAL: CommitSignal = { kind: 'hotfix', level: 'patch', label: 'hotfix' };

/**
 * The release a hotfix makes: the tagged projects, each from the tag's version to the next patch, made
 * of the cherry-picked commits. Projects of the workspace plan give their roots and manifests.
 */
export function hotfixPlan(
  workspacePlan: ReleasePlan,
  tagged: TaggedProjects,
  tag: string,
  next: { version: string; tag: string },
  commits: ClassifiedCommit[],
): ReleasePlan {
  const projects = workspacePlan.projects
    .filter((project) => tagged.projects.includes(project.name))
    .map((project): ProjectPlan => ({
      ...project,
      currentVersion: tagged.version,
      manifestVersion: tagged.version,
      lastTag: tag,
      bump: 'patch',
      nextVersion: next.version,
      nextTag: next.tag,
      reasons: commits.map((commit) => ({ kind: 'commit', commit, bump: 'patch', signal: HOTFIX_SIGNAL })),
      decidedBy: HOTFIX_SIGNAL.label,
      commits,
    }));
  return { projects };
}
