import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Repository } from './git';
import { gitDirectory } from './git-operations';
import { writeFileAtomic } from './files';

/**
 * What a release step started and has not finished, kept in the git folder (never committed) so that the
 * next run after a crash or a cancelled CI job knows it is finishing one, and `--abort` knows what to undo.
 */
export interface ReleaseJournal {
  /** Tags the release makes, all at `commit`. */
  tags: string[];
  commit: string;
  /** Remote the tags go to; null for a release without push. */
  remote: string | null;
  /** npm packages the release publishes. */
  packages: Array<{ name: string; version: string }>;
  startedAt: string;
}

async function journalPath(repo: Repository): Promise<string> {
  return join(await gitDirectory(repo), 'release-process', 'release-in-progress.json');
}

export async function readReleaseJournal(repo: Repository): Promise<ReleaseJournal | null> {
  const path = await journalPath(repo);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ReleaseJournal;
  } catch {
    // A journal cut short by a crash mid-write cannot exist (atomic write); an unreadable one is ignored, not fatal.
    return null;
  }
}

export async function writeReleaseJournal(repo: Repository, journal: ReleaseJournal): Promise<void> {
  writeFileAtomic(await journalPath(repo), `${JSON.stringify(journal, null, 2)}\n`);
}

export async function clearReleaseJournal(repo: Repository): Promise<void> {
  rmSync(await journalPath(repo), { force: true });
}
