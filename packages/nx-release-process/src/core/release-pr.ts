import type { GateReport } from './gates/gate-report';
import { markdownCell } from './printable';
import { GATE_ORDER } from './report/report-model';

/** A pull request (GitHub) or merge request (GitLab) as the forge reports it. */
export interface ChangeRequest {
  number: number;
  url: string;
  title: string;
  body: string;
}

/** What the release PR step found: the prepared branch, where the remote has it, and the open request for it. */
export interface ReleasePrState {
  remote: string;
  branch: string;
  base: string;
  head: string;
  /** The commit the remote's branch points to, or null when it is not there yet. */
  remoteBranch: string | null;
  title: string;
  body: string;
  /** The open request from `branch` into `base`, or null. */
  existing: ChangeRequest | null;
}

export type ReleasePrAction =
  | { kind: 'push-branch'; remote: string; branch: string; head: string; expected: string | null }
  | { kind: 'open'; branch: string; base: string; title: string; body: string }
  | { kind: 'update'; request: ChangeRequest; title: string; body: string };

/**
 * The steps that remain for the release PR: the branch pushed when the remote does not have this commit
 * (with a lease on what it had, so another person's push is never overwritten), then the request opened,
 * or updated when its title or body changed. A rerun with nothing new plans nothing.
 */
export function planReleasePr(state: ReleasePrState): ReleasePrAction[] {
  const actions: ReleasePrAction[] = [];
  if (state.remoteBranch !== state.head) {
    actions.push({ kind: 'push-branch', remote: state.remote, branch: state.branch, head: state.head, expected: state.remoteBranch });
  }
  if (!state.existing) actions.push({ kind: 'open', branch: state.branch, base: state.base, title: state.title, body: state.body });
  else if (state.existing.title !== state.title || state.existing.body.trim() !== state.body.trim()) {
    actions.push({ kind: 'update', request: state.existing, title: state.title, body: state.body });
  }
  return actions;
}

export function describeReleasePrAction(action: ReleasePrAction, forge: { description: string; noun: string }): string {
  switch (action.kind) {
    case 'push-branch':
      return `push ${action.branch} (${action.head.slice(0, 7)}) to ${action.remote}`;
    case 'open':
      return `open a ${forge.noun} on ${forge.description}: ${action.branch} into ${action.base}, "${action.title}"`;
    case 'update':
      return `update ${forge.noun} ${action.request.url} with the notes and gates of this commit`;
  }
}

/** GitHub refuses bodies over 65,536 characters; GitLab's limit is larger. */
export const MAX_BODY = 60_000;
export const RELEASE_PR_MARKER = '<!-- nx-release-process:release-pr -->';

/**
 * The request's body: what merging it does, the release notes of each tag, and the gates of each
 * released project as their last reports say. Text from commits is already Markdown-safe in the notes;
 * gate details are escaped here.
 */
export function releasePrBody(input: {
  tags: string[];
  notes: string[];
  projects: Array<{ name: string; version: string; gates: GateReport[] }>;
}): string {
  const gates = GATE_ORDER.filter((gate) => input.projects.some((project) => project.gates.some((report) => report.gate === gate)));
  const mark = (status: string | undefined) => ({ pass: '✅ pass', fail: '❌ fail', skip: '➖ skip' })[status ?? ''] ?? '· not run';
  const table =
    gates.length === 0
      ? ['No gate has run on this commit yet: `nx run-many -t release-gate`, then run `release-process release-pr` again.']
      : [
          `| ${['project', 'version', ...gates].join(' | ')} |`,
          `|${['project', 'version', ...gates].map(() => '---').join('|')}|`,
          ...input.projects.map(
            (project) =>
              `| ${[markdownCell(project.name), markdownCell(project.version), ...gates.map((gate) => mark(project.gates.find((report) => report.gate === gate)?.status))].join(' | ')} |`,
          ),
        ];
  const failing = input.projects.flatMap((project) =>
    project.gates.flatMap((gate) =>
      gate.checks
        .filter((check) => check.status === 'fail')
        .map((check) => `- **${markdownCell(project.name)}** ${gate.gate}: ${markdownCell(check.name)} — ${markdownCell(check.detail)}`),
    ),
  );
  const head = [
    RELEASE_PR_MARKER,
    `Merging this prepares the release of ${input.tags.map((tag) => `\`${tag}\``).join(', ')}. Then run \`release-process release\` on the merge commit: it tags, pushes and publishes exactly the versions this branch sets.`,
    '',
  ].join('\n');
  const tail = ['', '## Release gates', '', ...table, ...(failing.length ? ['', ...failing] : []), ''].join('\n');
  let notes = input.notes.map((text) => text.trim()).join('\n\n');
  const room = MAX_BODY - head.length - tail.length;
  if (notes.length > room) notes = `${notes.slice(0, Math.max(0, room - 80))}\n\n…the notes go on: see RELEASE_NOTES.md on the branch.`;
  return `${head}\n${notes}\n${tail}`;
}
