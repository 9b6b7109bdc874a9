import { randomBytes } from 'node:crypto';
import { join, relative } from 'node:path';
import { writeFileAtomic, pathInside } from '../adapters/files';
import { changedFilesSinceBase, remoteDefaultBranch } from '../adapters/git-operations';
import { INTENT_FOLDERS, intentFormatOf, packageNameOf } from '../adapters/release-intents';
import { loadReleaseWorkspace } from '../adapters/release-workspace';
import { printerFor } from '../adapters/terminal';
import { openStepJournal, type StepRecord } from '../adapters/step-journal';
import { runPlannedSteps, step } from './planned-steps';
import type { Bump } from '../core/bump';
import { ReleaseProcessError } from '../core/release-error';
import { intentFileName, intentFileText, projectsWithoutIntent, type IntentFormat } from '../core/release-intents';

export interface AddIntentOptions {
  path: string;
  projects: string[];
  bump: Bump;
  /** The summary: what changed, as users should read it in the notes. */
  message: string;
  /** Default: the format the workspace already uses. */
  format?: IntentFormat;
  dryRun?: boolean;
  log?: (line: string) => void;
}

export interface AddedIntent {
  /** Repository-relative. */
  file: string;
  /** Workspace-relative, as Nx's tree names files. */
  workspaceFile: string;
  /** The steps carried out (or, in a dry run, that would be), as the journal has them. */
  steps: StepRecord[];
  format: IntentFormat;
  text: string;
}

const BUMPS: readonly string[] = ['major', 'minor', 'patch'];

/**
 * `release-process intent add`: writes one intent file naming the projects with the level, in the format
 * the workspace already uses (what `changeset add` or `nx release plan` write), never asking anything.
 */
export async function addIntent(options: AddIntentOptions): Promise<AddedIntent> {
  const log = printerFor(options.log);
  const problems: string[] = [];
  if (options.projects.length === 0) problems.push('no project named (--project)');
  if (!BUMPS.includes(options.bump)) problems.push(`--bump ${String(options.bump)} is no level (major, minor or patch)`);
  if (!options.message?.trim()) problems.push('the summary is empty (-m "what changed, for the notes")');
  if (problems.length > 0)
    throw new ReleaseProcessError(`cannot write the intent: ${problems.join('; ')}`, 'Fix the options and run it again');
  // The load checks the intents already there too: a broken one is found now, not at release time.
  const loaded = await loadReleaseWorkspace({ path: options.path });
  const releasable = new Set(loaded.projects.map((project) => project.name));
  const unknown = options.projects.filter((project) => !releasable.has(project));
  if (unknown.length > 0) {
    throw new ReleaseProcessError(
      `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} no releasable project here`,
      `Name one of ${[...releasable].join(', ')}`,
    );
  }
  const format = options.format ?? intentFormatOf(loaded.workspace);
  const names = options.projects.map((project) => {
    if (format === 'version-plan') return project;
    const name = packageNameOf(loaded.workspace, project);
    if (!name) {
      throw new ReleaseProcessError(
        `${project} has no package.json name for a changeset to name it`,
        'Give it one, or write a version plan (--format version-plan)',
      );
    }
    return name;
  });
  const inWorkspace = join(INTENT_FOLDERS[format], intentFileName(options.message, randomBytes(3).toString('hex')));
  const path = pathInside(loaded.workspace.root, inWorkspace, 'intent file');
  const text = intentFileText(
    names.map((name) => ({ name, bump: options.bump })),
    options.message,
  );
  const file = relative(loaded.repository.root, join(loaded.workspace.root, inWorkspace)).split('\\').join('/');
  const steps = [step('write', `write ${file}: ${options.projects.join(', ')} ${options.bump}`, async () => writeFileAtomic(path, text))];
  if (options.dryRun) log(text);
  const done = await runPlannedSteps(steps, {
    dryRun: options.dryRun,
    log,
    journal: options.dryRun ? null : await openStepJournal(loaded.repository, 'release-process intent add'),
  });
  return { file, workspaceFile: inWorkspace.split('\\').join('/'), format, text, steps: done };
}

export interface IntentStatusOptions {
  path: string;
  /** The branch the change will merge into; default changesets' baseBranch, the remote's default branch, main. */
  since?: string;
  /** Only these projects (the gate of one project). */
  projects?: string[];
  log?: (line: string) => void;
}

export interface IntentStatus {
  base: string;
  /** Whether intents are required here (nx.json release.versionPlans, or the plugin's intents.required). */
  required: boolean;
  /** Releasable projects the change touches. */
  touched: string[];
  /** Of those, the ones no pending intent names. */
  missing: string[];
  /** Pending intents by project. */
  intents: Record<string, string[]>;
  /** False when intents are required and a touched project has none. */
  ok: boolean;
}

/** `release-process intent status`: which projects the change touches and which of them no intent names. */
export async function intentStatus(options: IntentStatusOptions): Promise<IntentStatus> {
  const log = printerFor(options.log);
  const loaded = await loadReleaseWorkspace({ path: options.path });
  const base =
    options.since ??
    loaded.intents.changesetConfig?.baseBranch ??
    (await remoteDefaultBranch(loaded.repository, 'origin').then((branch) => (branch ? `origin/${branch}` : null))) ??
    'main';
  const { files } = await changedFilesSinceBase(loaded.repository, base).catch(() => {
    throw new ReleaseProcessError(
      `cannot compare with ${base}: it has no common history with HEAD here`,
      'Fetch it, or name the base with --since',
    );
  });
  const intentFolders = Object.values(INTENT_FOLDERS).map((folder) =>
    relative(loaded.repository.root, join(loaded.workspace.root, folder)).split('\\').join('/'),
  );
  const changed = files.filter((file) => !intentFolders.some((folder) => file.startsWith(`${folder}/`)));
  const wanted = options.projects ? new Set(options.projects) : null;
  const touched = loaded.projects
    .filter((project) => !wanted || wanted.has(project.name))
    .filter((project) => changed.some((file) => project.repositoryRoot === '' || file.startsWith(`${project.repositoryRoot}/`)))
    .map((project) => project.name);
  const missing = projectsWithoutIntent(touched, loaded.intents.byProject.keys());
  const required = loaded.intents.rules.required;
  const intents = Object.fromEntries([...loaded.intents.byProject].map(([project, list]) => [project, list.map((intent) => intent.file)]));
  for (const project of touched) {
    const files = intents[project];
    log(`${project}: ${files ? `intent ${files.join(', ')}` : `no intent${required ? ' (required)' : ''}`}`);
  }
  if (touched.length === 0) log(`No releasable project changed since ${base}.`);
  return { base, required, touched, missing, intents, ok: !required || missing.length === 0 };
}
