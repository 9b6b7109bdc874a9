import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProjectGraph } from '@nx/devkit';
import type { GateGraph } from '../core/gates/skipped-gates';
import type { NxInput } from '../core/production-files';
import { readJsonFile } from './files';
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

const gateGraphs = new WeakMap<ProjectGraph, GateGraph>();

/** Each project's dependencies, targets, root and release gate's own gates, as the gates and their hook follow them; once per graph (a batch's tasks share one). */
export function gateGraphOf(graph: ProjectGraph): GateGraph {
  const known = gateGraphs.get(graph);
  if (known) return known;
  const projects = projectsOfGraph(graph);
  const gateGraph = {
    dependencies: Object.fromEntries(projects.map((project) => [project.name, project.dependencies])),
    targets: Object.fromEntries(projects.map((project) => [project.name, project.targets ?? []])),
    roots: Object.fromEntries(projects.map((project) => [project.name, project.root])),
    runsInReleaseGate: Object.fromEntries(projects.map((project) => [project.name, releaseGateRuns(graph, project.name)])),
  };
  gateGraphs.set(graph, gateGraph);
  return gateGraph;
}

/** The gates the project's release gate runs itself (its `runs` option), none when it has no such option. */
function releaseGateRuns(graph: ProjectGraph, project: string): string[] {
  const runs: unknown = graph.nodes[project]?.data.targets?.['release-gate']?.options?.runs;
  return Array.isArray(runs) ? runs.filter((gate): gate is string => typeof gate === 'string') : [];
}

/** The gate graph of the project graph Nx cached in this run, for the hook that runs after the tasks; null when there is none. */
export function cachedGateGraph(root: string): GateGraph | null {
  try {
    const graph = readGraphCache(nxWorkspaceData(root));
    return graph ? gateGraphOf(graph) : null;
  } catch {
    return null; // another layout of Nx's internals: the hook has no graph to follow
  }
}

/** Where Nx keeps the graph and file map it made for this workspace. */
function nxWorkspaceData(root: string): string {
  return (
    require('nx/src/utils/cache-directory') as { workspaceDataDirectoryForWorkspace(root: string): string }
  ).workspaceDataDirectoryForWorkspace(root);
}

/** The project graph Nx wrote there, read as Nx reads it back (a graph made with errors does not count); null when there is none. */
function readGraphCache(directory: string): ProjectGraph | null {
  const graph = readJsonFile<ProjectGraph & { errors?: unknown[] }>(join(directory, 'project-graph.json'));
  return !graph || graph.errors?.length ? null : graph;
}

/**
 * The project graph Nx cached, while it still holds: every file Nx sees (git's and Nx's ignores applied)
 * has the hash it had when Nx made the graph, under the same Nx version, and the graph has no errors.
 * After `nx affected` in the same job, or a second plan, this skips the plugins' work (a process per
 * plugin, most of a plan's time); anything else (no cache, a file changed, added or removed) gives null and
 * Nx makes the graph as `nx` would. What plugins read outside the workspace's files (variables) is not seen.
 */
export async function freshCachedProjectGraph(root: string): Promise<ProjectGraph | null> {
  try {
    const directory = nxWorkspaceData(root);
    const cached = readJsonFile<CachedFileMap>(join(directory, 'file-map.json'));
    if (cached?.nxVersion !== (require('nx/package.json') as { version: string }).version) return null;
    const hashes = new Map<string, string>();
    for (const files of [...Object.values(cached.fileMap.projectFileMap), cached.fileMap.nonProjectFiles]) {
      for (const { file, hash } of files) hashes.set(file, hash);
    }
    const current = filesHashedAfresh(root);
    if (current.length !== hashes.size || current.some(({ file, hash }) => hashes.get(file) !== hash)) return null;
    return readGraphCache(directory);
  } catch {
    return null; // no cache, another layout of Nx's internals: Nx makes the graph
  }
}

/**
 * Every file Nx sees (its walker, its hash), each hashed from its content now. Nx 23's own context reuses a
 * file's archived hash while its modification time, in whole seconds, is unchanged: an edit in the second
 * of Nx's last look keeps the old hash, and a graph read back on it would miss the edit. An empty archive
 * folder of our own makes Nx hash every file, and leaves the workspace's archive alone.
 */
function filesHashedAfresh(root: string): Array<{ file: string; hash: string }> {
  const { WorkspaceContext } = require('nx/src/native') as {
    WorkspaceContext: new (root: string, cacheDirectory: string) => { allFileData(): Array<{ file: string; hash: string }> };
  };
  const noArchive = mkdtempSync(join(tmpdir(), 'nx-release-process-hashes-'));
  try {
    return new WorkspaceContext(root, noArchive).allFileData();
  } finally {
    rmSync(noArchive, { recursive: true, force: true });
  }
}

interface CachedFileMap {
  nxVersion: string;
  fileMap: {
    projectFileMap: Record<string, Array<{ file: string; hash: string }>>;
    nonProjectFiles: Array<{ file: string; hash: string }>;
  };
}
