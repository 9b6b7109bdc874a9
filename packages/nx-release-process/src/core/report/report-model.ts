import * as semver from 'semver';
import type { BenchmarkBaseline } from '../gates/benchmark-verdict';
import type { GateReport } from '../gates/gate-report';
import type { HealthReport } from '../health';
import { median } from '../gates/statistics';
import type { ProjectPlan } from '../plan-release';
import type { ReleaseMetrics } from '../release-metrics';
import type { ProjectReleaseStatus } from '../release-status';

/** One line of a benchmark history file: the medians of one real run of a benchmark gate. */
export interface BenchmarkHistoryEntry {
  at: string;
  commit: string;
  project: string;
  runs: number;
  medians: Record<string, number | null>;
}

export type Deployment = 'released' | 'prepared' | 'changes pending' | 'up to date';

/** The status of one project: deployment, testing and documentation status. */
export interface ProjectStatus {
  name: string;
  version: string;
  lastTag: string | null;
  nextVersion: string | null;
  deployment: Deployment;
  testing: GateReport['status'] | 'not run';
  documentation: GateReport['status'] | 'not run';
  gates: GateReport[];
  history: BenchmarkHistoryEntry[];
  /** Headers of the commits the next release is made of (the first CHANGES_SHOWN), and how many there are. */
  changes: { headers: string[]; total: number };
  /** Where its users stand, from the tags: version and channel, released / hotfixed / rolled back, open incident. */
  release: ProjectReleaseStatus | null;
  /** The median of each metric in the committed benchmark baseline, drawn under the trend. */
  baseline: Record<string, number>;
  /** The last health verdict of a released version (`release-process health`), with its numbers. */
  health: HealthReport | null;
}

export const CHANGES_SHOWN = 50;

export interface ReleaseReport {
  generatedAt: string;
  workspace: string;
  projects: ProjectStatus[];
  /** DORA measures over the period, for the workspace and each project, with the period before for the trend. */
  metrics: ReleaseMetrics | null;
}

/** What a report is made of, as the adapters read it. */
export interface ReportInputs {
  workspace: string;
  projects: ProjectPlan[];
  reports: GateReport[];
  history: BenchmarkHistoryEntry[];
  /** Each project's committed benchmark baseline (its samples per metric), when it has one. */
  baselines: Record<string, BenchmarkBaseline | null>;
  /** Health verdicts, oldest first. */
  health: HealthReport[];
  statuses: ProjectReleaseStatus[];
  metrics: ReleaseMetrics | null;
  generatedAt: string;
}

/** Puts plan, gate reports, benchmark history, release status and metrics together, project by project. */
export function buildReleaseReport(inputs: ReportInputs): ReleaseReport {
  const { workspace, projects, reports, history, baselines, health, statuses, metrics, generatedAt } = inputs;
  return {
    generatedAt,
    workspace,
    metrics,
    projects: projects.map((project) => {
      const gates = reports.filter((report) => report.project === project.name);
      const gate = (name: string) => gates.find((report) => report.gate === name);
      const checklist = gate('checklist-gate');
      const docs =
        checklist?.checks.filter((check) => check.name === 'Documentation updated' || check.name === 'CHANGELOG.md updated') ?? [];
      return {
        name: project.name,
        version: project.manifestVersion,
        lastTag: project.lastTag,
        nextVersion: project.nextVersion,
        deployment: deploymentOf(project),
        testing: gate('test-gate')?.status ?? 'not run',
        documentation:
          docs.length === 0
            ? checklist
              ? checklist.status
              : 'not run'
            : docs.some((check) => check.status === 'fail')
              ? 'fail'
              : docs.every((check) => check.status === 'skip')
                ? 'skip'
                : 'pass',
        gates: [...gates].sort((a, b) => GATE_ORDER.indexOf(a.gate) - GATE_ORDER.indexOf(b.gate)),
        history: history.filter((entry) => entry.project === project.name).sort((a, b) => a.at.localeCompare(b.at)),
        changes: { headers: project.commits.slice(0, CHANGES_SHOWN).map((commit) => commit.header), total: project.commits.length },
        release: statuses.find((status) => status.project === project.name) ?? null,
        baseline: baselineMedians(baselines[project.name] ?? null),
        health: health.filter((verdict) => verdict.project === project.name).at(-1) ?? null,
      };
    }),
  };
}

/** Every gate, in the order they run and are shown; init keeps each of them cached. */
export const GATE_ORDER = [
  'version-gate',
  'test-gate',
  'benchmark-gate',
  'stability-gate',
  'compatibility-gate',
  'checklist-gate',
  'release-gate',
];

function baselineMedians(baseline: BenchmarkBaseline | null): Record<string, number> {
  return Object.fromEntries(
    Object.entries(baseline ?? {})
      .filter(([, samples]) => samples.length > 0)
      .map(([metric, samples]) => [metric, median(samples)]),
  );
}

function deploymentOf(project: ProjectPlan): Deployment {
  const released = project.lastTag ? project.currentVersion : null;
  if (released !== null && released === project.manifestVersion)
    return project.nextVersion && project.nextVersion !== project.manifestVersion ? 'changes pending' : 'released';
  if (released === null || semver.gt(project.manifestVersion, released)) return 'prepared';
  return 'changes pending';
}
