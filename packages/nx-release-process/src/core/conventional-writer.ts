import type { ClassifiedCommit } from './commit-classification';
import { markdownText } from './printable';
import { requireEsmPackage } from '../vendor/esm-package';
import { linkReferences, referencesIn, type RepositoryLinks } from './repository-links';

/** A commit shaped for our templates: grouped into `section`, with its links already made. */
export interface TemplateCommit {
  section: string;
  scope: string | null;
  subject: string;
  hash: string;
  shortHash: string;
  commitLink: string | null;
  references: Array<{ label: string; link: string | null }>;
  notes: Array<{ title: string; text: string }>;
}

export interface Templates {
  mainTemplate: string;
  commitPartial: string;
  headerPartial?: string;
  footerPartial?: string;
}

type WriterModule = typeof import('conventional-changelog-writer', { with: { 'resolution-mode': 'import' } });

export const BREAKING_NOTE_TITLE = 'BREAKING CHANGE';

/** An entry that is not a commit, such as "update dependency X to V". */
export function templateEntry(section: string, subject: string): TemplateCommit {
  return { section, scope: null, subject: markdownText(subject), hash: '', shortHash: '', commitLink: null, references: [], notes: [] };
}

/**
 * Breaking notes shown per commit, and characters per note: a message with thousands of `BREAKING CHANGE:`
 * footers renders in bounded time and memory, and says how many it left out.
 */
export const MAX_NOTES_PER_COMMIT = 10;
export const MAX_NOTE_LENGTH = 2000;

function boundedNotes(notes: string[]): Array<{ title: string; text: string }> {
  const shown = notes.slice(0, MAX_NOTES_PER_COMMIT).map((text) => {
    const clean = markdownText(text);
    return clean.length > MAX_NOTE_LENGTH ? `${clean.slice(0, MAX_NOTE_LENGTH)}…` : clean;
  });
  if (notes.length > MAX_NOTES_PER_COMMIT) shown.push(`…and ${notes.length - MAX_NOTES_PER_COMMIT} more breaking notes in this commit`);
  return shown.map((text) => ({ title: BREAKING_NOTE_TITLE, text }));
}

/** Shapes a classified commit for the templates; `section` is null for commits that do not show. */
export function toTemplateCommit(commit: ClassifiedCommit, section: string | null, links: RepositoryLinks | null): TemplateCommit | null {
  if (!section && !commit.breaking) return null;
  return {
    section: section ?? '',
    // Commit text is data: no controls, no raw HTML in the Markdown of changelogs, notes and tags.
    scope: commit.scope === null ? null : markdownText(commit.scope),
    subject: linkedSubject(markdownText(commit.subject), links),
    hash: commit.hash,
    shortHash: commit.shortHash,
    commitLink: links ? links.commit(commit.hash) : null,
    // `feat: x (#12)` (a squash merge) names its pull request in the subject: it is linked there, not closed again.
    references: commit.references
      .map((reference) => ({
        label: markdownText(
          `${reference.owner && reference.repository ? `${reference.owner}/${reference.repository}` : ''}#${reference.issue}`,
        ),
        link: links ? links.issue(reference) : null,
      }))
      .filter((reference) => !referencesIn(commit.subject, null).has(reference.label)),
    notes: boundedNotes(commit.breakingNotes),
  };
}

/** `(#12)`, `!4` and `group/project#7` in a subject as links of the forge, as the conventionalcommits preset writes them. */
function linkedSubject(subject: string, links: RepositoryLinks | null): string {
  return links ? linkReferences(subject, links) : subject;
}

/** Shared partial: `**scope:** subject ([abc1234](link)), closes [#12](link)`. */
export const COMMIT_PARTIAL =
  '- {{#if scope}}**{{scope}}:** {{/if}}{{subject}}' +
  '{{#if shortHash}} ({{#if commitLink}}[{{shortHash}}]({{commitLink}}){{else}}{{shortHash}}{{/if}}){{/if}}' +
  '{{#if references}}, closes{{#each references}} {{#if link}}[{{label}}]({{link}}){{else}}{{label}}{{/if}}{{/each}}{{/if}}\n';

/** Template fragment: each breaking note as a list line, scope first. */
export const BREAKING_NOTE_LINES = `{{#each noteGroups}}
{{#each notes}}
- {{#if commit.scope}}**{{commit.scope}}:** {{/if}}{{text}}
{{/each}}
{{/each}}`;

/** Template fragment: each non-empty section under a heading (`##`, `###`), its entries below it. */
export function sectionsFragment(heading: string): string {
  return `{{#each commitGroups}}
{{#if title}}
${heading} {{title}}
{{#each commits}}
{{> commit root=@root}}
{{~/each}}

{{/if}}
{{/each}}`;
}

// conventional-changelog-writer registers its partials on the one global Handlebars instance, so two
// renders in flight at once could swap templates: renders are queued.
let renderQueue: Promise<unknown> = Promise.resolve();

/**
 * Renders commits with conventional-changelog-writer and our templates. Commits are grouped by
 * `section` in `sectionOrder`; breaking notes arrive as `noteGroups`.
 */
export function renderWithWriter(
  commits: TemplateCommit[],
  context: Record<string, unknown>,
  templates: Templates,
  sectionOrder: string[],
): Promise<string> {
  const render = async () => {
    const { writeChangelogString } = requireEsmPackage<WriterModule>('conventional-changelog-writer');
    const rank = (title: string) => {
      const index = sectionOrder.indexOf(title);
      return index === -1 ? sectionOrder.length : index;
    };
    return writeChangelogString(commits, context, {
      ...templates,
      headerPartial: templates.headerPartial ?? '',
      footerPartial: templates.footerPartial ?? '',
      groupBy: 'section',
      commitGroupsSort: (a, b) => rank(a.title) - rank(b.title),
      commitsSort: false as unknown as undefined, // keep git order, newest first
      noteGroupsSort: 'title',
      notesSort: false as unknown as undefined,
      ignoreReverted: false, // planning has already dropped change/revert pairs
      transform: (commit) => commit,
    });
  };
  const result = renderQueue.then(render, render);
  renderQueue = result.catch(() => undefined);
  return result;
}
