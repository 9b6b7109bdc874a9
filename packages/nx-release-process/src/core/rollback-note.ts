import { prependChangelogSection } from './changelog-file';
import { escapeRegExp } from './regexp';

export interface RollbackNote {
  version: string;
  /** The version users go back to; null when there was none before. */
  previous: string | null;
  reason: string;
  date: string;
  revertedCommit: string;
}

/**
 * Records a rollback in a Keep a Changelog file: the rolled-back version's heading is marked
 * `[YANKED]` (the format's own convention) and a section says what was reverted and why.
 */
export function addRollbackNote(changelog: string | null, note: RollbackNote): string {
  const heading = new RegExp(`^(## \\[?v?${escapeRegExp(note.version)}\\]?[^\\n]*?)(\\s*\\[YANKED\\])?$`, 'm');
  const yanked = changelog ? changelog.replace(heading, '$1 [YANKED]') : null;
  const back = note.previous ? ` to ${note.previous}` : '';
  const section = `## [${note.version}-rollback] - ${note.date}\n\n### Removed\n- Rolled back ${note.version}${back} (reverts ${note.revertedCommit.slice(0, 7)}): ${note.reason}\n`;
  return prependChangelogSection(yanked, `${note.version}-rollback`, section).text;
}
