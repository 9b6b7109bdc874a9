import { dependentsGraph, type DependencyGraph } from '../dependents';
import { gateReport, type GateReport } from './gate-report';

/** A task of a run: its project and target, and how it ended. */
export interface TaskOutcome {
  project: string;
  target: string;
  status: string;
}

/** What the gates and their hook know of the workspace: each project's dependencies, targets and root. */
export interface GateGraph {
  dependencies: DependencyGraph;
  targets: Record<string, string[]>;
  /** Relative to the workspace root, '' for the root project. */
  roots: Record<string, string>;
  /** The gates each project's release gate runs itself before its verdict (its `runs` option). */
  runsInReleaseGate?: Record<string, string[]>;
}

/** The targets a gate depends on within its project, as the plugin infers them. */
const HELD_BACK_BY: Record<string, string[]> = {
  test: ['test-gate', 'checklist-gate', 'release-gate'],
  coverage: ['test-gate', 'checklist-gate', 'release-gate'],
  'version-gate': ['checklist-gate', 'release-gate'],
  'test-gate': ['checklist-gate', 'release-gate'],
  'benchmark-gate': ['checklist-gate', 'release-gate'],
  'stability-gate': ['checklist-gate', 'release-gate'],
  'compatibility-gate': ['checklist-gate', 'release-gate'],
  'checklist-gate': ['release-gate'],
  'release-gate': [],
};

/**
 * The gates a run's failures hold back, and that did not run: a failed `test` stops its project's test,
 * checklist and release gates, and the release gate of every project depending on it; a release gate held
 * back holds back the gates it runs itself. Nx skips them and reports nothing for them, so without a report
 * of their own the last run's pass would stay on disk and the dashboard would show it. Each gets a failed
 * report naming what failed.
 */
export function skippedGateReports(
  outcomes: TaskOutcome[],
  graph: Pick<GateGraph, 'dependencies' | 'targets' | 'runsInReleaseGate'>,
  at: string,
): GateReport[] {
  // A task that ran, failed or not, has its own report: only the ones held back get one here.
  const ran = new Set(outcomes.map((outcome) => `${outcome.project}:${outcome.target}`));
  const failed = outcomes.filter(
    (outcome) => outcome.status === 'failure' && (outcome.target in HELD_BACK_BY || outcome.target.startsWith('compatibility-gate--')),
  );
  const dependents = dependentsGraph(graph.dependencies);
  const causes = new Map<string, string[]>();
  const hold = (project: string, target: string, cause: string) => {
    const id = `${project}:${target}`;
    if (ran.has(id) || !(graph.targets[project] ?? []).includes(target)) return;
    causes.set(id, [...new Set([...(causes.get(id) ?? []), cause])]);
    if (target === 'release-gate') for (const inside of graph.runsInReleaseGate?.[project] ?? []) hold(project, inside, cause);
  };
  for (const failure of failed) {
    const cause = `${failure.project}:${failure.target}`;
    for (const target of heldBackBy(failure.target)) hold(failure.project, target, cause);
    for (const project of upstreamOf(failure.project, dependents)) hold(project, 'release-gate', cause);
  }
  return [...causes].map(([id, because]) => {
    const [project, target] = [id.slice(0, id.lastIndexOf(':')), id.slice(id.lastIndexOf(':') + 1)];
    return gateReport(
      target,
      project,
      [{ name: 'ran', status: 'fail', detail: `not run: ${because.join(', ')} failed in this run` }],
      undefined,
      at,
    );
  });
}

/** The gates of its project a failed target holds back; a matrix cell holds back the compatibility gate. */
function heldBackBy(target: string): string[] {
  if (target.startsWith('compatibility-gate--')) return ['compatibility-gate', 'checklist-gate', 'release-gate'];
  return HELD_BACK_BY[target] ?? [];
}

/** Every project that depends on `project`, directly or not. */
function upstreamOf(project: string, dependents: DependencyGraph): string[] {
  const seen = new Set<string>();
  const stack = [...(dependents[project] ?? [])];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(dependents[next] ?? []));
  }
  return [...seen];
}
