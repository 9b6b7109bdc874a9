import { isUnder } from '../core/commit-range';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GateReport, JudgedContent } from '../core/gates/gate-report';
import { checkedOut, type CheckedOut, type Repository } from './git';
import { committedBlobIds, folderIds, pathsChanged, uncommittedBlobIds } from './git-operations';
import { ReleaseProcessError } from '../core/release-error';
import type { BenchmarkHistoryEntry } from '../core/report/report-model';
import type { HealthReport } from '../core/health';
import type { ProjectReleaseStatus } from '../core/release-status';
import { readBenchmarkBaseline } from './benchmark-store';
import { pathInside, repositoryRelative, writeFileAtomic } from './files';
import type { BenchmarkBaseline } from '../core/gates/benchmark-verdict';
import { stampStillHolds } from '../core/gates/release-clearance';

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

/**
 * What the release gates of a run judge: HEAD, the uncommitted files with their blob ids (null when
 * deleted), and the tree of each folder asked for.
 */
export interface JudgedSnapshot extends CheckedOut {
  /** Repository-relative; this tool's own reports and history left out. */
  uncommitted: Map<string, string | null>;
  /** Repository-relative folder to its object id at HEAD (null when HEAD has none); only the folders asked for. */
  trees: Map<string, string | null>;
}

/**
 * What the release gates of a run judge within `folders` (workspace-relative: every folder a gate of the
 * run may judge), read once for all of them: a few git runs, whatever the number of projects. Null outside
 * a repository or before its first commit: there is no commit to judge, the verdict stays unstamped, and
 * the release step (which needs git) says so.
 */
export async function readJudgedSnapshot(workspaceRoot: string, folders: string[]): Promise<JudgedSnapshot | null> {
  const head = await checkedOut(workspaceRoot);
  if (!head) return null;
  return snapshotWithin(
    workspaceRoot,
    head,
    folders.map((folder) => repositoryRelative(head.repo.root, workspaceRoot, folder)),
  );
}

async function snapshotWithin(workspaceRoot: string, head: CheckedOut, roots: string[]): Promise<JudgedSnapshot> {
  // The reports and history this tool writes are no part of what a gate judges, ignored by git or not.
  const ours = ['dist/release-gates', 'dist/release-history'].map(
    (folder) => `${repositoryRelative(head.repo.root, workspaceRoot, folder)}/`,
  );
  const [changed, trees] = await Promise.all([uncommittedBlobIds(head.repo), folderIds(head.repo, head.commit, roots)]);
  const uncommitted = [...changed].filter(([path]) => !ours.some((folder) => path.startsWith(folder)));
  return { ...head, uncommitted: new Map(uncommitted), trees };
}

/** The stamp of a release gate that judged `folders` (workspace-relative: its project's and its dependencies') in `snapshot`. */
export function judgedContentOf(snapshot: JudgedSnapshot, workspaceRoot: string, folders: string[]): JudgedContent {
  return judgedWithin(
    snapshot,
    folders.map((folder) => repositoryRelative(snapshot.repo.root, workspaceRoot, folder)),
  );
}

/** The stamp of a release gate that judged the repository-relative `roots` in `snapshot`; without trees when one was not asked for. */
function judgedWithin(snapshot: JudgedSnapshot, roots: string[]): JudgedContent {
  const known = roots.every((root) => snapshot.trees.has(root));
  return {
    commit: snapshot.commit,
    roots,
    uncommitted: Object.fromEntries([...snapshot.uncommitted].filter(([path]) => isUnder(path, roots))),
    ...(known && { trees: Object.fromEntries(roots.map((root) => [root, snapshot.trees.get(root) ?? null])) }),
  };
}

/**
 * Writes into each project's passing release gate report the content it judged: HEAD, the trees of the
 * project's and its dependencies' folders, and the uncommitted files under them. Run after every Nx run that
 * ran the gate or took its report from the cache, which Nx does only when those files hash as they did: so
 * the stamp says what the verdict is about, now. A failed or missing report is left as it is, and so is one
 * whose stamp already says so:
 * - stamped at HEAD: a batch stamps its reports before Nx caches them, so a rerun from the cache costs one
 *   git run;
 * - stamped at another commit, with the same trees and nothing uncommitted under its folders (a commit
 *   elsewhere, the usual CI run, or a cache another clone filled): a few more git runs at once for all of
 *   them, and the reports stay as Nx restored them.
 * A report Nx restored names the folders it judged: its dependencies are in its task's hash, so they are
 * the same ones. Only an unstamped report needs `foldersOf` (workspace-relative; null when not known).
 */
export async function stampJudgedContent(
  workspaceRoot: string,
  projects: string[],
  foldersOf: (project: string) => string[] | null,
): Promise<void> {
  // git answers while the reports are read (it never rejects: null outside a repository)
  const checkingOut = checkedOut(workspaceRoot);
  const passing = projects.flatMap((project) => {
    const report = readGateReport(workspaceRoot, project, 'release-gate');
    return report?.status === 'pass' ? [{ project, report }] : [];
  });
  if (passing.length === 0) return;
  const head = await checkingOut;
  if (!head) return;
  const stale = passing
    .filter(({ report }) => report.judged?.commit !== head.commit)
    .map(({ project, report }) => {
      // nothing says which folders an unstamped report judged but the graph: left unstamped without it, and the release step says so
      const folders = report.judged ? null : foldersOf(project);
      const roots = report.judged?.roots ?? folders?.map((folder) => repositoryRelative(head.repo.root, workspaceRoot, folder));
      return { report, roots };
    });
  if (stale.length === 0) return;
  const snapshot = await snapshotWithin(
    workspaceRoot,
    head,
    stale.flatMap(({ roots }) => roots ?? []),
  );
  for (const { report, roots } of stale) {
    if (!roots) continue;
    const now = judgedWithin(snapshot, roots);
    if (!report.judged || !stampStillHolds(report.judged, now)) writeGateReport(workspaceRoot, { ...report, judged: now });
  }
}

/**
 * The files under the judged folders whose content at `commit` differs from what the gate judged, sorted.
 * A folder whose tree is the one judged has none, so a stamp from a commit this repository lacks (another
 * clone's) still clears; where a folder differs and that commit is missing, the folder itself is named.
 * Null when the stamp has no trees and its commit is not in this repository (a report copied from elsewhere).
 */
export async function driftSinceJudged(repo: Repository, judged: JudgedContent, commit: string): Promise<string[] | null> {
  const trees = judged.trees;
  const now = trees ? await folderIds(repo, commit, judged.roots) : new Map<string, string | null>();
  const moved = judged.roots.filter((root) => trees?.[root] == null || trees[root] !== now.get(root));
  let changed: string[];
  try {
    changed =
      moved.length === 0
        ? []
        : await pathsChanged(
            repo,
            judged.commit,
            commit,
            moved.map((root) => root || '.'),
          );
  } catch {
    return trees ? moved.map((root) => `${root || '.'}/`) : null;
  }
  const candidates = [...new Set([...changed, ...Object.keys(judged.uncommitted)])].sort();
  const [before, after] = await Promise.all([
    committedBlobIds(
      repo,
      judged.commit,
      candidates.filter((path) => !(path in judged.uncommitted)),
    ),
    committedBlobIds(repo, commit, candidates),
  ]);
  return candidates.filter((path) => {
    const seen = path in judged.uncommitted ? judged.uncommitted[path] : (before.get(path) ?? null);
    return seen !== (after.get(path) ?? null);
  });
}
