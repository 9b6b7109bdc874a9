import { redactSecrets } from './redact';

// Escape sequences whole (CSI such as colours and cursor moves, OSC such as titles and links, and the
// two-byte ones), then any other C0/C1 control character but the tab and the newline.
/* eslint-disable no-control-regex -- matching control characters is the point */
const ESCAPE_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])/g;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
/* eslint-enable no-control-regex */

/** Text from commits, refs or files with every terminal control removed: it can no more recolour, hide or rewrite lines. */
export function withoutControls(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}

/** A line as it may reach a terminal or a CI log: controls removed, secrets masked. */
export function printable(text: string, secrets: Array<string | undefined>): string {
  return redactSecrets(withoutControls(text), secrets);
}

/**
 * Commit text as Markdown text: no controls, and no raw HTML a renderer would run (`<script>`, `<img
 * onerror>`); `<` and `>` become entities, which every renderer shows as the characters.
 */
export function markdownText(text: string): string {
  return withoutControls(text).replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
