import {
  BREAKING_NOTE_LINES,
  COMMIT_PARTIAL,
  renderWithWriter,
  sectionsFragment,
  templateEntry,
  toTemplateCommit,
} from './conventional-writer';
import { releaseEntries } from './release-intents';
import type { ProjectPlan, ReleasePlan } from './plan-release';
import type { RepositoryLinks } from './repository-links';

/** The sections of the release notes template, in order. */
export const NOTES_SECTIONS = ['🌟 New Features', '🔧 Improvements', '🐛 Bug Fixes', '📚 Documentation'];

const SECTION_OF_TYPE: Record<string, string> = {
  feat: NOTES_SECTIONS[0],
  perf: NOTES_SECTIONS[1],
  refactor: NOTES_SECTIONS[1],
  fix: NOTES_SECTIONS[2],
  revert: NOTES_SECTIONS[2],
  docs: NOTES_SECTIONS[3],
};

const MAIN_TEMPLATE = `# Release {{title}}

${sectionsFragment('##')}
{{#unless commitGroups}}
No user-facing changes.

{{/unless}}
{{#if noteGroups}}
## 🔄 Migration Guide
Steps to upgrade from {{previousSeries}} to {{version}}:
${BREAKING_NOTE_LINES}

{{/if}}
{{#if compare}}
**Full changelog**: [{{compare.from}}...{{compare.to}}]({{compare.link}})

{{/if}}
`;

export interface NotesContext {
  links: RepositoryLinks | null;
  /** Next versions of the workspace's projects, for "update dependency" entries. */
  versions: Record<string, string | null>;
}

/** Release notes for one planned release, in the notes template (RELEASE_NOTES.md). */
export function renderReleaseNotes(plan: ProjectPlan, context: NotesContext): Promise<string> {
  const entries = [
    ...releaseEntries(plan).map((commit) => toTemplateCommit(commit, SECTION_OF_TYPE[commit.type] ?? null, context.links)),
    ...dependencyUpdates(plan, context.versions).map((text) => templateEntry(NOTES_SECTIONS[1], text)),
  ].filter((entry) => entry !== null);
  return renderWithWriter(
    entries,
    {
      title: plan.nextTag ?? plan.name,
      version: plan.nextVersion ?? plan.currentVersion,
      previousSeries: seriesOf(plan.currentVersion),
      compare: compareOf(plan, context.links),
    },
    { mainTemplate: MAIN_TEMPLATE, commitPartial: COMMIT_PARTIAL },
    NOTES_SECTIONS,
  );
}

/** "update dependency gpu-kernels to 1.4.0" for each released dependency of the project. */
export function dependencyUpdates(plan: ProjectPlan, versions: Record<string, string | null>): string[] {
  return plan.reasons.flatMap((reason) =>
    reason.kind === 'dependency' && versions[reason.dependency]
      ? [`update dependency ${reason.dependency} to ${versions[reason.dependency]}`]
      : [],
  );
}

/** The forge's comparison of the last release tag with the next one; null for a first release or an unknown forge. */
export function compareOf(plan: ProjectPlan, links: RepositoryLinks | null): { from: string; to: string; link: string } | null {
  if (!links || !plan.lastTag || !plan.nextTag || plan.lastTag === plan.nextTag) return null;
  return { from: plan.lastTag, to: plan.nextTag, link: links.compare(plan.lastTag, plan.nextTag) };
}

function seriesOf(version: string): string {
  const [major, minor] = version.split('.');
  return `${major}.${minor}.x`;
}

/**
 * The release notes of a whole release, for RELEASE_NOTES.md: one block per independent project, and one
 * per fixed group (its members share a version and a tag, so their changes are told together).
 */
export async function renderWorkspaceNotes(plan: ReleasePlan, context: NotesContext): Promise<string> {
  const released = plan.projects.filter((project) => project.nextVersion !== null);
  const blocks: ProjectPlan[] = [];
  const byTag = new Map<string, ProjectPlan>();
  for (const project of released) {
    const shared = project.relationship === 'fixed' ? byTag.get(project.nextTag as string) : undefined;
    if (shared) {
      const groupMembers = new Set(released.filter((member) => member.group === project.group).map((member) => member.name));
      const seen = new Set(shared.commits.map((commit) => commit.hash));
      shared.commits.push(...project.commits.filter((commit) => !seen.has(commit.hash)));
      const told = new Set(shared.intents.map((intent) => intent.file));
      shared.intents.push(...project.intents.filter((intent) => !told.has(intent.file)));
      shared.reasons.push(...project.reasons);
      shared.reasons = shared.reasons.filter((reason) => reason.kind !== 'dependency' || !groupMembers.has(reason.dependency));
      shared.name = project.group;
      continue;
    }
    const block = { ...project, commits: [...project.commits], reasons: [...project.reasons], intents: [...project.intents] };
    byTag.set(project.nextTag as string, block);
    blocks.push(block);
  }
  const rendered: string[] = [];
  for (const block of blocks) rendered.push(await renderReleaseNotes(block, context)); // one render at a time
  return rendered.join('\n');
}
