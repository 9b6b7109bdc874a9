import type { BumpOrNone } from './bump';
import type { ClassifiedCommit } from './commit-classification';
import { ReleaseProcessError } from './release-error';

/**
 * Release intents: files that declare the bump a change asks for, written with the change and consumed by
 * the release that ships it. Two formats, read the same way: changesets' `.changeset/*.md` (front matter
 * `"package": level`, then the summary) and Nx's version plans `.nx/version-plans/*.md` (front matter
 * `project-or-group: level`).
 */
export type IntentFormat = 'changeset' | 'version-plan';

export const INTENT_LEVELS = ['major', 'minor', 'patch', 'none'] as const;

/** An intent file as read from the repository. */
export interface IntentFile {
  /** Repository-relative path. */
  path: string;
  format: IntentFormat;
  text: string;
}

export interface ReleaseIntent {
  file: string;
  format: IntentFormat;
  /** Levels by name as written: npm package names (changesets), project or group names (version plans). */
  bumps: Array<{ name: string; bump: BumpOrNone }>;
  summary: string;
}

/** What one intent declares for one project. */
export interface ProjectIntent {
  file: string;
  bump: BumpOrNone;
  summary: string;
  /** The commit that added the file, when known: the notes link it, and its own entry gives way to the intent's. */
  commit: string | null;
}

/** The sets of `.changeset/config.json` and the switch that makes intents required, as project names. */
export interface IntentRules {
  /** Projects without an intent do not release on their commits (nx.json `release.versionPlans: true`). */
  required: boolean;
  /** Each set releases together, every member at the set's highest bump (changesets' `fixed`). */
  fixed: string[][];
  /** Members that release share the highest bump among them (changesets' `linked`). */
  linked: string[][];
  /**
   * When a dependency's release releases its dependents: `always` (Nx release's way), or, as changesets
   * does, only when the dependency's next version leaves the range the dependent declares (`out-of-range`).
   */
  dependents?: 'always' | 'out-of-range';
}

export const NO_INTENT_RULES: IntentRules = { required: false, fixed: [], linked: [] };

/** Parses one intent file, refusing what its tool would refuse: no front matter, an unknown level, an empty name. */
export function parseIntent(file: IntentFile): ReleaseIntent {
  const text = file.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const match = /^---[ \t]*\n([\s\S]*?)\n?---[ \t]*(?:\n|$)([\s\S]*)$/.exec(text);
  if (!match) {
    throw new ReleaseProcessError(
      `${file.path} has no front matter between --- lines`,
      `Start it with ---, one "name": level line per ${file.format === 'changeset' ? 'package' : 'project'}, then --- and the summary`,
    );
  }
  const bumps: ReleaseIntent['bumps'] = [];
  for (const [index, line] of match[1].split('\n').entries()) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const entry = /^\s*(?:"([^"]+)"|'([^']+)'|([^\s:'"][^:]*?))\s*:\s*["']?([A-Za-z]+)["']?\s*$/.exec(line);
    const name = entry ? (entry[1] ?? entry[2] ?? entry[3]).trim() : '';
    if (!entry || !name) {
      throw new ReleaseProcessError(
        `${file.path} line ${index + 2} is not "name": level (${JSON.stringify(line.slice(0, 80))})`,
        'Write one "name": major|minor|patch per line of the front matter',
      );
    }
    const level = entry[4].toLowerCase();
    if (!(INTENT_LEVELS as readonly string[]).includes(level)) {
      throw new ReleaseProcessError(
        `${file.path} asks for "${entry[4]}" for ${name}, which is no level`,
        'Use major, minor, patch (or none)',
      );
    }
    bumps.push({ name, bump: level as BumpOrNone });
  }
  return { file: file.path, format: file.format, bumps, summary: match[2].trim() };
}

export interface ChangesetConfig {
  fixed: string[][];
  linked: string[][];
  ignore: string[];
  updateInternalDependencies: 'patch' | 'minor';
  baseBranch: string | null;
  access: 'public' | 'restricted' | null;
}

/** `.changeset/config.json`, checked field by field; every problem is named at once. */
export function parseChangesetConfig(path: string, text: string): ChangesetConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ReleaseProcessError(`${path} is not valid JSON (${(error as Error).message})`, 'Fix it, or run `changeset init` again');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ReleaseProcessError(`${path} is not a JSON object`, 'Fix it, or run `changeset init` again');
  }
  const config = raw as Record<string, unknown>;
  const problems: string[] = [];
  const sets = (key: 'fixed' | 'linked'): string[][] => {
    const value = config[key] ?? [];
    if (Array.isArray(value) && value.every((set) => Array.isArray(set) && set.every((name) => typeof name === 'string'))) {
      return value as string[][];
    }
    problems.push(`${key} must be a list of lists of package names`);
    return [];
  };
  const fixed = sets('fixed');
  const linked = sets('linked');
  const ignore = config.ignore ?? [];
  if (!Array.isArray(ignore) || !ignore.every((name) => typeof name === 'string')) problems.push('ignore must be a list of package names');
  const update = config.updateInternalDependencies ?? 'patch';
  if (update !== 'patch' && update !== 'minor') problems.push('updateInternalDependencies must be "patch" or "minor"');
  const access = config.access ?? null;
  if (access !== null && access !== 'public' && access !== 'restricted') problems.push('access must be "public" or "restricted"');
  const baseBranch = config.baseBranch ?? null;
  if (baseBranch !== null && typeof baseBranch !== 'string') problems.push('baseBranch must be a branch name');
  const parsed = {
    fixed,
    linked,
    ignore: Array.isArray(ignore) ? (ignore as string[]) : [],
    updateInternalDependencies: update as 'patch' | 'minor',
    baseBranch: baseBranch as string | null,
    access: access as 'public' | 'restricted' | null,
  };
  if (problems.length > 0)
    throw new ReleaseProcessError(`${path}: ${problems.join('; ')}`, 'Fix those fields (see the changesets config docs)');
  return parsed;
}

/**
 * The intents that name each project. `resolve` maps a name as the intent's format writes it to projects
 * (a package to its project, a group to its members); a name nothing answers to is refused with the file,
 * before anything is written. Names in `ignored` (changesets' `ignore`) are skipped.
 */
export function intentsByProject(
  intents: ReleaseIntent[],
  resolve: (name: string, format: IntentFormat) => string[] | null,
  commits: Map<string, string>,
  ignored: Set<string> = new Set(),
): Map<string, ProjectIntent[]> {
  const byProject = new Map<string, ProjectIntent[]>();
  for (const intent of intents) {
    for (const { name, bump } of intent.bumps) {
      if (ignored.has(name)) continue;
      const projects = resolve(name, intent.format);
      if (!projects) {
        throw new ReleaseProcessError(
          `${intent.file} names ${name}, which is no ${intent.format === 'changeset' ? 'package' : 'project or release group'} of this workspace`,
          `Fix the name (${intent.format === 'changeset' ? 'as in its package.json' : 'as `nx show projects` lists it'}), or remove the file`,
        );
      }
      for (const project of projects) {
        const list = byProject.get(project) ?? [];
        const known = list.find((entry) => entry.file === intent.file);
        // One file naming a project twice (directly and through its group) counts once, at its highest level.
        if (known) known.bump = highest([known.bump, bump]);
        else list.push({ file: intent.file, bump, summary: intent.summary, commit: commits.get(intent.file) ?? null });
        byProject.set(project, list);
      }
    }
  }
  return byProject;
}

const RANK: Record<BumpOrNone, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** The highest level declared, as changesets decides: several intents for one package give their highest. */
export function highest(levels: BumpOrNone[]): BumpOrNone {
  return levels.reduce<BumpOrNone>((top, level) => (RANK[level] > RANK[top] ? level : top), 'none');
}

/** An intent's level as the type its notes entry takes, unless its summary starts with a conventional prefix. */
export function intentEntryType(intent: ProjectIntent): { type: string; subject: string; breaking: boolean } {
  const [first] = intent.summary.split('\n');
  const prefixed = /^(\w+)(?:\([^)]*\))?(!)?:\s+(.+)$/.exec(first.trim());
  if (prefixed) return { type: prefixed[1].toLowerCase(), subject: prefixed[3], breaking: prefixed[2] === '!' || intent.bump === 'major' };
  const type: Record<BumpOrNone, string> = { major: 'feat', minor: 'feat', patch: 'fix', none: 'chore' };
  return { type: type[intent.bump], subject: first.trim(), breaking: intent.bump === 'major' };
}

/**
 * What a release is made of, for notes and changelogs: each intent as an entry of its own (linked to the
 * commit that added it), then the commits, less those that added an intent: the intent tells that change.
 */
export function releaseEntries(plan: { commits: ClassifiedCommit[]; intents?: ProjectIntent[] }): ClassifiedCommit[] {
  const intents = plan.intents ?? [];
  if (intents.length === 0) return plan.commits;
  const told = new Set(intents.map((intent) => intent.commit).filter(Boolean));
  return [
    ...intents.filter((intent) => intent.bump !== 'none').map(intentAsCommit),
    ...plan.commits.filter((commit) => !told.has(commit.hash)),
  ];
}

function intentAsCommit(intent: ProjectIntent): ClassifiedCommit {
  const { type, subject, breaking } = intentEntryType(intent);
  return {
    hash: intent.commit ?? '',
    shortHash: intent.commit ? intent.commit.slice(0, 7) : '',
    authorDate: '',
    header: subject,
    type,
    scope: null,
    subject,
    breaking,
    breakingNotes: breaking ? [intent.summary.replace(/\s+/g, ' ').trim()] : [],
    revert: null,
    references: [],
    files: [],
  };
}

/**
 * The intent files a release consumes, as `changeset version` deletes them: each file whose named projects
 * are all released by the plan. A file naming a project the plan leaves out stays for that project's release.
 */
export function consumedIntents(released: string[], projectsOf: Map<string, string[]>): string[] {
  const releasing = new Set(released);
  return [...projectsOf]
    .filter(([, projects]) => projects.length > 0 && projects.every((project) => releasing.has(project)))
    .map(([file]) => file);
}

/** An intent file as its tool writes it: the front matter (one name and level per line), then the summary. */
export function intentFileText(bumps: Array<{ name: string; bump: BumpOrNone }>, summary: string): string {
  const lines = bumps.map(({ name, bump }) => `${JSON.stringify(name)}: ${bump}`);
  return `---\n${lines.join('\n')}\n---\n\n${summary.trim()}\n`;
}

/** A file name from the summary's first words, with a suffix that keeps two intents of the same words apart. */
export function intentFileName(summary: string, suffix: string): string {
  const words = summary
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .slice(0, 5);
  return `${[...words, suffix].join('-')}.md`;
}

/**
 * The projects a change touches that no pending intent names: what `changeset status` reports. `touched`
 * is every releasable project with a changed file since the base.
 */
export function projectsWithoutIntent(touched: string[], named: Iterable<string>): string[] {
  const covered = new Set(named);
  return touched.filter((project) => !covered.has(project));
}
