import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSampleMonorepo } from '../../../../tools/demo/sample-monorepo';
import { runCli } from '../testing/run-cli';
import { packageJson, TempRepo } from '../testing/temp-repo';

interface JsonPlan {
  workspace: { kind: string };
  projects: Array<{
    name: string;
    bump: string;
    currentVersion: string;
    nextVersion: string | null;
    nextTag: string | null;
    lastTag: string | null;
    decidedBy: string;
    reasons: Array<{ kind: string; dependency?: string; header?: string; signal?: string }>;
  }>;
}

async function jsonPlan(cwd: string, ...args: string[]): Promise<JsonPlan> {
  const result = await runCli(cwd, ['plan', '--json', ...args]);
  if (result.code !== 0) throw new Error(`plan failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as JsonPlan;
}

const versions = (plan: JsonPlan) => Object.fromEntries(plan.projects.map((p) => [p.name, p.nextVersion]));

describe('release-process on an Nx monorepo', () => {
  let repo: TempRepo;
  beforeAll(() => (repo = createSampleMonorepo()));
  afterAll(() => repo.remove());

  it('--json is written a project at a time, as the very text JSON.stringify(plan, null, 2) gives', async () => {
    const result = await runCli(repo.root, ['plan', '--json']);
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as JsonPlan;
    expect(plan.projects.length).toBeGreaterThan(3);
    expect(result.stdout).toBe(`${JSON.stringify(plan, null, 2)}\n`);
    const none = await runCli(repo.root, ['plan', '--json', '--project', 'tag:no-such-tag']);
    if (none.code === 0) expect(none.stdout).toBe(`${JSON.stringify(JSON.parse(none.stdout), null, 2)}\n`);
  });

  it('ends quietly when the reader goes away (plan --json | head -1)', () => {
    const cli = join(__dirname, '../../bin/release-process.js');
    // The shell's pipeline, as a user types it; the status is the CLI's own (PIPESTATUS), not head's.
    const out = execFileSync(
      'bash',
      [
        '-c',
        `set -o pipefail; node "${cli}" plan --json 2>"$1" | head -c 1; echo " \${PIPESTATUS[0]}"`,
        '_',
        join(repo.root, 'stderr.txt'),
      ],
      {
        cwd: repo.root,
        encoding: 'utf8',
      },
    );
    expect(out).toBe('{ 0\n');
    expect(readFileSync(join(repo.root, 'stderr.txt'), 'utf8')).toBe('');
    rmSync(join(repo.root, 'stderr.txt'));
  });

  it('plans every project from the Nx graph, dependents included, and says why', async () => {
    const plan = await jsonPlan(repo.root);
    expect(plan.workspace.kind).toBe('nx');
    expect(versions(plan)).toEqual({
      'docs-site': null,
      'gpu-kernels': '1.4.0',
      'pricing-engine': '2.1.1',
      'strategy-api': '0.5.0',
    });
    const pricing = plan.projects.find((p) => p.name === 'pricing-engine');
    expect(pricing?.reasons).toEqual([
      expect.objectContaining({ kind: 'commit', header: 'perf(pricing): vectorise Monte Carlo path generation' }),
      { kind: 'dependency', dependency: 'gpu-kernels' },
    ]);
    expect(plan.projects.find((p) => p.name === 'strategy-api')?.lastTag).toBe('strategy-api@0.4.2');
  });

  it('prints a readable plan', async () => {
    const result = await runCli(repo.root, ['plan']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/gpu-kernels\s+1\.3\.0 -> 1\.4\.0\s+minor \(conventional feat\)\s+tag gpu-kernels@1\.4\.0/);
    expect(result.stdout).toMatch(/minor\s+\w{7} feat\(api\)!: stream quotes over WebSocket\s+\[conventional breaking change\]/);
    expect(result.stdout).toContain('dependency gpu-kernels updated to 1.4.0');
    expect(result.stdout).toMatch(
      /docs-site\s+1\.0\.0\s+no release: only docs\/tests changed \(since docs-site@1\.0\.0\)\n\s+1 commit, none that release \(docs\)/,
    );
    expect(result.stdout).toContain('3 of 4 projects to release.');
  });

  it("takes Nx's production input for the files a project ships: a change to tests alone releases nothing", async () => {
    const nx = createSampleMonorepo();
    try {
      nx.tag('gpu-kernels@1.4.0').tag('pricing-engine@2.1.1').tag('strategy-api@0.5.0');
      const nxJson = JSON.parse(readFileSync(join(nx.root, 'nx.json'), 'utf8'));
      nxJson.namedInputs = { default: ['{projectRoot}/**/*'], production: ['default', '!{projectRoot}/**/*.spec.ts'] };
      nx.commit('ci: production input', { 'nx.json': `${JSON.stringify(nxJson, null, 2)}\n` });
      nx.commit('refactor(pricing): cover the clamp', { 'packages/pricing-engine/src/black-scholes.spec.ts': 'test' });
      nx.commit('chore(api): route table', { 'packages/strategy-api/src/server.ts': 'export const routes = ["quotes"];\n' });
      const plan = await jsonPlan(nx.root);
      const pricing = plan.projects.find((p) => p.name === 'pricing-engine');
      expect(pricing).toMatchObject({ nextVersion: null, decidedBy: 'only docs/tests changed' });
      const api = plan.projects.find((p) => p.name === 'strategy-api');
      expect(api).toMatchObject({ nextVersion: '0.5.1', decidedBy: 'changed production files' });
      expect(api?.reasons).toEqual([
        expect.objectContaining({ kind: 'commit', signal: 'changed production files', header: 'chore(api): route table' }),
      ]);
    } finally {
      nx.remove();
    }
  });

  it('releases the dependents of a fixed leaf, transitively, with a patch', async () => {
    const leaf = createSampleMonorepo();
    try {
      leaf.tag('gpu-kernels@1.4.0').tag('pricing-engine@2.1.1').tag('strategy-api@0.5.0');
      leaf.commit('fix(kernels): guard against empty batches', { 'packages/gpu-kernels/src/matmul.cu': '// guarded\n' });
      const plan = await jsonPlan(leaf.root);
      expect(versions(plan)).toEqual({
        'docs-site': null,
        'gpu-kernels': '1.4.1',
        'pricing-engine': '2.1.2',
        'strategy-api': '0.5.1',
      });
      expect(plan.projects.find((p) => p.name === 'strategy-api')?.reasons).toEqual([{ kind: 'dependency', dependency: 'pricing-engine' }]);
      const fromLeaf = await jsonPlan(leaf.root, '--project', 'gpu-kernels');
      expect(versions(fromLeaf)).toEqual({ 'gpu-kernels': '1.4.1', 'pricing-engine': '2.1.2', 'strategy-api': '0.5.1' });
      // pricing-engine has nothing of its own since its last tag: selecting it alone releases nothing.
      expect(versions(await jsonPlan(leaf.root, '--projects', 'pricing-engine'))).toEqual({ 'pricing-engine': null });
    } finally {
      leaf.remove();
    }
  });

  it('prints release notes and a changelog section for one project', async () => {
    const notes = await runCli(repo.root, ['notes', '--project', 'strategy-api']);
    expect(notes.code).toBe(0);
    expect(notes.stdout).toMatch(/^# Release strategy-api@0\.5\.0\n/);
    expect(notes.stdout).toContain('## 🌟 New Features\n- **api:** stream quotes over WebSocket');
    expect(notes.stdout).toContain('- update dependency pricing-engine to 2.1.1');
    expect(notes.stdout).toContain(
      '## 🔄 Migration Guide\nSteps to upgrade from 0.4.x to 0.5.0:\n- **api:** GET /quotes is gone; subscribe to /ws/quotes instead.',
    );
    const changelog = await runCli(repo.root, ['notes', '--project', 'gpu-kernels', '--format', 'changelog']);
    expect(changelog.stdout).toMatch(
      /^## \[1\.4\.0\] - \d{4}-\d\d-\d\d\n\n### Added\n- \*\*kernels:\*\* add FP8 GEMM kernel for Hopper GPUs \([0-9a-f]{7}\), closes #41\n\n### Fixed\n/,
    );
  });

  it.each([['plan'], ['notes']])('%s names an unknown project and lists the known ones', async (command) => {
    const result = await runCli(repo.root, [command, '--project', 'pricing-engin']);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(
      'release-process: unknown project "pricing-engin" in --project. Known releasable projects: docs-site, gpu-kernels, pricing-engine, strategy-api\n',
    );
  });

  it('refuses notes for a project with nothing to release', async () => {
    const result = await runCli(repo.root, ['notes', '--project', 'docs-site']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/docs-site has nothing to release since docs-site@1\.0\.0/);
  });

  it('names an invalid version in a manifest', async () => {
    const broken = createSampleMonorepo();
    try {
      broken.write({ 'packages/docs-site/package.json': packageJson('docs-site', 'latest') });
      const result = await runCli(broken.root, ['plan']);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'release-process: invalid version "latest" in packages/docs-site/package.json. Set a semantic version such as 1.2.0 or 1.2.0-rc.1\n',
      );
    } finally {
      broken.remove();
    }
  });
});

describe('release-process on a wide Nx workspace', () => {
  /** A chain p0 <- p1 <- ... of projects in one fixed group tagged v1.0.0, docs since, one fix. */
  function chainWorkspace(size: number): TempRepo {
    const repo = new TempRepo();
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'wide', private: true, workspaces: ['libs/*'] }),
      'nx.json': '{ "release": { "projectsRelationship": "fixed" } }',
    };
    for (let i = 0; i < size; i++) {
      files[`libs/p${i}/package.json`] = packageJson(`p${i}`, '1.0.0', i > 0 ? { [`p${i - 1}`]: '^1.0.0' } : {});
    }
    repo.commit('chore: init', files);
    repo.tag('v1.0.0');
    for (let i = 0; i < size; i += 3) repo.commit(`docs(p${i}): notes`, { [`libs/p${i}/README.md`]: `${i}` });
    repo.commit('fix(p1): off by one', { 'libs/p1/index.ts': 'fix' });
    return repo;
  }

  /** Runs plan with a git on PATH that records each git command before running the real one. */
  async function planCountingGit(repo: TempRepo): Promise<{ plan: JsonPlan; gitCommands: string[] }> {
    const shim = mkdtempSync(join(tmpdir(), 'git-shim-'));
    try {
      const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
      const log = join(shim, 'calls.log');
      writeFileSync(join(shim, 'git'), `#!/bin/sh\necho "$1" >> "${log}"\nexec "${real}" "$@"\n`);
      chmodSync(join(shim, 'git'), 0o755);
      const result = await runCli(repo.root, ['plan', '--json'], { PATH: `${shim}:${process.env.PATH}` });
      expect(result.stderr).toBe('');
      return { plan: JSON.parse(result.stdout) as JsonPlan, gitCommands: readFileSync(log, 'utf8').trim().split('\n') };
    } finally {
      rmSync(shim, { recursive: true, force: true });
    }
  }

  it('runs one git log and as many git processes for 30 projects as for 3', async () => {
    const small = chainWorkspace(3);
    const wide = chainWorkspace(30);
    try {
      const few = await planCountingGit(small);
      const many = await planCountingGit(wide);
      expect(many.gitCommands.filter((command) => command === 'log')).toHaveLength(1);
      expect(many.gitCommands.length).toBe(few.gitCommands.length);
      // One fixed group: a fix anywhere releases every project on one version and one tag.
      expect(many.plan.projects).toHaveLength(30);
      expect(new Set(many.plan.projects.map((p) => `${p.nextVersion} ${p.nextTag}`))).toEqual(new Set(['1.0.1 v1.0.1']));
    } finally {
      small.remove();
      wide.remove();
    }
  });
});

describe('release-process on a plain repository', () => {
  let repo: TempRepo;
  beforeEach(() => (repo = new TempRepo()));
  afterEach(() => repo.remove());

  it('runs rc.0 -> rc.1 -> final with tags in between', async () => {
    repo.commit('chore: start', { 'package.json': packageJson('engine', '1.1.0') });
    repo.tag('v1.1.0');
    repo.commit('feat: faster pricer', { 'src/a.ts': '1' });

    const rc0 = await jsonPlan(repo.root, '--preid', 'rc');
    expect(rc0.workspace.kind).toBe('plain');
    expect(rc0.projects[0]).toMatchObject({ name: 'engine', currentVersion: '1.1.0', nextVersion: '1.2.0-rc.0', nextTag: 'v1.2.0-rc.0' });
    repo.tag('v1.2.0-rc.0');

    expect((await jsonPlan(repo.root, '--preid', 'rc')).projects[0].nextVersion).toBeNull();
    repo.commit('fix: rounding', { 'src/a.ts': '2' });
    const rc1 = await jsonPlan(repo.root, '--preid', 'rc');
    expect(rc1.projects[0]).toMatchObject({ currentVersion: '1.2.0-rc.0', nextVersion: '1.2.0-rc.1' });
    repo.tag('v1.2.0-rc.1');

    const final = await jsonPlan(repo.root, '--promote');
    expect(final.projects[0]).toMatchObject({ currentVersion: '1.2.0-rc.1', nextVersion: '1.2.0', nextTag: 'v1.2.0' });
    const notes = await runCli(repo.root, ['notes', '--promote']);
    expect(notes.stdout).toContain('## 🌟 New Features\n- faster pricer');
    expect(notes.stdout).toContain('## 🐛 Bug Fixes\n- rounding');
  });

  it('says which signal decided, from the history of a package that is not conventional', async () => {
    repo.commit('Initial import', {
      'package.json': JSON.stringify({ name: 'semver', version: '1.0.0', files: ['semver.js', 'bin'] }),
      'semver.js': '1',
    });
    repo.tag('v1.0.0');
    repo.commit('Test the range parser', { 'test/range.js': '1' });
    expect((await jsonPlan(repo.root)).projects[0]).toMatchObject({ nextVersion: null, decidedBy: 'only docs/tests changed' });
    repo.commit('Add inc function', { 'semver.js': '2' });
    expect((await jsonPlan(repo.root)).projects[0]).toMatchObject({ nextVersion: '1.0.1', decidedBy: 'changed production files' });
    repo.commit('deps: update meow', {
      'package.json': JSON.stringify({ name: 'semver', version: '1.0.0', files: ['semver.js', 'bin'], dependencies: { meow: '2' } }),
    });
    repo.commit('New: a coerce function', { 'semver.js': '3' });
    const plan = (await jsonPlan(repo.root)).projects[0];
    expect(plan).toMatchObject({ nextVersion: '1.1.0', decidedBy: 'keyword "New"' });
    expect(plan.reasons.map((reason) => reason.signal)).toEqual(['keyword "New"', 'dependency update', 'changed production files']);
    const text = await runCli(repo.root, ['plan']);
    expect(text.stdout).toMatch(/semver\s+1\.0\.0 -> 1\.1\.0\s+minor \(keyword "New"\)/);
    expect(text.stdout).toMatch(/patch\s+\w{7} deps: update meow\s+\[dependency update\]/);
  });

  it('plans a sub-folder given with --path, from --from to --to', async () => {
    const first = repo.commit('feat: a', { 'svc/package.json': packageJson('svc', '0.2.0'), 'other/x': '1' });
    repo.tag('v0.2.0');
    repo.commit('feat: b', { 'svc/b.ts': 'b' });
    const middle = repo.commit('fix: c', { 'other/x': '2' });
    repo.commit('feat!: d', { 'svc/d.ts': 'd' });
    const plan = await jsonPlan(tmpdir(), '--path', join(repo.root, 'svc'), '--from', first, '--to', middle);
    expect(plan.projects[0]).toMatchObject({ name: 'svc', currentVersion: '0.2.0', bump: 'patch', nextVersion: '0.2.1' });
  });

  it('releases a never-tagged project at its manifest version', async () => {
    repo.commit('feat: first', { 'pyproject.toml': '[project]\nname = "kernels"\nversion = "0.1.0"\n' });
    const plan = await jsonPlan(repo.root);
    expect(plan.projects[0]).toMatchObject({ lastTag: null, nextVersion: '0.1.0', reasons: [{ kind: 'first-release' }] });
  });

  it.each([
    [['plan', '--to', 'nope'], /^release-process: unknown git ref "nope"\. Check the name/],
    [['plan', '--preid', 'r c'], /^release-process: invalid --preid "r c"/],
    [['plan', '--preid', 'rc', '--promote'], /Arguments preid and promote are mutually exclusive/],
    [['plan', '--promote'], /nothing to promote.*--preid rc/],
    [['deploy'], /Unknown argument: deploy/],
  ])('fails %j with one clear line', async (args, message) => {
    repo.commit('feat: a', { 'package.json': packageJson('a', '1.0.0') });
    repo.tag('v1.0.0');
    const result = await runCli(repo.root, args);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('shows the stack with --verbose', async () => {
    repo.commit('feat: a', { 'package.json': packageJson('a', '1.0.0') });
    const result = await runCli(repo.root, ['plan', '--to', 'nope', '--verbose']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/unknown git ref "nope"[\s\S]*\n\s+at /);
  });

  it('refuses a folder that is not a git repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plain-'));
    try {
      const result = await runCli(dir, ['plan']);
      expect(result).toMatchObject({ code: 1 });
      expect(result.stderr).toBe(`release-process: ${dir} is not in a git repository. Run inside a repository, or pass --path to one\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a shallow clone with the fix', async () => {
    repo.commit('feat: a', { 'package.json': packageJson('a', '1.0.0') });
    repo.commit('fix: b', { 'b.txt': 'b' });
    const clone = mkdtempSync(join(tmpdir(), 'shallow-cli-'));
    try {
      execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo.root}`, clone]);
      const result = await runCli(clone, ['plan']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/is a shallow clone.*git fetch --unshallow --tags.*fetch-depth: 0/);
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });
});
