/** A plain project graph: each project and the projects it depends on. */
export type DependencyGraph = Record<string, string[]>;

/** Inverts a dependency graph: each project and the projects that depend on it directly. */
export function dependentsGraph(graph: DependencyGraph): DependencyGraph {
  const dependents: DependencyGraph = Object.fromEntries(Object.keys(graph).map((name) => [name, []]));
  for (const [project, dependencies] of Object.entries(graph)) {
    for (const dependency of dependencies) {
      (dependents[dependency] ??= []).push(project);
    }
  }
  return dependents;
}

/** The project and every project it depends on, directly or not. */
export function withDependencies(graph: DependencyGraph, project: string): string[] {
  const found = new Set<string>();
  const visit = (name: string) => {
    if (found.has(name)) return;
    found.add(name);
    for (const dependency of graph[name] ?? []) visit(dependency);
  };
  visit(project);
  return [...found].sort();
}

/** The folders a project's release gate judges: its own and those of everything it depends on. */
export function judgedFolders(graph: { dependencies: DependencyGraph; roots: Record<string, string> }, project: string): string[] {
  return withDependencies(graph.dependencies, project).flatMap((name) => (name in graph.roots ? [graph.roots[name]] : []));
}

/**
 * Orders projects so every project comes after the projects it depends on (the order to release and
 * publish in); ties and cycles fall back to name order.
 */
export function dependencyOrder(graph: DependencyGraph): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string) => {
    if (state.has(name)) return; // done, or a cycle: keep going
    state.set(name, 'visiting');
    for (const dependency of [...(graph[name] ?? [])].sort()) {
      if (dependency in graph) visit(dependency);
    }
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of Object.keys(graph).sort()) visit(name);
  return order;
}
