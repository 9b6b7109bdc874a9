import { redactSecrets } from './redact';

// Escape sequences whole (CSI such as colours and cursor moves, OSC such as titles and links, and the
// two-byte ones), then any other C0/C1 control character but the tab and the newline.
/* eslint-disable no-control-regex -- matching control characters is the point */
const ESCAPE_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])/g;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
/* eslint-enable no-control-regex */
/**
 * Bidirectional overrides and isolates (which reorder what a reader sees: "Trojan Source") and invisible
 * characters (zero-width space, joiners, word joiner, byte order mark) that hide text or split words.
 */
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/**
 * Text from commits, refs or files with every terminal control and every invisible or reordering character
 * removed: it can no more recolour, hide, reorder or rewrite what a reader sees.
 */
export function withoutControls(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '').replace(INVISIBLE, '');
}

/** A line as it may reach a terminal or a CI log: controls removed, secrets masked. */
export function printable(text: string, secrets: Array<string | undefined>): string {
  return redactSecrets(withoutControls(text), secrets);
}

/**
 * Commit text as Markdown text, inert wherever it is rendered (notes, changelogs, forge releases, change
 * requests): no controls or invisible characters; no raw HTML a renderer would run (`<script>`, `<img
 * onerror>`: `<` and `>` become entities); no image it would load (`![x](url)` stays text); no link to a
 * `javascript:`, `data:`, `vbscript:` or `file:` address (it stays text); and no `@mention` that would
 * notify someone: a mention is written as code (`` `@user` ``), which GitHub and GitLab show but never notify.
 */
export function markdownText(text: string): string {
  return withoutControls(text)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/!\[/g, '!\\[')
    .replace(/\[([^\]\n]*)\]\(\s*(javascript|data|vbscript|file):/gi, '\\[$1](removed-$2:')
    .replace(/(^|[^\w`@])@([A-Za-z0-9](?:[\w-]*[A-Za-z0-9])?(?:\/[\w.-]+)?)/g, '$1`@$2`');
}

/** Text for one cell of a Markdown table: as inert as `markdownText`, on one line, its pipes escaped. */
export function markdownCell(text: string): string {
  return markdownText(text)
    .replace(/[\r\n]+/g, ' ')
    .replace(/\|/g, '\\|');
}
