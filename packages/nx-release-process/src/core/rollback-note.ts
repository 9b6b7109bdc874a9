import { prependChangelogSection } from './changelog-file';
import { escapeRegExp } from './regexp';

export interface RollbackNote {
  version: string;
  /** The version users go back to; null when there was none before. */
  previous: string | null;
  reason: string;
  date: string;
  /** The commits reverted, newest first. */
  reverted: string[];
}

/**
 * Records a rollback in a Keep a Changelog file: the rolled-back version's heading is marked
 * `[YANKED]` (the format's own convention) and a section says what was reverted and why.
 */
export function addRollbackNote(changelog: string | null, note: RollbackNote): string {
  const heading = new RegExp(`^(## \\[?v?${escapeRegExp(note.version)}\\]?[^\\n]*?)(\\s*\\[YANKED\\])?$`, 'm');
  const yanked = changelog ? changelog.replace(heading, '$1 [YANKED]') : null;
  const back = note.previous ? ` to ${note.previous}` : '';
  const reverts =
    note.reverted.length === 1
      ? `reverts ${note.reverted[0].slice(0, 7)}`
      : `reverts ${note.reverted.length} commits, ${note.reverted.at(-1)?.slice(0, 7)}..${note.reverted[0].slice(0, 7)}`;
  const section = `## [${note.version}-rollback] - ${note.date}\n\n### Removed\n- Rolled back ${note.version}${back} (${reverts}): ${note.reason}\n`;
  return prependChangelogSection(yanked, `${note.version}-rollback`, section).text;
}
