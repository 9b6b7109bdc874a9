import { pathExists, readJsonFile } from '../adapters/files';
import { basename, dirname, join } from 'node:path';
import type { CreateNodesResult, CreateNodesV2, TargetConfiguration } from '@nx/devkit';
import type { ChecklistOptions } from '../adapters/checklist-evidence';
import { DOC_TARGETS } from '../core/gates/checklist';
import { isReleaseCandidate } from '../adapters/manifest-version';
import { nxProjectMatcher } from '../adapters/project-matcher';
import type { GroupableProject, NxReleaseConfig } from '../core/release-groups';
import { cellName, cellTargetName, matrixCells, type MatrixCell, type MatrixOptions } from '../core/gates/matrix';
import type { ReleaseProcessOptions, TestGateOptions } from '../core/release-options';
import { assertValidPluginOptions, configuredPluginOptions } from '../core/plugin-options';

export interface ReleaseProcessPluginOptions extends ReleaseProcessOptions {
  /** Name of the inferred target that prints the project's release plan. */
  planTargetName?: string;
  /** Name of the inferred target that runs the release step. */
  releaseTargetName?: string;
  /** Gate settings; benchmark, stability and compatibility gates are inferred for the projects named here. */
  gates?: {
    test?: TestGateOptions;
    checklist?: ChecklistOptions;
    benchmarks?: Record<string, Record<string, unknown>>;
    stability?: Record<string, Record<string, unknown>>;
    compatibility?: Record<string, Record<string, unknown>>;
  };
}

const PROJECT_FILES = '**/{package.json,project.json}';

/**
 * Infers release targets for every project that carries a version (package.json, pyproject.toml,
 * Cargo.toml or version.py beside its package.json or project.json) and is not a private package left out
 * of releases (the workspace root of `create-nx-workspace`), unless nx.json's release config names projects.
 */
export const createNodesV2: CreateNodesV2<ReleaseProcessPluginOptions> = [
  PROJECT_FILES,
  (files, options, { workspaceRoot, nxJsonConfiguration }) => {
    // An entry by name alone takes its options from pluginsConfig, as every command of the tool does.
    const given = options ?? (configuredPluginOptions(nxJsonConfiguration) as ReleaseProcessPluginOptions | undefined);
    // Once for the whole workspace, every problem at once, before any project is inferred from them.
    assertValidPluginOptions(given);
    const pluginOptions = given ?? {};
    const release = nxJsonConfiguration.release as NxReleaseConfig | undefined;
    const configured = release?.projects !== undefined || release?.groups !== undefined;
    const intents = usesIntents(workspaceRoot, release, pluginOptions);
    const inferred = new Map<string, CreateNodesResult>();
    const errors: Array<[string, Error]> = [];
    const candidates: Array<{ file: string; root: string; project: GroupableProject }> = [];
    for (const file of files) {
      try {
        const root = dirname(file);
        if (!isReleaseCandidate(join(workspaceRoot, root), configured)) {
          inferred.set(file, {});
          continue;
        }
        const json = readJsonFile<ProjectFile>(join(workspaceRoot, file));
        candidates.push({
          file,
          root,
          project: { name: nameIn(json, join(workspaceRoot, file)), root: root === '.' ? '' : root, tags: tagsIn(json) },
        });
      } catch (error) {
        errors.push([file, error as Error]);
      }
    }
    // Only a release config that names projects selects among them, matched all at once. A config the matcher
    // refuses fails every project it would select, each file with the error, as one match a file did.
    let selected: Set<string> | Error | null = null;
    try {
      if (configured)
        selected = selectedForRelease(
          release as NxReleaseConfig,
          candidates.map(({ project }) => project),
        );
    } catch (error) {
      selected = error as Error;
    }
    for (const { file, root, project } of candidates) {
      if (selected instanceof Error) {
        errors.push([file, selected]);
        continue;
      }
      if (selected && !selected.has(project.name)) {
        inferred.set(file, {});
        continue;
      }
      try {
        const targets = { ...releaseTargets(pluginOptions, intents), ...gateTargets(pluginOptions, project.name) };
        inferred.set(file, { projects: { [root]: { targets } } });
      } catch (error) {
        errors.push([file, error as Error]);
      }
    }
    const results = files.filter((file) => inferred.has(file)).map((file) => [file, inferred.get(file) as CreateNodesResult] as const);
    if (errors.length > 0) {
      // Nx's own error names each file. The devkit is loaded only then: it was most of this plugin's start-up,
      // which every Nx command of the workspace waits for.
      const { AggregateCreateNodesError } = require('@nx/devkit') as typeof import('@nx/devkit');
      throw new AggregateCreateNodesError(errors, results);
    }
    return results;
  },
];

/** Nx 22 and later read `createNodes`; older versions read `createNodesV2`. */
export const createNodes = createNodesV2;

/** Whether the workspace decides bumps with intents: changesets set up, version plans asked for or kept, or intents required. */
function usesIntents(workspaceRoot: string, release: NxReleaseConfig | undefined, options: ReleaseProcessPluginOptions): boolean {
  return (
    Boolean(release?.versionPlans) ||
    options.intents?.required === true ||
    pathExists(join(workspaceRoot, '.changeset')) ||
    pathExists(join(workspaceRoot, '.nx/version-plans'))
  );
}

function releaseTargets(options: ReleaseProcessPluginOptions, intents: boolean): Record<string, TargetConfiguration> {
  const releaseTarget = options.releaseTargetName ?? 'release';
  const intentGate: Record<string, TargetConfiguration> = {
    'intent-gate': {
      executor: 'nx-release-process:intent-gate',
      cache: false, // it compares the working tree with a branch, which Nx does not hash
      options: {},
      metadata: { description: 'Does the change carry a release intent (a changeset or a version plan) for this project?' },
    },
  };
  return {
    ...(intents ? intentGate : {}),
    [options.planTargetName ?? 'release-plan']: {
      executor: 'nx-release-process:plan',
      cache: false, // the plan depends on git tags and history, which Nx does not hash
      options: {},
      metadata: { description: 'Show what the next release of this project would be, and why' },
    },
    [releaseTarget]: {
      executor: 'nx-release-process:release',
      cache: false, // it tags, pushes and publishes
      // Dependencies are released first, with the same options (a dry run stays a dry run all the way down),
      // and the project's release gate runs (from the cache when it can) so the step finds its verdict.
      dependsOn: [{ target: releaseTarget, dependencies: true, params: 'forward' }, 'release-gate'],
      options: {},
      metadata: { description: "Tag this project's prepared version, push, create the GitHub release and publish" },
    },
  };
}

/** The projects nx.json's release config selects, by Nx's own matcher (a directory pattern needs only a root). */
function selectedForRelease(release: NxReleaseConfig, projects: GroupableProject[]): Set<string> {
  const patterns = release.groups ? Object.values(release.groups).map((group) => group.projects) : [release.projects ?? '*'];
  return new Set(
    patterns.flatMap((list) => nxProjectMatcher(Array.isArray(list) ? list : list.split(',').map((pattern) => pattern.trim()), projects)),
  );
}

/** What the plugin reads of a package.json or project.json; null when it cannot be read. */
type ProjectFile = { name?: unknown; tags?: unknown; nx?: { tags?: unknown } } | null;

/** The tags of this package.json (`nx.tags`) or project.json (`tags`), for `tag:` patterns. */
function tagsIn(json: ProjectFile): string[] {
  const tags = json?.tags ?? json?.nx?.tags;
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [];
}

/** The name Nx gives the project of this package.json or project.json (its own, else its folder's). */
export function projectName(file: string): string {
  return nameIn(readJsonFile<ProjectFile>(file), file);
}

function nameIn(json: ProjectFile, file: string): string {
  // An unreadable file is Nx's to report: the folder's name stands in.
  const name = json?.name;
  return typeof name === 'string' && name ? name : basename(dirname(file));
}

const REPORT = (gate: string) => `{workspaceRoot}/dist/release-gates/{projectName}/${gate}.json`;
type Inputs = NonNullable<TargetConfiguration['inputs']>;
const TAGS = { runtime: 'git tag --list' }; // version and checklist gates depend on which releases exist
const NODE = { runtime: 'node --version' };
const GPU = { env: 'CUDA_VISIBLE_DEVICES' };
const SOURCES = ['default', '^default', '{workspaceRoot}/package-lock.json'];

/** The inputs of both lists, each once. */
function union(...lists: Inputs[]): Inputs {
  const seen = new Map(lists.flat().map((input) => [JSON.stringify(input), input]));
  return [...seen.values()];
}

type GateSettings = NonNullable<ReleaseProcessPluginOptions['gates']>;

/** Gates a project has only when configured for it by name. */
const CONFIGURED_GATES: Array<{ gate: string; settings: 'benchmarks' | 'stability' | 'compatibility'; description: string }> = [
  {
    gate: 'benchmark-gate',
    settings: 'benchmarks',
    description: 'Benchmarks within their limits and without regression against the baseline',
  },
  { gate: 'stability-gate', settings: 'stability', description: 'Long runs without errors or a memory growth trend' },
  {
    gate: 'compatibility-gate',
    settings: 'compatibility',
    description: 'The command passes on every Node version and environment of the matrix',
  },
];

/**
 * What each gate of `project` reads besides its options (which Nx hashes with the project's configuration).
 * The checklist reads the other gates' reports, so it has their inputs too: with every input known before
 * the run, Nx hashes all gates at once, looks them up in the remote cache at once, and can hand them to
 * agents, where `dependentTasksOutputFiles` would make it hash them one by one as their dependencies end.
 */
function gateInputs(settings: GateSettings, project: string): Record<string, Inputs> {
  const inputs: Record<string, Inputs> = {
    'version-gate': ['default', '^default', TAGS],
    // Without a command the gate records the `test` target's result, which that target's own inputs decide;
    // the Node version and NODE_ENV matter to a command it runs (and `node --version` is a process a run).
    'test-gate': settings.test?.command ? [...SOURCES, NODE, { env: 'NODE_ENV' }] : SOURCES,
  };
  const benchmark = settings.benchmarks?.[project] as { baselineFile?: string } | undefined;
  if (benchmark) {
    const baseline = benchmark.baselineFile ?? `.release-process/benchmarks/${project}.baseline.json`;
    inputs['benchmark-gate'] = [...SOURCES, `{workspaceRoot}/${baseline}`, NODE, GPU];
  }
  if (settings.stability?.[project]) inputs['stability-gate'] = [...SOURCES, NODE];
  const compatibility = settings.compatibility?.[project] as MatrixOptions | undefined;
  // cells of a matrix with axes may need a GPU; the gate itself puts their reports together
  if (compatibility) inputs['compatibility-gate'] = compatibility.axes ? [...SOURCES, GPU] : SOURCES;
  inputs['checklist-gate'] = union(
    ['default', '{workspaceRoot}/package-lock.json', `{workspaceRoot}/${settings.checklist?.signOffFile ?? 'release-signoffs.json'}`, TAGS],
    ...Object.values(inputs),
  );
  return inputs;
}

/**
 * The release gate reads its gates' reports and its dependencies' release gates: their inputs, which for
 * the dependencies are their files (`^default`) and whatever any project's gates read outside its files.
 */
function releaseGateInputs(settings: GateSettings, project: string): Inputs {
  const configured = new Set(CONFIGURED_GATES.flatMap((entry) => Object.keys(settings[entry.settings] ?? {})));
  return union(...[project, ...configured].map((name) => gateInputs(settings, name)['checklist-gate']));
}

/**
 * The executor of the four gates every releasable project has, told apart by their `gate` option: one
 * executor, so Nx runs all the gate tasks of a run in one batch, one process (four executors made four
 * batches, one after another). The other gates keep executors of their own.
 */
const GATES = 'nx-release-process:gates';

/**
 * The gates of a releasable project, each cached by Nx: precise inputs (the project's files and its
 * dependencies', the lock file, the gate's settings through its options, what it reads from the
 * environment) and its JSON report as the output. `release-gate` needs every gate of the project and the
 * release gates of its dependencies.
 */
function gateTargets(options: ReleaseProcessPluginOptions, name: string): Record<string, TargetConfiguration> {
  const settings: GateSettings = options.gates ?? {};
  const configured = CONFIGURED_GATES.filter((entry) => settings[entry.settings]?.[name]);
  const gates = ['version-gate', 'test-gate', ...configured.map((entry) => entry.gate), 'checklist-gate'];
  const inputs = gateInputs(settings, name);
  // Without a command the test gate records the `test` target's result; a command runs tests, in a task of
  // its own (cached on its own inputs, so a sign-off added does not run the tests again).
  const testCommand = Boolean(settings.test?.command);
  const testsFirst = testCommand ? [] : ['test', 'coverage'];
  const runs = testCommand ? ['version-gate', 'checklist-gate'] : ['version-gate', 'test-gate', 'checklist-gate'];
  const { command: _command, ...testOptions } = settings.test ?? {};
  const checklistOptions = { ...settings.checklist, benchmarkConfigured: gates.includes('benchmark-gate') };
  // The project's documentation targets, when it has them (Nx skips the names it does not have).
  const docTargets = Object.values({ ...DOC_TARGETS, ...settings.checklist?.docTargets });
  const targets: Record<string, TargetConfiguration> = {
    'version-gate': {
      executor: GATES,
      cache: true,
      inputs: inputs['version-gate'],
      outputs: [REPORT('version-gate')],
      options: { gate: 'version-gate' },
      metadata: {
        description: 'Version valid, above the last release, the same in every file, untagged, admitted by dependents, in the changelog',
      },
    },
    'test-gate': {
      executor: GATES,
      cache: true,
      // The project's own test (and coverage) targets run first, from Nx's cache when they can: the gate
      // records their result instead of running the tests again. A configured command is run by the gate.
      ...(testCommand ? {} : { dependsOn: testsFirst }),
      inputs: inputs['test-gate'],
      outputs: [REPORT('test-gate')],
      options: { gate: 'test-gate', ...settings.test },
      metadata: { description: 'Tests pass (and coverage holds its floor)' },
    },
    'checklist-gate': {
      executor: GATES,
      cache: true,
      dependsOn: [...gates.filter((gate) => gate !== 'checklist-gate'), ...docTargets],
      inputs: inputs['checklist-gate'], // a sign-off added reruns the gate
      outputs: [REPORT('checklist-gate')],
      options: { gate: 'checklist-gate', ...checklistOptions },
      metadata: { description: 'The pre-release checklist, by evidence and sign-offs' },
    },
    'release-gate': {
      executor: GATES,
      cache: true,
      // The gates that only read and compute run inside this task, before its verdict: a task costs Nx more
      // (hashing, caching, scheduling) than these gates' own work. What they wait on, it waits on.
      dependsOn: [...testsFirst, ...gates.filter((gate) => !runs.includes(gate)), ...docTargets, '^release-gate'],
      inputs: releaseGateInputs(settings, name),
      outputs: [REPORT('release-gate'), ...runs.map(REPORT)],
      options: { ...checklistOptions, ...testOptions, gate: 'release-gate', gates, runs },
      metadata: {
        description:
          'May this project be released? Runs the version, test and checklist gates, then: every gate passed, and its dependencies may be released',
      },
    },
  };
  // Release health measures the world now (Prometheus, the issues): never cached, and only where configured.
  if (options.health?.projects?.[name]) {
    targets['release-health'] = {
      executor: 'nx-release-process:release-health',
      cache: false,
      options: {},
      metadata: { description: 'Health of the released version: PromQL checks over a window, GitHub issues since the release' },
    };
  }
  for (const entry of configured) {
    targets[entry.gate] = {
      executor: `nx-release-process:${entry.gate}`,
      cache: true,
      inputs: inputs[entry.gate],
      outputs: [REPORT(entry.gate)],
      options: settings[entry.settings]?.[name],
      metadata: { description: entry.description },
    };
  }
  const matrix = settings.compatibility?.[name] as MatrixOptions | undefined;
  if (matrix?.axes) Object.assign(targets, matrixTargets(matrix, inputs['compatibility-gate']));
  return targets;
}

/**
 * A matrix with axes becomes one cached target per cell (`compatibility-gate--python-3.10--torch-2.1`,
 * the way Nx atomizes tests), which Nx's distributed execution can run on separate agents, and the gate
 * depends on the cells and puts their reports together.
 */
function matrixTargets(matrix: MatrixOptions, inputs: Inputs): Record<string, TargetConfiguration> {
  let cells: MatrixCell[] = [];
  try {
    cells = matrixCells(matrix);
  } catch {
    // a mistake in the matrix is the gate's to report when it runs, not a broken project graph
  }
  const targets: Record<string, TargetConfiguration> = {};
  for (const cell of cells) {
    const target = cellTargetName(cell);
    targets[target] = {
      executor: 'nx-release-process:compatibility-cell',
      cache: true,
      inputs,
      outputs: [REPORT(target)],
      options: { cell, command: matrix.command, ...(matrix.env ? { env: matrix.env } : {}) },
      metadata: { description: `Compatibility: ${cellName(cell)}` },
    };
  }
  targets['compatibility-gate'] = {
    executor: 'nx-release-process:compatibility-gate',
    cache: true,
    dependsOn: Object.keys(targets),
    inputs,
    outputs: [REPORT('compatibility-gate')],
    options: matrix,
    metadata: { description: `The command passes in every cell of the matrix (${cells.length} cells)` },
  };
  return targets;
}
