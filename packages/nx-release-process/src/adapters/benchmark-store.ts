import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BenchmarkBaseline } from '../core/gates/benchmark-verdict';
import { writeFileAtomic } from './files';
import { checkedOut } from './git';

/** The committed baseline's samples, or null when none is recorded yet. */
export function readBenchmarkBaseline(path: string): BenchmarkBaseline | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { samples: BenchmarkBaseline }).samples : null;
}

/** Records the samples as the baseline (whole or not at all), with when and at which commit. */
export function writeBenchmarkBaseline(path: string, commit: string, samples: BenchmarkBaseline): void {
  writeFileAtomic(path, `${JSON.stringify({ at: new Date().toISOString(), commit, samples }, null, 2)}\n`);
}

/**
 * Appends one run's medians to the project's history, for the dashboard's trends. Kept out of git (dist/)
 * so measuring never dirties the working tree a release needs clean; CI keeps it with its cache.
 */
export function appendBenchmarkHistory(
  path: string,
  entry: { commit: string; project: string; runs: number; medians: Record<string, number | null> },
): void {
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, `${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
}

/** The commit measured, or '' outside a repository. */
export async function measuredCommit(root: string): Promise<string> {
  return (await checkedOut(root))?.commit ?? '';
}
