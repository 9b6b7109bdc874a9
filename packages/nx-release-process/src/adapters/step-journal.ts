import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Repository } from './git';
import { gitDirectory } from './git-operations';
import { writeFileAtomic } from './files';
import { nowIso } from './clock';

/** One step a writing command carried out, as its dry run named it. */
export interface StepRecord {
  /** What kind of step: `tag`, `push`, `publish`, `cherry-pick`, `commit`, … */
  kind: string;
  /** The line the dry run prints after "would", and the real run before doing it. */
  step: string;
}

export interface JournalEntry extends StepRecord {
  /** One run of one command: every entry it wrote has the same id. */
  run: string;
  command: string;
  at: string;
}

/** Where a run's steps go as each one is done. */
export interface StepJournal {
  append(record: StepRecord): void;
}

/** Past this size the oldest entries go: the journal answers "what did the last runs do", not an audit log's question. */
const KEPT_BYTES = 512 * 1024;

async function journalFile(repo: Repository): Promise<string> {
  return join(await gitDirectory(repo), 'release-process', 'journal.jsonl');
}

/**
 * The journal of one run, in the git folder (never committed): every step the run carries out is appended
 * once it is done, so after a failure or a kill the user (and `--json`) can see exactly how far it went.
 */
export async function openStepJournal(repo: Repository, command: string, now: Date = new Date()): Promise<StepJournal> {
  const path = await journalFile(repo);
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path) && statSync(path).size > KEPT_BYTES) {
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    writeFileAtomic(path, `${lines.slice(Math.floor(lines.length / 2)).join('\n')}\n`);
  }
  const run = `${now.toISOString()}#${process.pid}`;
  return {
    // One line per append: a kill loses at most the step it was writing, never the ones before.
    append: (record) => appendFileSync(path, `${JSON.stringify({ run, command, at: nowIso(), ...record } satisfies JournalEntry)}\n`),
  };
}

/** Every entry the journal holds, oldest first; a line cut short by a kill is left out. */
export async function readStepJournal(repo: Repository): Promise<JournalEntry[]> {
  const path = await journalFile(repo);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        return line ? [JSON.parse(line) as JournalEntry] : [];
      } catch {
        return [];
      }
    });
}

/** The steps of the newest run of `command`. */
export async function lastRunSteps(repo: Repository, command: string): Promise<StepRecord[]> {
  const entries = (await readStepJournal(repo)).filter((entry) => entry.command === command);
  const last = entries.at(-1)?.run;
  return entries.filter((entry) => entry.run === last).map(({ kind, step }) => ({ kind, step }));
}
