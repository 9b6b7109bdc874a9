import { readNxJson, updateNxJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { addQualityEvidence, createSampleMonorepo, NEXT_VERSIONS } from '../../../../../tools/demo/sample-monorepo';
import { packageJson, type TempRepo } from '../../testing/temp-repo';
import { runCli } from '../../testing/run-cli';
import { runNode } from '../../testing/run-node';
import { runNx } from '../../testing/run-nx';
import initGenerator, { DEFAULT_PLUGIN_OPTIONS } from './init';

describe('init generator', () => {
  it('registers the plugin with its defaults and an independent release section', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await initGenerator(tree, {});
    const nxJson = readNxJson(tree);
    expect(nxJson?.plugins).toContainEqual({ plugin: 'nx-release-process', options: DEFAULT_PLUGIN_OPTIONS });
    expect(nxJson?.release).toEqual({ projectsRelationship: 'independent', releaseTag: { pattern: '{projectName}@{version}' } });
    expect(nxJson?.targetDefaults?.['release-gate']).toEqual({ cache: true });
    expect(Object.keys(nxJson?.targetDefaults ?? {})).toEqual(
      expect.arrayContaining(['version-gate', 'test-gate', 'checklist-gate', 'benchmark-gate']),
    );
  });

  it('keeps target defaults a team already set for a gate', async () => {
    const tree = createTreeWithEmptyWorkspace();
    updateNxJson(tree, { ...readNxJson(tree), targetDefaults: { 'test-gate': { cache: false } } });
    await initGenerator(tree, {});
    expect(readNxJson(tree)?.targetDefaults?.['test-gate']).toEqual({ cache: false });
  });

  it('uses v{version} for a fixed release', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await initGenerator(tree, { projectsRelationship: 'fixed' });
    expect(readNxJson(tree)?.release).toEqual({ projectsRelationship: 'fixed', releaseTag: { pattern: 'v{version}' } });
  });

  it('is idempotent and keeps what teams already configured', async () => {
    const tree = createTreeWithEmptyWorkspace();
    const nxJson = readNxJson(tree) ?? {};
    nxJson.release = { groups: { core: { projects: ['a'], projectsRelationship: 'fixed' } } };
    nxJson.plugins = [{ plugin: 'nx-release-process', options: { releaseTypes: ['feat'] } }];
    updateNxJson(tree, nxJson);
    await initGenerator(tree, {});
    const once = tree.read('nx.json', 'utf-8');
    await initGenerator(tree, { projectsRelationship: 'fixed' });
    expect(tree.read('nx.json', 'utf-8')).toBe(once);
    const after = readNxJson(tree);
    expect(after?.release).toEqual({ groups: { core: { projects: ['a'], projectsRelationship: 'fixed' } } });
    expect(after?.plugins).toEqual([{ plugin: 'nx-release-process', options: { releaseTypes: ['feat'] } }]);
  });

  it("registers no plugin where nx.json sets useInferencePlugins to false, as Nx's own plugins do", async () => {
    const tree = createTreeWithEmptyWorkspace();
    updateNxJson(tree, { ...readNxJson(tree), useInferencePlugins: false });
    await initGenerator(tree, {});
    expect(JSON.stringify(readNxJson(tree)?.plugins ?? [])).not.toContain('nx-release-process');
    expect(readNxJson(tree)?.pluginsConfig).toEqual({ 'nx-release-process': DEFAULT_PLUGIN_OPTIONS });
  });

  it("moves pluginsConfig's options into an entry that named the plugin alone", async () => {
    const tree = createTreeWithEmptyWorkspace();
    const options = { releaseTypes: ['feat'] };
    updateNxJson(tree, { ...readNxJson(tree), plugins: ['nx-release-process'], pluginsConfig: { 'nx-release-process': options } });
    await initGenerator(tree, {});
    expect(readNxJson(tree)?.plugins).toEqual([{ plugin: 'nx-release-process', options }]);
    expect(readNxJson(tree)?.pluginsConfig).toBeUndefined();
  });

  it("leaves a target a team wrote beside the plugin's as it is", async () => {
    const repo = createSampleMonorepo();
    try {
      const manifest = join(repo.root, 'packages/gpu-kernels/package.json');
      const own = { executor: 'nx-release-process:gates', options: { gate: 'release-gate' }, inputs: ['default'] };
      writeFileSync(
        manifest,
        `${JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), nx: { targets: { 'release-gate': own } } }, null, 2)}\n`,
      );
      const before = readFileSync(manifest, 'utf8');
      const result = await runNx(repo.root, ['g', 'nx-release-process:init']);
      expect(result.code).toBe(0);
      expect(readFileSync(manifest, 'utf8')).toBe(before);
    } finally {
      repo.remove();
    }
  });

  it('changes nothing on a second run', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await initGenerator(tree, {});
    const once = tree.read('nx.json', 'utf-8');
    await initGenerator(tree, {});
    expect(tree.read('nx.json', 'utf-8')).toBe(once);
  });
});

describe('init in a real workspace', () => {
  it("writes nx.json as the workspace's Prettier would, so `prettier --check` stays green", async () => {
    const repo = createSampleMonorepo();
    try {
      // A workspace with Prettier installed, as the one the issue came from.
      symlinkSync(resolve(__dirname, '../../../../../node_modules/prettier'), join(repo.root, 'node_modules', 'prettier'), 'dir');
      writeFileSync(join(repo.root, '.prettierrc'), JSON.stringify({ printWidth: 80, singleQuote: true }));
      const result = await runNx(repo.root, ['g', 'nx-release-process:init']);
      expect(result.code).toBe(0);
      expect(readFileSync(join(repo.root, 'nx.json'), 'utf8')).toContain('"targetDefaults"');
      const check = await runNode(join(repo.root, 'node_modules/prettier/bin/prettier.cjs'), ['--check', 'nx.json'], repo.root);
      expect(check.stderr).toBe('');
      expect(check.code).toBe(0);
    } finally {
      repo.remove();
    }
  });
});

describe('init without the plugin (--addPlugin=false)', () => {
  let repo: TempRepo;
  const projects = ['docs-site', ...Object.keys(NEXT_VERSIONS)];
  /** Each project's targets run by this package's executors, as Nx resolves them. */
  const releaseTargets = async () => {
    const result: Record<string, Record<string, unknown>> = {};
    for (const project of projects) {
      const shown = await runNx(repo.root, ['show', 'project', project, '--json']);
      if (shown.code !== 0) throw new Error(shown.stdout + shown.stderr);
      const targets = (JSON.parse(shown.stdout) as { targets: Record<string, { executor?: string }> }).targets;
      result[project] = Object.fromEntries(
        Object.entries(targets).filter(([, target]) => target.executor?.startsWith('nx-release-process:')),
      );
    }
    return result;
  };
  const nxJson = () => JSON.parse(readFileSync(join(repo.root, 'nx.json'), 'utf8'));
  let inferred: Record<string, Record<string, unknown>>;
  let pluginOptions: unknown;

  beforeAll(async () => {
    repo = createSampleMonorepo();
    addQualityEvidence(repo);
    // one project with a project.json beside its package.json, where Nx reads its targets first
    repo.commit('chore: docs-site has a project.json', {
      'packages/docs-site/project.json': `${JSON.stringify({ name: 'docs-site', targets: { serve: { command: 'echo serve' } } }, null, 2)}\n`,
    });
    const prepared = await runNx(repo.root, ['g', 'release-branch']);
    if (prepared.code !== 0) throw new Error(prepared.stdout + prepared.stderr);
    inferred = await releaseTargets();
    pluginOptions = nxJson().plugins[0].options;
  });
  afterAll(() => repo.remove());

  it('writes the targets the plugin infers into each project and keeps its options in pluginsConfig', async () => {
    const result = await runNx(repo.root, ['g', 'nx-release-process:init', '--addPlugin=false']);
    expect(result.code).toBe(0);
    expect(nxJson().plugins).toBeUndefined();
    expect(nxJson().pluginsConfig).toEqual({ 'nx-release-process': pluginOptions });
    // in each package.json, where Nx reads a package's own targets
    const written = JSON.parse(readFileSync(join(repo.root, 'packages/gpu-kernels/package.json'), 'utf8'));
    expect(Object.keys(written.nx.targets)).toEqual(expect.arrayContaining(['release-gate', 'benchmark-gate', 'release']));
    expect(Object.keys(inferred['gpu-kernels'])).toEqual(expect.arrayContaining(['release-gate', 'benchmark-gate', 'release']));
    // in project.json alone where a project has one, beside the team's own targets
    const projectJson = JSON.parse(readFileSync(join(repo.root, 'packages/docs-site/project.json'), 'utf8'));
    expect(Object.keys(projectJson.targets)).toEqual(expect.arrayContaining(['serve', 'release-gate', 'release']));
    expect(JSON.parse(readFileSync(join(repo.root, 'packages/docs-site/package.json'), 'utf8')).nx).toBeUndefined();
    // the same targets, option for option, that the plugin gave
    expect(await releaseTargets()).toEqual(inferred);
  });

  it('changes nothing when run again', async () => {
    const before = repo.git('status', '--porcelain');
    const diff = repo.git('diff');
    const result = await runNx(repo.root, ['g', 'nx-release-process:init']);
    expect(result.code).toBe(0);
    expect(repo.git('status', '--porcelain')).toBe(before);
    expect(repo.git('diff')).toBe(diff);
  });

  it('passes the release gates, each report stamped by the gate itself with what it judged: no hook runs', async () => {
    const head = repo.git('rev-parse', 'HEAD');
    const stamps = () =>
      Object.keys(NEXT_VERSIONS).map((project) => {
        const report = JSON.parse(readFileSync(join(repo.root, 'dist/release-gates', project, 'release-gate.json'), 'utf8'));
        return {
          project,
          status: report.status,
          commit: report.judged?.commit,
          uncommitted: Object.keys(report.judged?.uncommitted ?? {}),
        };
      });
    // the package.json files the targets were written into are uncommitted, so each stamp names them
    const expected = Object.keys(NEXT_VERSIONS).map((project) => ({
      project,
      status: 'pass',
      commit: head,
      uncommitted: expect.arrayContaining([`packages/${project}/package.json`]),
    }));
    const env = { NX_CACHE_DIRECTORY: join(repo.root, '.nx/cache') };
    // all gates of the run in one process (Nx's batch, as by default)
    const batched = await runNx(repo.root, ['run-many', '-t', 'release-gate', '--output-style=static'], env);
    expect(batched.code).toBe(0);
    expect(stamps()).toEqual(expected);
    // the options read from pluginsConfig: the README is a version file by its pattern there
    const versionGate = JSON.parse(readFileSync(join(repo.root, 'dist/release-gates/gpu-kernels/version-gate.json'), 'utf8'));
    expect(versionGate.checks.find((check: { name: string }) => check.name === 'same version in every file').detail).toContain(
      'packages/gpu-kernels/README.md',
    );
    // and each in a process of its own, which the plugin's hook would otherwise have stamped after the run
    rmSync(join(repo.root, 'dist/release-gates'), { recursive: true });
    const alone = await runNx(
      repo.root,
      ['run', 'strategy-api:release-gate', '--batch=false', '--skip-nx-cache', '--output-style=static'],
      env,
    );
    expect(alone.code).toBe(0);
    expect(stamps()).toEqual(expected);
  });

  it('holds back the release of a project added since the targets were written, saying to run init', async () => {
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'chore: the release targets written into each project');
    repo.commit('feat(new-lib): a new library', {
      'packages/new-lib/package.json': packageJson('new-lib', '0.1.0'),
      'packages/new-lib/index.js': 'module.exports = {};\n',
    });
    const refused = await runCli(repo.root, ['release', '--no-push', '--no-publish']);
    expect(refused.stderr).toContain('new-lib: it has no release-gate target, and this workspace writes its targets out');
    expect(refused.stderr).toContain('nx g nx-release-process:init');
    expect(refused.code).toBe(1);
    expect(repo.git('tag', '--list', 'new-lib@*')).toBe('');
    // as it was before: the targets written but not committed, and no new library
    repo.git('reset', '-q', '--hard', 'HEAD~1');
    repo.git('reset', '-q', 'HEAD~1');
  });

  it('goes back to the plugin with --addPlugin=true: the options in its entry, the projects as they were', async () => {
    const result = await runNx(repo.root, ['g', 'nx-release-process:init', '--addPlugin=true']);
    expect(result.code).toBe(0);
    expect(nxJson().plugins).toEqual([{ plugin: 'nx-release-process', options: pluginOptions }]);
    expect(nxJson().pluginsConfig).toBeUndefined();
    expect(repo.git('diff', '--', 'packages')).toBe('');
    expect(await releaseTargets()).toEqual(inferred);
  });
});
