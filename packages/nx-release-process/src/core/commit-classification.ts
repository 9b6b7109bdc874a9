import type { Commit } from 'conventional-commits-parser' with { 'resolution-mode': 'import' };
import { requireEsmPackage } from '../vendor/esm-package';

type ParserModule = typeof import('conventional-commits-parser', { with: { 'resolution-mode': 'import' } });
type FilterModule = typeof import('conventional-commits-filter', { with: { 'resolution-mode': 'import' } });

/** A commit as the git adapter reads it: one record of the single `git log` pass. */
export interface RawCommit {
  hash: string;
  parents: string[];
  authorDate: string;
  authorName: string;
  message: string;
  files: string[];
}

export interface IssueReference {
  /** `#12` style: owner/repository are set only for cross-repository references. */
  issue: string;
  owner: string | null;
  repository: string | null;
}

/** What release planning and rendering need to know about one commit. */
export interface ClassifiedCommit {
  hash: string;
  shortHash: string;
  authorDate: string;
  header: string;
  /** Conventional type (`feat`, `fix`, ...), `revert` for git-style reverts, `merge`, or `other`. */
  type: string;
  scope: string | null;
  subject: string;
  breaking: boolean;
  /** Texts of `BREAKING CHANGE:` footers, or the subject for a bare `!`. */
  breakingNotes: string[];
  /** Set when the commit reverts another: the reverted header and hash as the message names them. */
  revert: { header: string; hash: string } | null;
  references: IssueReference[];
  files: string[];
}

export type CommitClassifier = (commit: RawCommit) => ClassifiedCommit;

const SHORT_HASH_LENGTH = 7;

/**
 * Builds the classifier from conventional-changelog's own parser and the conventionalcommits preset's
 * parser options, so commits are read exactly as conventional-changelog-core reads them.
 * The family is ESM-only; see requireEsmPackage.
 */
export async function createCommitClassifier(): Promise<CommitClassifier> {
  const { CommitParser } = requireEsmPackage<ParserModule>('conventional-commits-parser');
  const preset = requireEsmPackage<{ default: () => ConventionalCommitsPreset }>('conventional-changelog-conventionalcommits').default();
  const options = { ...preset.parser, mergePattern: /^Merge (?:pull request|branch|remote-tracking branch) .*$/ };
  const withReferences = new CommitParser(options);
  // `null`, not `[]`: an empty list makes the parser take every word for an issue number.
  const withoutReferences = new CommitParser({ ...options, issuePrefixes: null as unknown as string[] });
  const prefixes = options.issuePrefixes ?? ['#'];
  return (raw) => {
    const message = normaliseMessage(raw.message);
    // The parser refuses empty input; an empty message is simply an "other" commit.
    if (message.trim() === '') return classify(raw, withReferences.parse('(no message)'));
    // The parser's patterns are quadratic (and its issue-reference pattern worse) in the length of a line.
    // Lines are cut before parsing: to what is kept anyway (MAX_TEXT_LENGTH) when there is no issue prefix
    // (and references are skipped, losing nothing), to a length where the reference pattern stays fast when
    // there is one.
    if (!prefixes.some((prefix) => message.includes(prefix)))
      return classify(raw, withoutReferences.parse(capLines(message, MAX_TEXT_LENGTH + 100)));
    return classify(raw, withReferences.parse(capLines(message, MAX_REFERENCED_LINE)));
  };
}

/** The preset ships no type declarations: the part we use. */
interface ConventionalCommitsPreset {
  parser: Record<string, unknown> & { issuePrefixes?: string[] };
}

const MAX_REFERENCED_LINE = 200;

/**
 * Cuts long lines for the parser. A header shaped `type(scope): ` is kept to MAX_HEADER_LINE whatever `max`
 * is: a real header with a long scope list (`feat(a,b,…,j): …`, ~300 characters) must reach the parser
 * whole, or it reads as no conventional commit at all.
 */
function capLines(message: string, max: number): string {
  return message
    .split('\n')
    .map((line, index) => {
      const limit = index === 0 && CONVENTIONAL_HEAD.test(line) ? Math.max(max, MAX_HEADER_LINE) : max;
      return line.length > limit ? line.slice(0, limit) : line;
    })
    .join('\n');
}

/** Longest header line given to the parser: longer than any real header, short enough for its patterns. */
const MAX_HEADER_LINE = 1000;
/** `type(scope)!: ` at the start of a line; linear, so it is safe on hostile input. */
const CONVENTIONAL_HEAD = /^[\w-]+(?:\([^()\n]*\))?!?: /;

// CRLF and stray NULs come from Windows editors and odd tooling; the parser expects plain LF text.
function normaliseMessage(message: string): string {
  return message.replace(/\r\n?/g, '\n').replace(/\0/g, '');
}

/** Longest header, subject or breaking note kept: a release note line, not a payload. */
export const MAX_TEXT_LENGTH = 1000;

function clip(text: string): string {
  return text.length > MAX_TEXT_LENGTH ? `${text.slice(0, MAX_TEXT_LENGTH)}…` : text;
}

function classify(raw: RawCommit, parsed: Commit): ClassifiedCommit {
  const header = clip((parsed.header ?? firstLine(raw.message)).trim());
  const breakingNotes = parsed.notes
    .filter((note) => /^BREAKING[ -]CHANGE$/.test(note.title))
    .map((note) => clip(note.text.trim()))
    .filter((text) => text.length > 0);
  const bang = /^\w+(?:\([^)]*\))?!:/.test(header);
  const revert = parsed.revert?.hash ? { header: String(parsed.revert.header ?? ''), hash: String(parsed.revert.hash) } : null;
  const type = typeOf(parsed, revert !== null);
  const subject = clip((parsed.subject ?? (revert ? `revert "${revert.header}"` : header)).trim());
  if (bang && breakingNotes.length === 0) breakingNotes.push(subject);
  return {
    hash: raw.hash,
    shortHash: raw.hash.slice(0, SHORT_HASH_LENGTH),
    authorDate: raw.authorDate,
    header,
    type,
    scope: parsed.scope ? parsed.scope.trim() : null,
    subject,
    breaking: type !== 'merge' && (bang || breakingNotes.length > 0),
    breakingNotes,
    revert,
    references: parsed.references
      .filter((reference) => reference.action === null || reference.issue)
      .map((reference) => ({ issue: reference.issue, owner: reference.owner, repository: reference.repository })),
    files: raw.files,
  };
}

function typeOf(parsed: Commit, isRevert: boolean): string {
  if (parsed.merge) return 'merge';
  if (parsed.type) return parsed.type.toLowerCase();
  if (isRevert) return 'revert';
  return 'other';
}

function firstLine(message: string): string {
  const newline = message.indexOf('\n');
  return newline === -1 ? message : message.slice(0, newline);
}

/**
 * Drops commit pairs where both a change and its revert are in the range, as conventional-changelog does,
 * so a feature added and reverted within one release neither bumps nor shows.
 */
export async function createRevertedPairFilter(): Promise<(commits: ClassifiedCommit[]) => ClassifiedCommit[]> {
  const { filterRevertedCommitsSync } = requireEsmPackage<FilterModule>('conventional-commits-filter');
  return (commits) => Array.from(filterRevertedCommitsSync(commits));
}
