import { isUnder } from '../core/commit-range';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GateReport, JudgedContent } from '../core/gates/gate-report';
import { checkedOut, type CheckedOut, type Repository } from './git';
import { committedBlobIds, pathsChanged, uncommittedBlobIds } from './git-operations';
import { ReleaseProcessError } from '../core/release-error';
import type { BenchmarkHistoryEntry } from '../core/report/report-model';
import type { HealthReport } from '../core/health';
import type { ProjectReleaseStatus } from '../core/release-status';
import { readBenchmarkBaseline } from './benchmark-store';
import { pathInside, repositoryRelative, writeFileAtomic } from './files';
import type { BenchmarkBaseline } from '../core/gates/benchmark-verdict';
import { stampStillHolds } from '../core/gates/release-clearance';
import { mapBounded } from '../core/map-bounded';

/** Git runs started at once by one pass over the reports. */
const GIT_RUNS_AT_ONCE = 4;

/**
 * Where a gate's JSON report goes: the target's declared output, so Nx caches and restores it. A scoped
 * project (`@ws/core`) gets a nested folder; a name that leads outside the workspace (`../../outside`) is refused.
 */
export function gateReportPath(workspaceRoot: string, project: string, gate: string): string {
  return pathInside(workspaceRoot, `dist/release-gates/${project}/${gate}.json`, `the gate report of project "${project}"`);
}

/**
 * Writes a gate's report whole or not at all, without waiting for the disk: a run writes hundreds, each
 * wait was a good part of its time, and a report lost to a crash is made again by running the gate again
 * (the release step refuses a missing or unreadable one).
 */
export function writeGateReport(workspaceRoot: string, report: GateReport): void {
  writeFileAtomic(gateReportPath(workspaceRoot, report.project, report.gate), `${JSON.stringify(report, null, 2)}\n`, { durable: false });
}

/**
 * The release history folder (dist/release-history), kept out of git by a `.gitignore` of its own holding
 * `*`: a repository whose .gitignore does not name dist/ (a Python or Rust one) keeps the clean working tree
 * the next release step needs.
 */
function keepOutOfGit(workspaceRoot: string): void {
  const ignore = join(workspaceRoot, 'dist/release-history/.gitignore');
  if (existsSync(ignore)) return;
  mkdirSync(dirname(ignore), { recursive: true });
  writeFileSync(ignore, '*\n');
}

/** Where the benchmark gate appends a project's medians, run after run. */
export function benchmarkHistoryPath(workspaceRoot: string, project: string): string {
  return pathInside(workspaceRoot, `dist/release-history/${project}.benchmarks.jsonl`, `the benchmark history of project "${project}"`);
}

/** Where `release-process health` appends a project's verdicts, beside its benchmark history. */
export function healthHistoryPath(workspaceRoot: string, project: string): string {
  return pathInside(workspaceRoot, `dist/release-history/${project}.health.jsonl`, `the health history of project "${project}"`);
}

/** Appends one health verdict, with its numbers, to the project's history. */
export function appendHealthHistory(workspaceRoot: string, report: HealthReport): void {
  const path = healthHistoryPath(workspaceRoot, report.project);
  keepOutOfGit(workspaceRoot);
  appendFileSync(path, `${JSON.stringify(report)}\n`);
}

/** The project's health verdicts, oldest first; a line cut short by an interrupted run is skipped. */
export function readHealthHistory(workspaceRoot: string, project: string): HealthReport[] {
  const path = healthHistoryPath(workspaceRoot, project);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as HealthReport];
      } catch {
        return [];
      }
    });
}

/** The project's committed benchmark baseline at its default place (the benchmark gate's), or null. */
export function readProjectBaseline(workspaceRoot: string, project: string): BenchmarkBaseline | null {
  const path = pathInside(
    workspaceRoot,
    `.release-process/benchmarks/${project}.baseline.json`,
    `the benchmark baseline of project "${project}"`,
  );
  try {
    return readBenchmarkBaseline(path);
  } catch {
    return null; // a damaged baseline is the benchmark gate's to report; the dashboard draws none
  }
}

/** Where the release, hotfix and rollback steps leave every project's release status, for machines (status pages, CI). */
export function releaseStatusPath(workspaceRoot: string): string {
  return pathInside(workspaceRoot, 'dist/release-history/status.json', 'the release status');
}

/** Writes the release status file whole (temporary file, then renamed); returns its path. */
export function writeReleaseStatusFile(
  workspaceRoot: string,
  statuses: ProjectReleaseStatus[],
  generatedAt = new Date().toISOString(),
): string {
  const path = releaseStatusPath(workspaceRoot);
  keepOutOfGit(workspaceRoot);
  writeFileAtomic(path, `${JSON.stringify({ generatedAt, projects: statuses }, null, 2)}\n`);
  return path;
}

/** A gate's last report for the project, or null when it has not run. */
export function readGateReport(workspaceRoot: string, project: string, gate: string): GateReport | null {
  const path = gateReportPath(workspaceRoot, project, gate);
  return existsSync(path) ? readReport(path) : null;
}

/**
 * Every gate report of the project, read by its name rather than by walking the folder: `@ws/core`'s reports
 * sit two levels down, and a project `@ws` next to it must not pick them up.
 */
export function readProjectGateReports(workspaceRoot: string, project: string): GateReport[] {
  const dir = dirname(gateReportPath(workspaceRoot, project, 'any'));
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => readReport(`${dir}/${entry.name}`))
    .filter((report) => report.project === project);
}

/** The project's benchmark history, oldest first as appended; a line cut short by an interrupted run is skipped. */
export function readBenchmarkHistory(workspaceRoot: string, project: string): BenchmarkHistoryEntry[] {
  const path = benchmarkHistoryPath(workspaceRoot, project);
  if (!existsSync(path)) return [];
  const entries: BenchmarkHistoryEntry[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n').filter(Boolean)) {
    try {
      entries.push(JSON.parse(line) as BenchmarkHistoryEntry);
    } catch {
      // the rest of the history still counts
    }
  }
  return entries;
}

function readReport(path: string): GateReport {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as GateReport;
  } catch (error) {
    throw new ReleaseProcessError(
      `cannot read the gate report ${path}: ${(error as Error).message}`,
      'Run the gates again: nx run-many -t release-gate',
    );
  }
}

/** What the release gates of a run judge: HEAD, and the uncommitted files with their blob ids (null when deleted). */
export interface JudgedSnapshot extends CheckedOut {
  /** Repository-relative; this tool's own reports and history left out. */
  uncommitted: Map<string, string | null>;
}

/**
 * What the release gates of a run judge, read once for all of them: a few git runs, whatever the number of
 * projects (one fewer when the caller has read HEAD). Null outside a repository or before its first commit:
 * there is no commit to judge, the verdict stays unstamped, and the release step (which needs git) says so.
 */
export async function readJudgedSnapshot(workspaceRoot: string, checkedOutHead?: CheckedOut): Promise<JudgedSnapshot | null> {
  const head = checkedOutHead ?? (await checkedOut(workspaceRoot));
  if (!head) return null;
  // The reports and history this tool writes are no part of what a gate judges, ignored by git or not.
  const ours = ['dist/release-gates', 'dist/release-history'].map(
    (folder) => `${repositoryRelative(head.repo.root, workspaceRoot, folder)}/`,
  );
  const uncommitted = [...(await uncommittedBlobIds(head.repo))].filter(([path]) => !ours.some((folder) => path.startsWith(folder)));
  return { ...head, uncommitted: new Map(uncommitted) };
}

/** The stamp of a release gate that judged `folders` (workspace-relative: its project's and its dependencies') in `snapshot`. */
export function judgedContentOf(snapshot: JudgedSnapshot, workspaceRoot: string, folders: string[]): JudgedContent {
  return judgedWithin(
    snapshot,
    folders.map((folder) => repositoryRelative(snapshot.repo.root, workspaceRoot, folder)),
  );
}

/** The stamp of a release gate that judged the repository-relative `roots` in `snapshot`. */
function judgedWithin(snapshot: JudgedSnapshot, roots: string[]): JudgedContent {
  return {
    commit: snapshot.commit,
    roots,
    uncommitted: Object.fromEntries([...snapshot.uncommitted].filter(([path]) => isUnder(path, roots))),
  };
}

/**
 * Writes into each project's passing release gate report the content it judged: HEAD, and the uncommitted
 * files under the project's and its dependencies' folders. Run after every Nx run that ran the gate or took
 * its report from the cache, which Nx does only when those files hash as they did: so the stamp says what
 * the verdict is about, now. A failed or missing report is left as it is, and so is one whose stamp already
 * says so:
 * - stamped at HEAD: a batch stamps its reports before Nx caches them, so a rerun from the cache costs one
 *   git run;
 * - stamped at an older commit this repository has, with nothing under its folders changed since and nothing
 *   there uncommitted (a commit elsewhere, the usual CI run): one more git run per such commit, and the
 *   reports stay as Nx restored them.
 * A report Nx restored names the folders it judged: its dependencies are in its task's hash, so they are
 * the same ones. Only an unstamped report needs `foldersOf` (workspace-relative; null when not known).
 */
export async function stampJudgedContent(
  workspaceRoot: string,
  projects: string[],
  foldersOf: (project: string) => string[] | null,
): Promise<void> {
  const passing = projects.flatMap((project) => {
    const report = readGateReport(workspaceRoot, project, 'release-gate');
    return report?.status === 'pass' ? [{ project, report }] : [];
  });
  if (passing.length === 0) return;
  const head = await checkedOut(workspaceRoot);
  if (!head) return;
  const stale = passing.filter(({ report }) => report.judged?.commit !== head.commit);
  if (stale.length === 0) return;
  const [snapshot, changedSince] = await Promise.all([
    readJudgedSnapshot(workspaceRoot, head),
    changedSinceStamps(
      head,
      stale.map(({ report }) => report.judged?.commit),
    ),
  ]);
  if (!snapshot) return;
  for (const { project, report } of stale) {
    const stamp = report.judged;
    if (stamp) {
      const now = judgedWithin(snapshot, stamp.roots);
      if (!stampStillHolds(stamp, now, changedSince.get(stamp.commit) ?? null)) writeGateReport(workspaceRoot, { ...report, judged: now });
      continue;
    }
    const folders = foldersOf(project);
    // nothing says which folders it judged: left unstamped, and the release step says so
    if (folders) writeGateReport(workspaceRoot, { ...report, judged: judgedContentOf(snapshot, workspaceRoot, folders) });
  }
}

/**
 * The files changed between each stamp's commit and HEAD, a git run per commit (a few at once: reports from
 * many runs' caches name many commits); null for a commit this repository lacks.
 */
async function changedSinceStamps(head: CheckedOut, commits: Array<string | undefined>): Promise<Map<string, string[] | null>> {
  const distinct = [...new Set(commits.filter((commit): commit is string => commit !== undefined))];
  const changed = await mapBounded(distinct, GIT_RUNS_AT_ONCE, (commit) => pathsChanged(head.repo, commit, head.commit).catch(() => null));
  return new Map(distinct.map((commit, index) => [commit, changed[index]]));
}

/**
 * The files under the judged folders whose content at `commit` differs from what the gate judged, sorted;
 * null when the judged commit is not in this repository (a report copied from elsewhere).
 */
export async function driftSinceJudged(repo: Repository, judged: JudgedContent, commit: string): Promise<string[] | null> {
  const within = judged.roots.map((root) => root || '.');
  let changed: string[];
  try {
    changed = await pathsChanged(repo, judged.commit, commit, within);
  } catch {
    return null;
  }
  const candidates = [...new Set([...changed, ...Object.keys(judged.uncommitted)])].sort();
  const before = await committedBlobIds(repo, judged.commit, candidates);
  const now = await committedBlobIds(repo, commit, candidates);
  return candidates.filter((path) => {
    const seen = path in judged.uncommitted ? judged.uncommitted[path] : (before.get(path) ?? null);
    return seen !== (now.get(path) ?? null);
  });
}
