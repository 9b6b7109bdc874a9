import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { packageJson, TempRepo } from '../testing/temp-repo';
import { toolCachePath } from '../adapters/files';
import { planGateRelease, planWorkspaceRelease } from './plan-workspace';
import { runCli } from '../testing/run-cli';
import { linkInstalledPackages } from '../../../../tools/demo/sample-monorepo';

describe('a plan shared by the gate tasks of one run', () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo();
    repo.commit('chore: start', { 'package.json': packageJson('lib', '1.0.0'), '.gitignore': 'node_modules\n' });
    repo.tag('v1.0.0');
    repo.commit('feat: streaming parser', { 'src/parse.ts': 'export {};\n' });
  });
  afterEach(() => repo.remove());

  const sharedFiles = () => readdirSync(dirname(toolCachePath(repo.root, 'x'))).filter((name) => name.startsWith('plan-'));
  /** Marks the kept plan, so that a plan read back from it can be told from one computed again. */
  const markSharedPlan = () => {
    const path = toolCachePath(repo.root, sharedFiles()[0]);
    const shared = JSON.parse(readFileSync(path, 'utf8'));
    Object.assign(shared.plan.projects[0], { nextVersion: 'read-from-the-shared-plan', manifestVersion: 'read-from-the-shared-plan' });
    writeFileSync(path, JSON.stringify(shared));
  };
  const nextVersion = async (shared = true) =>
    (await (shared ? planGateRelease : planWorkspaceRelease)({ path: repo.root })).plan.projects[0].nextVersion;

  it('keeps the decisions it computes, without the commits, and the next task with the same inputs reads them back whole', async () => {
    const computed = await planGateRelease({ path: repo.root });
    const whole = await planWorkspaceRelease({ path: repo.root });
    expect(whole.plan.projects[0]).toMatchObject({ commits: [expect.objectContaining({ subject: 'streaming parser' })] });
    const { commits: _commits, reasons: _reasons, intents: _intents, ...decision } = whole.plan.projects[0];
    expect(computed.plan.projects).toEqual([decision]);
    expect(computed.plan.projects[0]).toMatchObject({ nextVersion: '1.1.0', decidedBy: expect.any(String) });
    expect(sharedFiles()).toHaveLength(1);
    expect((await planGateRelease({ path: repo.root })).plan).toEqual(computed.plan);

    markSharedPlan();
    expect(await nextVersion()).toBe('read-from-the-shared-plan');
    expect(await nextVersion(false)).toBe('1.1.0'); // the CLI and generators always plan afresh
  });

  it('plans afresh after a commit, a tag, a manifest edit or another option, and keeps one plan only', async () => {
    await nextVersion();
    markSharedPlan();
    repo.commit('fix: off by one', { 'src/parse.ts': 'export const n = 1;\n' });
    expect(await nextVersion()).toBe('1.1.0');

    markSharedPlan();
    repo.tag('v1.1.0');
    expect(await nextVersion()).toBeNull();

    markSharedPlan();
    repo.commit('fix: empty input');
    expect(await nextVersion()).toBe('1.1.1');

    markSharedPlan();
    expect((await planGateRelease({ path: repo.root, preid: 'rc' })).plan.projects[0].nextVersion).toBe('1.1.1-rc.0');

    markSharedPlan();
    repo.write({ 'package.json': packageJson('lib', '1.1.5') });
    expect((await planGateRelease({ path: repo.root })).plan.projects[0].manifestVersion).toBe('1.1.5');
    expect(sharedFiles()).toHaveLength(1);
  });

  it('plans afresh when the kept file is unreadable', async () => {
    await nextVersion();
    writeFileSync(toolCachePath(repo.root, sharedFiles()[0]), '{"fingerprint": ');
    expect(await nextVersion()).toBe('1.1.0');
  });
});

describe('projects the release leaves out, with why', () => {
  let repo: TempRepo;
  afterEach(() => repo.remove());

  it('names a Cargo crate that takes the workspace version, and releases the Cargo workspace root that carries it', async () => {
    repo = new TempRepo();
    repo.commit('chore: a cargo workspace', {
      'package.json': JSON.stringify({ name: 'tools', devDependencies: { nx: '23.2.1' } }),
      'nx.json': JSON.stringify({ release: { projectsRelationship: 'independent' } }),
      '.gitignore': 'node_modules\n.nx\n',
      'project.json': JSON.stringify({ name: 'cargo-ws' }),
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n\n[workspace.package]\nversion = "0.7.0"\n',
      'crates/engine/project.json': JSON.stringify({ name: 'engine' }),
      'crates/engine/Cargo.toml': '[package]\nname = "engine"\nversion.workspace = true\n',
    });
    linkInstalledPackages(repo.root);
    // In a child process, as users run it: Nx fixes its workspace root when first loaded in a process.
    const plan = await runCli(repo.root, ['plan', '--json']);
    expect(plan.code).toBe(0);
    const json = JSON.parse(plan.stdout) as { projects: Array<{ name: string; currentVersion: string }>; leftOut: Record<string, string> };
    expect(json.projects.map((project) => [project.name, project.currentVersion])).toEqual([['cargo-ws', '0.7.0']]);
    expect(json.leftOut.engine).toMatch(/^its Cargo\.toml takes the version of the Cargo workspace \(version\.workspace = true\)/);
    expect((await runCli(repo.root, ['plan'])).stdout).toMatch(/\nLeft out:\n {2}engine: its Cargo\.toml takes the version/);
  });
});
