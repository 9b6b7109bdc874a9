import { execFile, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { createCommitClassifier, type CommitClassifier } from '../../packages/nx-release-process/src/core/commit-classification';
import { BENCH_ENV as env, numberFlag } from '../bench/bench-options';

/**
 * Replays real release histories (../shared/corpora/*.jsonl, one release per line) through the real CLI
 * and compares the plan's bump with the bump the project actually released, beside the plain
 * conventional rule (breaking → major, feat → minor, anything else → patch; one level lower below 1.0.0).
 *
 * Each corpus becomes one temporary Nx workspace (independent releases) with one project per case: the
 * project's folder gets a manifest at `fromVersion` in a commit tagged `<project>@<fromVersion>`, then the
 * case's commits, oldest first, with their messages and changed paths under the folder (contents are
 * placeholders; manifests stay valid). One `git fast-import` writes the history, and one
 * `release-process plan --json` answers for every case, through Nx's project graph as a user's run would.
 *
 * Usage: node -r @swc-node/register tools/eval/run-eval.ts [--corpora=DIR] [--corpus=vite,eslint]
 *        [--limit=N] [--write]   (--write replaces tools/eval/RESULTS.md)
 */
const CLI = join(__dirname, '../../packages/nx-release-process/bin/release-process.js');
const NODE_MODULES = join(__dirname, '../../node_modules');
const args = process.argv.slice(2);
const flag = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
const corporaDir = flag('corpora') ?? join(__dirname, '../../../shared/corpora');
const only = flag('corpus')?.split(',');
const limit = numberFlag(args, 'limit', Infinity);
const run = promisify(execFile);

type Level = 'major' | 'minor' | 'patch' | 'none';
const LEVELS: Level[] = ['major', 'minor', 'patch', 'none'];

interface Case {
  package: string;
  path: string;
  from: string;
  to: string;
  fromVersion: string;
  toVersion: string;
  actualBump: Exclude<Level, 'none'>;
  commits: Array<{ hash: string; message: string; files: string[] }>;
  /** changesets.jsonl only: the changeset files added between the two tags that name the package. */
  intents?: Array<{ file: string; hash: string; bump: 'major' | 'minor' | 'patch'; summary: string }>;
}

interface Outcome {
  case: Case;
  plan: Level;
  /** The plan with `releaseSignals: "conventional"`: the conventional types alone. */
  strict: Level;
  /** The plan with `releaseOnDocs: false`: documentation alone does not release (semantic-release's rule). */
  noDocs: Level;
  /** The plan with the case's intents replayed as `.changeset/` files; the plan itself for a case without. */
  withIntents: Level;
  decidedBy: string;
  decidedWithIntents: string;
  conventional: Level;
  error?: string;
}

/** Python projects get a pyproject.toml as their manifest, the others a package.json. */
function isPython(cases: Case[]): boolean {
  let python = 0;
  let js = 0;
  for (const release of cases) {
    for (const commit of release.commits) {
      for (const file of commit.files) {
        if (file.endsWith('.py')) python += 1;
        else if (/\.[cm]?[jt]sx?$/.test(file)) js += 1;
      }
    }
  }
  return python > js;
}

const MANIFESTS = ['package.json', 'pyproject.toml', 'Cargo.toml', 'version.py'];

/** Files a plan parses (configs, manifests) take a placeholder their format reads as a comment. */
const COMMENT_FORMATS = /\.(toml|cfg|ini|py|ya?ml)$/;

/**
 * A file's placeholder content: the project's manifest keeps its version, other manifests carry none, and
 * a file the plan parses (`.bumpversion.cfg`, `setup.cfg`) stays valid in its format, as the real one was.
 */
function contentOf(path: string, marker: string, manifest: string, version: string, name: string): string {
  if (path === manifest) return manifestText(manifest, version, marker, name);
  if (path === 'package.json') return `${JSON.stringify({ private: true, description: marker })}\n`;
  if (MANIFESTS.includes(path) || COMMENT_FORMATS.test(path)) return `# ${marker}\n`;
  return `${marker}\n`;
}

// Each case's package is named after its project, so an intent can name it as a changeset names a package.
function manifestText(manifest: string, version: string, marker: string, name: string): string {
  return manifest === 'package.json'
    ? `${JSON.stringify({ name, version, description: marker }, null, 2)}\n`
    : `[project]\nname = "${name}"\nversion = "${version}"\ndescription = "${marker}"\n`;
}

/** A case's intent as the changeset file its tool wrote, naming the replayed package. */
function changesetText(name: string, intent: NonNullable<Case['intents']>[number]): string {
  return `---\n"${name}": ${intent.bump}\n---\n\n${intent.summary}\n`;
}

/** Paths fast-import would misread (quotes, newlines) are quoted C-style; others go as they are. */
function importPath(path: string): string {
  return /^"|[\n\\"]/.test(path) ? JSON.stringify(path) : path;
}

const projectName = (index: number) => `case-${String(index + 1).padStart(4, '0')}`;

/** The workspace's whole history as one fast-import stream: per case, a tagged base commit, then its commits. */
function importStream(cases: Case[], manifest: string): Buffer {
  const chunks: Buffer[] = [];
  const text = (value: string) => chunks.push(Buffer.from(value, 'utf8'));
  const data = (value: string) => {
    const bytes = Buffer.from(value, 'utf8');
    text(`data ${bytes.length}\n`);
    chunks.push(bytes);
    text('\n');
  };
  let mark = 0;
  const commit = (message: string, files: Record<string, string>) => {
    mark += 1;
    text(`commit refs/heads/main\nmark :${mark}\ncommitter Eval <eval@example.com> ${1_500_000_000 + mark * 60} +0000\n`);
    data(message);
    if (mark > 1) text(`from :${mark - 1}\n`);
    for (const [path, content] of Object.entries(files)) {
      text(`M 100644 inline ${importPath(path)}\n`);
      data(content);
    }
    text('\n');
  };
  commit('chore: an Nx workspace of release cases', {
    'nx.json': `${JSON.stringify({ release: { projectsRelationship: 'independent' } }, null, 2)}\n`,
    'package.json': `${JSON.stringify({ name: 'release-cases', private: true }, null, 2)}\n`,
    '.gitignore': 'node_modules\n.nx\n',
    // The replayed repositories carry their own project.json and package.json files (fixtures, nested
    // packages): Nx must see only the case folders as projects, as the per-case repositories would.
    '.nxignore': 'case-*/*/**\n',
  });
  cases.forEach((release, index) => {
    const name = projectName(index);
    commit(`chore: ${name} is ${release.package} at ${release.from}`, {
      [`${name}/project.json`]: `${JSON.stringify({ name })}\n`,
      [`${name}/${manifest}`]: manifestText(manifest, release.fromVersion, 'base', name),
    });
    text(`reset refs/tags/${name}@${release.fromVersion}\nfrom :${mark}\n\n`);
    for (const replayed of [...release.commits].reverse()) {
      commit(
        replayed.message,
        Object.fromEntries(
          replayed.files.map((file) => [`${name}/${file}`, contentOf(file, replayed.hash, manifest, release.fromVersion, name)]),
        ),
      );
    }
  });
  return Buffer.concat(chunks);
}

function fastImport(root: string, stream: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['fast-import', '--quiet'], { cwd: root, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import failed: ${stderr.trim().split('\n')[0]}`))));
    child.stdin.end(stream);
  });
}

interface PlannedProject {
  name: string;
  bump: Level;
  nextVersion: string | null;
  decidedBy: string;
}

/** Replays a corpus into one workspace and plans it; one outcome per case. */
async function replayCorpus(cases: Case[], manifest: string, classify: CommitClassifier): Promise<Outcome[]> {
  const root = await mkdtemp(join(tmpdir(), 'release-eval-'));
  try {
    await run('git', ['init', '-q', '-b', 'main'], { cwd: root });
    await fastImport(root, importStream(cases, manifest));
    await run('git', ['checkout', '-q', '-f', 'main'], { cwd: root });
    await symlink(NODE_MODULES, join(root, 'node_modules'));
    const plan = async () => {
      const { stdout } = await run(process.execPath, [CLI, 'plan', '--json'], { cwd: root, env, maxBuffer: 512 * 1024 * 1024 });
      return new Map((JSON.parse(stdout) as { projects: PlannedProject[] }).projects.map((project) => [project.name, project]));
    };
    const planned = await plan();
    // The same workspace with the plugin's one setting for the strict conventional rule.
    const nxJson = {
      release: { projectsRelationship: 'independent' },
      plugins: [{ plugin: 'nx-release-process', options: { releaseSignals: 'conventional' } }],
    };
    await writeFile(join(root, 'nx.json'), JSON.stringify(nxJson));
    const strict = await plan();
    await writeFile(
      join(root, 'nx.json'),
      JSON.stringify({ ...nxJson, plugins: [{ plugin: 'nx-release-process', options: { releaseOnDocs: false } }] }),
    );
    const noDocs = await plan();
    // Then the intents, as the files their tool left in the working tree, with the default settings again.
    await writeFile(join(root, 'nx.json'), JSON.stringify({ release: { projectsRelationship: 'independent' } }));
    const withIntents = cases.some((release) => release.intents?.length) ? await planWithIntents(root, cases, plan) : planned;
    const levelOf = (project: PlannedProject | undefined): Level => (project?.nextVersion ? project.bump : 'none');
    return cases.map((release, index) => {
      const project = planned.get(projectName(index));
      const conventional = conventionalRule(release, classify);
      const strictLevel = levelOf(strict.get(projectName(index)));
      const noDocsLevel = levelOf(noDocs.get(projectName(index)));
      const intentProject = withIntents.get(projectName(index));
      const intentLevel = levelOf(intentProject);
      const decidedWithIntents = intentProject?.decidedBy ?? 'error';
      if (!project)
        return {
          case: release,
          plan: 'none',
          strict: strictLevel,
          noDocs: noDocsLevel,
          withIntents: intentLevel,
          decidedBy: 'error',
          decidedWithIntents,
          conventional,
          error: 'not in the plan',
        };
      return {
        case: release,
        plan: levelOf(project),
        strict: strictLevel,
        noDocs: noDocsLevel,
        withIntents: intentLevel,
        decidedBy: project.decidedBy,
        decidedWithIntents,
        conventional,
      };
    });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Writes every case's intents under `.changeset/` (named per case: the same file may belong to several), then plans. */
async function planWithIntents(
  root: string,
  cases: Case[],
  plan: () => Promise<Map<string, PlannedProject>>,
): Promise<Map<string, PlannedProject>> {
  await mkdir(join(root, '.changeset'), { recursive: true });
  await Promise.all(
    cases.flatMap((release, index) =>
      (release.intents ?? []).map((intent) =>
        writeFile(join(root, '.changeset', `${projectName(index)}-${basename(intent.file)}`), changesetText(projectName(index), intent)),
      ),
    ),
  );
  return plan();
}

/** The plain conventional rule the plan is measured against, on the same parsed commits. */
function conventionalRule(release: Case, classify: CommitClassifier): Level {
  let level = 1;
  for (const commit of release.commits) {
    const parsed = classify({
      hash: commit.hash,
      parents: [],
      authorDate: '',
      authorName: '',
      message: commit.message,
      files: commit.files,
    });
    level = Math.max(level, parsed.breaking ? 3 : parsed.type === 'feat' ? 2 : 1);
  }
  if (release.fromVersion.startsWith('0.') && level > 1) level -= 1;
  return (['none', 'patch', 'minor', 'major'] as Level[])[level];
}

const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);

function corpusSection(name: string, outcomes: Outcome[], python: boolean): { row: string; detail: string[] } {
  const agree = (outcome: Outcome) => outcome.plan === outcome.case.actualBump;
  const conventionalAgrees = (outcome: Outcome) => outcome.conventional === outcome.case.actualBump;
  const pre = outcomes.filter((outcome) => outcome.case.fromVersion.startsWith('0.'));
  const post = outcomes.filter((outcome) => !outcome.case.fromVersion.startsWith('0.'));
  const count = (list: Outcome[], test: (outcome: Outcome) => boolean) => list.filter(test).length;
  const planShare = count(outcomes, agree);
  const conventionalShare = count(outcomes, conventionalAgrees);
  const released = outcomes.filter((outcome) => outcome.plan !== 'none');
  const row = [
    name,
    python ? 'pyproject.toml' : 'package.json',
    outcomes.length,
    `**${percent(planShare, outcomes.length)}**`,
    percent(conventionalShare, outcomes.length),
    percent(
      count(outcomes, (outcome) => outcome.strict === outcome.case.actualBump),
      outcomes.length,
    ),
    percent(
      count(outcomes, (outcome) => outcome.noDocs === outcome.case.actualBump),
      outcomes.length,
    ),
    `**${percent(
      count(outcomes, (outcome) => outcome.withIntents === outcome.case.actualBump),
      outcomes.length,
    )}** (${count(outcomes, (outcome) => Boolean(outcome.case.intents?.length))} with intents)`,
    `${planShare - conventionalShare >= 0 ? '+' : ''}${planShare - conventionalShare}`,
    `${percent(count(pre, agree), pre.length)} / ${percent(count(pre, conventionalAgrees), pre.length)} (${pre.length})`,
    `${percent(count(post, agree), post.length)} / ${percent(count(post, conventionalAgrees), post.length)} (${post.length})`,
    `${percent(count(released, agree), released.length)} of ${released.length}`,
    count(outcomes, (outcome) => outcome.error !== undefined),
  ].join(' | ');
  const detail = [
    `### ${name}`,
    '',
    'Confusion, actual (rows) ← proposed by the plan (columns):',
    '',
    ...confusion(outcomes, (outcome) => outcome.plan),
    '',
    `What decided the plan: ${decisionCounts(outcomes, (outcome) => outcome.decidedBy)}`,
  ];
  if (outcomes.some((outcome) => outcome.case.intents?.length)) {
    detail.push(
      '',
      'With the intents replayed, actual (rows) ← proposed (columns):',
      '',
      ...confusion(outcomes, (outcome) => outcome.withIntents),
      '',
      `What decided it: ${decisionCounts(outcomes, (outcome) => outcome.decidedWithIntents)}`,
    );
  }
  const errors = outcomes.filter((outcome) => outcome.error);
  if (errors.length > 0) detail.push('', `Errors (${errors.length}), first: ${errors[0].case.to}: ${errors[0].error}`);
  detail.push('');
  return { row: `| ${row} |`, detail };
}

/** The table of released levels (rows) against one plan's levels (columns). */
function confusion(outcomes: Outcome[], proposed: (outcome: Outcome) => Level): string[] {
  const rows = LEVELS.slice(0, 3).map(
    (actual) =>
      `| ${actual} | ${LEVELS.map((level) => outcomes.filter((o) => o.case.actualBump === actual && proposed(o) === level).length).join(' | ')} |`,
  );
  return ['| actual ← plan | major | minor | patch | none |', '|---|---|---|---|---|', ...rows];
}

/** How often each signal decided, most first: "conventional feat 121 · dependency updated 3". */
function decisionCounts(outcomes: Outcome[], decidedBy: (outcome: Outcome) => string): string {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) {
    const label = decidedBy(outcome).replace(/^dependency .* updated$/, 'dependency updated');
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([label, n]) => `${label} ${n}`)
    .join(' · ');
}

async function main(): Promise<void> {
  const files = readdirSync(corporaDir)
    .filter((file) => file.endsWith('.jsonl'))
    .filter((file) => !only || only.includes(basename(file, '.jsonl')))
    .sort();
  const classify = await createCommitClassifier();
  const rows: string[] = [];
  const details: string[] = [];
  const started = Date.now();
  for (const file of files) {
    const name = basename(file, '.jsonl');
    const cases = readFileSync(join(corporaDir, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .slice(0, limit)
      .map((line) => JSON.parse(line) as Case);
    const python = isPython(cases);
    const manifest = python ? 'pyproject.toml' : 'package.json';
    process.stderr.write(`${name}: ${cases.length} cases\n`);
    const outcomes = await replayCorpus(cases, manifest, classify);
    const section = corpusSection(name, outcomes, python);
    rows.push(section.row);
    details.push(...section.detail);
    process.stdout.write(`${section.row}\n`);
  }
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: __dirname, encoding: 'utf8' }).trim();
  const report = [
    '# Release decisions on real histories',
    '',
    `Replayed by \`node -r @swc-node/register tools/eval/run-eval.ts --write\` at ${commit} on ${new Date().toISOString().slice(0, 10)}, ` +
      `${Math.round((Date.now() - started) / 1000)} s. Every case is one real release (../shared/corpora/README.md), replayed as one ` +
      'project of a temporary Nx workspace per corpus: tagged at the older version, then the real messages and changed paths; one ' +
      '`release-process plan --json` with the default settings answers for every case. "Conventional rule" is the plain rule on the same commits: breaking → major, feat → minor, anything else → patch, one level lower below 1.0.0. ' +
      'A plan of "no release" never agrees, since every case was released.',
    '',
    '| corpus | manifest | cases | plan agrees | conventional rule agrees | plan with `releaseSignals: "conventional"` agrees | plan with `releaseOnDocs: false` agrees | plan with the intents agrees | plan − rule (cases) | below 1.0: plan / rule (cases) | from 1.0: plan / rule (cases) | level right where the plan releases | errors |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'Reading it. Where the plan and the conventional rule agree on a corpus, they disagree with the release on the same cases: ' +
      'releases that shipped a feature as a patch (the "patch ← minor" cells: vite, vue-core and commitlint release features in patch ' +
      'releases) or a breaking change as a minor, and releases whose commits carry no sign of their level (changesets decided levels ' +
      'in changeset files, which are not part of these histories). No signal in the commits tells those apart, and the plan does not ' +
      "guess. Where it gains, the gain is a convention the commits follow: ESLint's `New:`/`Update:`/`Breaking:` tags, dependency " +
      'updates, and changes to shipped files under types that do not release on their own. The strict column is the plan before ' +
      'these signals, and what one setting (`"releaseSignals": "conventional"`) gives back. The intents column replays each ' +
      "case's changeset files (the `intents` of changesets.jsonl) under `.changeset/`, as its tool left them before the release: " +
      'where a case has them they decide its bump, as changesets decides; the commits decide the rest. The other corpora have no ' +
      "intents, so there it equals the plan. The `releaseOnDocs: false` column is semantic-release's rule (documentation " +
      'alone releases nothing); every case here was released, so a range of documentation only that was not released never ' +
      'shows, and the column counts only what the rule costs where these projects did release such a range.',
    '',
    ...details,
  ].join('\n');
  if (args.includes('--write')) writeFileSync(join(__dirname, 'RESULTS.md'), `${report}\n`);
  else process.stdout.write(`\n${report}\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
