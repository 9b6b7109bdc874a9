import {
  BREAKING_NOTE_LINES,
  COMMIT_PARTIAL,
  renderWithWriter,
  sectionsFragment,
  templateEntry,
  toTemplateCommit,
} from './conventional-writer';
import type { ClassifiedCommit } from './commit-classification';
import { releaseEntries } from './release-intents';
import type { ProjectPlan } from './plan-release';
import { compareOf, dependencyUpdates, type NotesContext } from './render-release-notes';

/** Keep a Changelog's sections, in its order. */
export const CHANGELOG_SECTIONS = ['Added', 'Changed', 'Fixed', 'Removed', 'Security'];

export const CHANGELOG_HEADER = `# Changelog

All notable changes to this project will be documented in this file.

The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),
and this project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).
`;

function sectionOf(commit: ClassifiedCommit): string | null {
  if (commit.type === 'security' || commit.scope === 'security') return 'Security';
  switch (commit.type) {
    case 'feat':
      return 'Added';
    case 'perf':
    case 'refactor':
    case 'revert':
      return 'Changed';
    case 'fix':
      return 'Fixed';
    case 'remove':
      return 'Removed';
    default:
      return null;
  }
}

const MAIN_TEMPLATE = `## [{{version}}] - {{date}}

{{#if noteGroups}}
### BREAKING
${BREAKING_NOTE_LINES}

{{/if}}
${sectionsFragment('###')}
{{#if compare}}
[{{version}}]: {{compare.link}}

{{/if}}
`;

/** One version's section of CHANGELOG.md, in Keep a Changelog form (`## [X.Y.Z] - YYYY-MM-DD`). */
export function renderChangelogSection(plan: ProjectPlan, context: NotesContext & { date: string }): Promise<string> {
  const entries = [
    ...releaseEntries(plan).map((commit) => toTemplateCommit(commit, sectionOf(commit), context.links)),
    ...dependencyUpdates(plan, context.versions).map((text) => templateEntry('Changed', text)),
  ].filter((entry) => entry !== null);
  return renderWithWriter(
    entries,
    // Keep a Changelog's link to the changes, as a link definition under the section: the heading stays `## [X.Y.Z] - date`.
    { version: plan.nextVersion ?? plan.currentVersion, date: context.date, compare: compareOf(plan, context.links) },
    { mainTemplate: MAIN_TEMPLATE, commitPartial: COMMIT_PARTIAL },
    CHANGELOG_SECTIONS,
  );
}
