import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Repository } from './git';
import { gitDirectory } from './git-operations';
import { writeFileAtomic } from './files';
import { ReleaseProcessError } from '../core/release-error';

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

/** The journal of an unfinished release, or null; an unreadable one is an error that says what to do. */
export async function readReleaseJournal(repo: Repository): Promise<ReleaseJournal | null> {
  const path = await journalPath(repo);
  if (!existsSync(path)) return null;
  let journal: ReleaseJournal;
  try {
    journal = JSON.parse(readFileSync(path, 'utf8')) as ReleaseJournal;
  } catch (error) {
    throw corruptJournal(path, (error as Error).message);
  }
  if (!Array.isArray(journal?.tags) || typeof journal.commit !== 'string' || !Array.isArray(journal.packages)) {
    throw corruptJournal(path, 'tags, commit or packages missing');
  }
  return journal;
}

function corruptJournal(path: string, why: string): ReleaseProcessError {
  // Written whole (temp file, then rename), so damage comes from elsewhere: guessing what it said could push or remove the wrong tags.
  return new ReleaseProcessError(
    `the journal of an interrupted release, ${path}, is unreadable (${why})`,
    'Check which release tags exist here (`git tag`) and on the remote (`git ls-remote --tags origin`), delete the file, then run the release again',
  );
}

export async function writeReleaseJournal(repo: Repository, journal: ReleaseJournal): Promise<void> {
  writeFileAtomic(await journalPath(repo), `${JSON.stringify(journal, null, 2)}\n`);
}

export async function clearReleaseJournal(repo: Repository): Promise<void> {
  rmSync(await journalPath(repo), { force: true });
}
