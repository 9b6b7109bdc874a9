import { CHANGELOG_HEADER } from './render-changelog';
import { escapeRegExp } from './regexp';

export interface ChangelogUpdate {
  text: string;
  /** False when the file already had a section for this version: it is left as it was. */
  added: boolean;
}

/**
 * Puts a version's section at the top of a Keep a Changelog file, below its header (and below an
 * `## [Unreleased]` section); creates the file with the standard header when missing. Never adds a
 * second section for a version.
 */
export function prependChangelogSection(existing: string | null, version: string, section: string): ChangelogUpdate {
  // A changelog kept with CRLF line ends keeps them: the section is added in the file's own style.
  if (existing?.includes('\r\n')) {
    const update = prependChangelogSection(existing.replace(/\r\n/g, '\n'), version, section);
    return { ...update, text: update.added ? update.text.replace(/\n/g, '\r\n') : existing };
  }
  const current = existing ?? CHANGELOG_HEADER;
  if (hasChangelogSection(current, version)) return { text: current, added: false };
  const lines = current.split('\n');
  const insertAt = lines.findIndex((line) => /^## /.test(line) && !/^## \[?unreleased\]?/i.test(line));
  if (insertAt === -1) {
    const body = current.endsWith('\n') ? current : `${current}\n`;
    return { text: `${body}\n${section.trimEnd()}\n`, added: true };
  }
  // A changelog nx release wrote starts with its newest section: the new one goes first, no blank line above.
  const head = lines.slice(0, insertAt).join('\n');
  const before = head.trim() === '' ? '' : head.replace(/\n*$/, '\n\n');
  return { text: `${before}${section.trimEnd()}\n\n${lines.slice(insertAt).join('\n')}`, added: true };
}

/** Whether a changelog has a section for the version (`## [1.2.0]`, `## 1.2.0`, `## [v1.2.0] - ...`). */
export function hasChangelogSection(changelog: string, version: string): boolean {
  return new RegExp(`^## \\[?v?${escapeRegExp(version)}\\]?(\\s|$)`, 'm').test(changelog);
}

/** Where a project's changelog lives: CHANGELOG.md in its root (workspace-relative). */
export function changelogPath(projectRoot: string): string {
  return projectRoot ? `${projectRoot.replace(/\/+$/, '')}/CHANGELOG.md` : 'CHANGELOG.md';
}
