import type { ProjectGraph } from '@nx/devkit';
import type { GateGraph } from '../core/gates/skipped-gates';
import type { NxInput } from '../core/production-files';
import type { WorkspaceProject } from './workspace';

// Kept apart from workspace.ts (options schema, manifests of every ecosystem): the release gate, a process
// per task, reads the graph through here without loading any of that.

/** Projects and their workspace dependencies (npm packages left out) from an Nx project graph. */
export function projectsOfGraph(graph: ProjectGraph): WorkspaceProject[] {
  return Object.values(graph.nodes)
    .map((node) => ({
      name: node.name,
      root: node.data.root === '.' ? '' : node.data.root,
      tags: node.data.tags ?? [],
      targets: Object.keys(node.data.targets ?? {}),
      namedInputs: node.data.namedInputs as Record<string, NxInput[]> | undefined,
      dependencies: [...new Set((graph.dependencies[node.name] ?? []).map((edge) => edge.target))].filter(
        (target) => target in graph.nodes && target !== node.name,
      ),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Each project's dependencies, targets and root, as the gates and their hook follow them. */
export function gateGraphOf(graph: ProjectGraph): GateGraph {
  const projects = projectsOfGraph(graph);
  return {
    dependencies: Object.fromEntries(projects.map((project) => [project.name, project.dependencies])),
    targets: Object.fromEntries(projects.map((project) => [project.name, project.targets ?? []])),
    roots: Object.fromEntries(projects.map((project) => [project.name, project.root])),
  };
}

/** The gate graph of the project graph Nx cached in this run, for the hook that runs after the tasks; null when there is none. */
export async function cachedGateGraph(): Promise<GateGraph | null> {
  let graph: ProjectGraph;
  try {
    graph = (await import('@nx/devkit')).readCachedProjectGraph();
  } catch {
    return null;
  }
  return gateGraphOf(graph);
}
