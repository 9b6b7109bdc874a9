import { execFileSync } from 'node:child_process';
import { lastRunSteps, type StepRecord } from '../adapters/step-journal';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { configurePlugin, createSampleMonorepo } from '../../../../tools/demo/sample-monorepo';
import { runCli } from '../testing/run-cli';
import { runNx } from '../testing/run-nx';
import type { TempRepo } from '../testing/temp-repo';

// The changesets CLI of the 2.x line, which runs on Node 20 (3.x needs Node 22).
const CHANGESET_CLI = resolve(__dirname, '../../../../node_modules/@changesets/cli/bin.js');
const CHANGESET_CONFIG = {
  $schema: 'https://unpkg.com/@changesets/config/schema.json',
  changelog: false,
  commit: false,
  fixed: [],
  linked: [],
  access: 'public',
  baseBranch: 'main',
  updateInternalDependencies: 'patch',
  ignore: [],
};

interface PlannedProject {
  name: string;
  nextVersion: string | null;
  decidedBy: string;
  reasons: Array<{ kind: string; file?: string }>;
}

/**
 * Intents in an Nx workspace as a user keeps them: two changesets (with changesets' own config) and one Nx
 * version plan, committed with the changes; the plan, the release branch and the real changesets CLI.
 */
describe('release intents: changesets and version plans in an Nx workspace', () => {
  let repo: TempRepo;
  const plan = async (...args: string[]) => {
    const result = await runCli(repo.root, ['plan', '--json', ...args]);
    expect(result.stderr).toBe('');
    return new Map((JSON.parse(result.stdout).projects as PlannedProject[]).map((project) => [project.name, project]));
  };

  beforeEach(() => {
    repo = createSampleMonorepo();
    repo.commit('chore: set up changesets and version plans', {
      // As Nx writes it: its cache ignored, its version plans kept.
      '.gitignore': 'node_modules\n.nx/cache\n.nx/workspace-data\ndist\n',
      '.changeset/config.json': `${JSON.stringify(CHANGESET_CONFIG, null, 2)}\n`,
      '.changeset/README.md': '# Changesets\n\nNot an intent: changesets ships this file.\n',
    });
    repo.commit('chore: changeset for the kernels fix', {
      '.changeset/quiet-ants-sing.md': '---\n"gpu-kernels": patch\n---\n\nFix the reduction race on Hopper GPUs\n',
    });
    repo.commit('feat(pricing): american options', {
      'packages/pricing-engine/src/american.ts': 'export const american = true;\n',
      '.changeset/loud-owls-fly.md': "---\n'pricing-engine': minor\n---\n\nPrice American options with the binomial model\n",
    });
    repo.commit('docs: version plan for the site', {
      '.nx/version-plans/site-nav.md': '---\ndocs-site: minor\n---\n\nA new navigation for the documentation site\n',
    });
  });
  afterEach(() => repo.remove());

  it('lets the intents decide, says so, and agrees with `changeset status` on the changesets', async () => {
    const planned = await plan();
    expect([...planned.values()].map((project) => [project.name, project.nextVersion, project.decidedBy]).sort()).toEqual([
      ['docs-site', '1.1.0', 'intent'],
      ['gpu-kernels', '1.3.1', 'intent'], // its feat commit would have made it 1.4.0: the intent decides
      ['pricing-engine', '2.2.0', 'intent'],
      ['strategy-api', '0.5.0', 'conventional breaking change'], // no intent: its commits decide
    ]);
    expect(planned.get('pricing-engine')?.reasons).toEqual([
      { kind: 'intent', file: '.changeset/loud-owls-fly.md', bump: 'minor', summary: 'Price American options with the binomial model' },
      { kind: 'dependency', dependency: 'gpu-kernels' },
    ]);

    // With intents required (as changesets works), the real changesets CLI and the plan agree on every package it releases.
    configurePlugin(repo, { intents: { required: true } }, 'chore: intents decide');
    const required = await plan();
    execFileSync(process.execPath, [CHANGESET_CLI, 'status', '--output=changesets.json'], { cwd: repo.root, stdio: 'pipe' });
    const releases = (
      JSON.parse(readFileSync(join(repo.root, 'changesets.json'), 'utf8')) as {
        releases: Array<{ name: string; type: string; newVersion: string }>;
      }
    ).releases;
    const theirs = releases
      .filter((release) => release.type !== 'none')
      .map((release) => [release.name, release.newVersion])
      .sort();
    // As changesets decides dependents: strategy-api's ^2.1.0 still takes pricing-engine 2.2.0, so it is not released.
    expect(theirs).toEqual([
      ['gpu-kernels', '1.3.1'],
      ['pricing-engine', '2.2.0'],
    ]);
    const ours = [...required.values()].filter((project) => project.nextVersion).map((project) => [project.name, project.nextVersion]);
    expect(ours.filter(([name]) => name !== 'docs-site').sort()).toEqual(theirs);
    expect(required.get('docs-site')?.nextVersion).toBe('1.1.0'); // the version plan, which changesets does not read
  });

  it('release-branch writes notes from the intents and consumes their files in the release commit; --abort would have kept them', async () => {
    const dryRun = await runNx(repo.root, ['g', 'release-branch', '--dry-run']);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain('DELETE .changeset/quiet-ants-sing.md');
    expect(dryRun.stdout).toContain('DELETE .nx/version-plans/site-nav.md');
    expect(existsSync(join(repo.root, '.changeset/quiet-ants-sing.md'))).toBe(true);

    const result = await runNx(repo.root, ['g', 'release-branch']);
    expect(result.code).toBe(0);
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(readdirSync(join(repo.root, '.changeset')).sort()).toEqual(['README.md', 'config.json']);
    expect(existsSync(join(repo.root, '.nx/version-plans/site-nav.md'))).toBe(false);
    const consumed = repo
      .git('show', '--name-status', '--format=', 'HEAD')
      .split('\n')
      .filter((line) => line.startsWith('D\t'));
    expect(consumed.sort()).toEqual([
      'D\t.changeset/loud-owls-fly.md',
      'D\t.changeset/quiet-ants-sing.md',
      'D\t.nx/version-plans/site-nav.md',
    ]);
    const notes = readFileSync(join(repo.root, 'RELEASE_NOTES.md'), 'utf8');
    expect(notes).toContain('# Release pricing-engine@2.2.0\n\n## 🌟 New Features\n- Price American options with the binomial model (');
    expect(notes).not.toContain('american options (');
    expect(notes).toMatch(
      /# Release gpu-kernels@1\.3\.1\n\n## 🌟 New Features\n- \*\*kernels:\*\* add FP8 GEMM kernel for Hopper GPUs[^\n]*\n\n## 🐛 Bug Fixes\n- Fix the reduction race on Hopper GPUs \(/,
    );
    const changelog = readFileSync(join(repo.root, 'packages/docs-site/CHANGELOG.md'), 'utf8');
    expect(changelog).toContain('## [1.1.0] - ');
    expect(changelog).toContain('### Added\n- A new navigation for the documentation site');

    // Consumed: the next plan has nothing left to release on them.
    const next = await plan();
    expect(next.get('docs-site')?.reasons ?? []).not.toContainEqual(expect.objectContaining({ kind: 'intent' }));
  });

  it('a hotfix consumes the intents its cherry-picked commits brought, and tells them as fixes', async () => {
    const fix = repo.git('log', '--format=%H', '-1', '--', '.changeset/quiet-ants-sing.md');
    const result = await runNx(repo.root, ['g', 'hotfix', 'gpu-kernels@1.3.0', `--commits=${fix}`]);
    expect(result.code).toBe(0);
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('hotfix/gpu-kernels@1.3.1');
    expect(existsSync(join(repo.root, '.changeset/quiet-ants-sing.md'))).toBe(false);
    expect(repo.git('show', '--name-status', '--format=', 'HEAD')).toContain('D\t.changeset/quiet-ants-sing.md');
    expect(readFileSync(join(repo.root, 'packages/gpu-kernels/CHANGELOG.md'), 'utf8')).toContain(
      '### Fixed\n- Fix the reduction race on Hopper GPUs',
    );
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('refuses a broken intent before anything is written, naming the file', async () => {
    mkdirSync(join(repo.root, '.changeset'), { recursive: true });
    writeFileSync(join(repo.root, '.changeset/typo.md'), '---\n"gpu-kernal": patch\n---\n\nTypo in the name\n');
    const result = await runCli(repo.root, ['plan']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      '.changeset/typo.md names gpu-kernal, which is no package of this workspace. Fix the name (as in its package.json), or remove the file',
    );
    writeFileSync(join(repo.root, '.changeset/typo.md'), '---\n"gpu-kernels": huge\n---\n');
    expect((await runCli(repo.root, ['plan'])).stderr).toContain('.changeset/typo.md asks for "huge" for gpu-kernels, which is no level');
    writeFileSync(join(repo.root, '.changeset/typo.md'), '"gpu-kernels": patch\n');
    expect((await runCli(repo.root, ['plan'])).stderr).toContain('.changeset/typo.md has no front matter between --- lines');
    writeFileSync(join(repo.root, '.changeset/typo.md'), '---\n"gpu-kernels": patch\n---\n');
    writeFileSync(join(repo.root, '.changeset/config.json'), '{ "fixed": ');
    expect((await runCli(repo.root, ['plan'])).stderr).toContain('.changeset/config.json is not valid JSON');
    const branch = await runNx(repo.root, ['g', 'release-branch']);
    expect(branch.code).not.toBe(0);
    expect(repo.git('branch', '--list', 'release/*')).toBe('');
  });

  it('intent add writes the workspace format, intent status names what lacks one, and the intent-gate fails it when required', async () => {
    const addMinor = (message: string, ...flags: string[]) =>
      runCli(repo.root, ['intent', 'add', '--project', 'strategy-api', '--bump', 'minor', '-m', message, ...flags]);
    const added = await addMinor('Stream quotes over WebSocket', '--json');
    expect(added.code).toBe(0);
    const intent = JSON.parse(added.stdout) as { file: string; format: string; text: string };
    expect(intent).toMatchObject({ format: 'changeset', text: '---\n"strategy-api": minor\n---\n\nStream quotes over WebSocket\n' });
    expect(intent.file).toMatch(/^\.changeset\/stream-quotes-over-websocket-[0-9a-f]{6}\.md$/);
    expect(readFileSync(join(repo.root, intent.file), 'utf8')).toBe(intent.text);
    // One step, journaled; the dry run names the same step (each run draws its own file name, as changeset add does).
    const steps = (JSON.parse(added.stdout) as { steps: StepRecord[] }).steps;
    expect(steps).toEqual([{ kind: 'write', step: `write ${intent.file}: strategy-api minor` }]);
    expect(await lastRunSteps(repo, 'release-process intent add')).toEqual(steps);
    const dryRun = await addMinor('Stream quotes', '--dry-run', '--json');
    const planned = (JSON.parse(dryRun.stdout) as { steps: StepRecord[] }).steps;
    expect(planned.map((entry) => entry.step)).toEqual([
      expect.stringMatching(/^write \.changeset\/stream-quotes-[0-9a-f]{6}\.md: strategy-api minor$/),
    ]);
    expect(dryRun.stderr).toContain('[dry-run] would write .changeset/stream-quotes-');
    expect(readdirSync(join(repo.root, '.changeset')).filter((file) => /^stream-quotes-[0-9a-f]{6}\.md$/.test(file))).toEqual([]);
    expect((await plan()).get('strategy-api')).toMatchObject({ nextVersion: '0.5.0', decidedBy: 'intent' });

    const refused = await runCli(repo.root, ['intent', 'add', '--project', 'nope', '--bump', 'minor', '-m', 'x']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'nope is no releasable project here. Name one of docs-site, gpu-kernels, pricing-engine, strategy-api',
    );
    const empty = await runCli(repo.root, ['intent', 'add', '--project', 'docs-site', '--bump', 'minor', '-m', ' ']);
    expect(empty.stderr).toContain('cannot write the intent: the summary is empty');

    // A change on a branch: one project touched with no intent.
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'chore: strategy intent');
    repo.git('checkout', '-q', '-b', 'feature/greeks');
    repo.commit('feat(pricing): greeks', { 'packages/pricing-engine/src/greeks.ts': 'export const delta = 0;\n' });
    repo.commit('fix(api): timeout', { 'packages/strategy-api/src/timeout.ts': 'export const timeout = 5;\n' });
    repo.git('rm', '-q', '.changeset/loud-owls-fly.md');
    repo.git('commit', '-q', '-m', 'chore: drop the pricing changeset');
    const status = await runCli(repo.root, ['intent', 'status', '--json']);
    expect(status.code).toBe(0); // not required: reported, not failed
    expect(JSON.parse(status.stdout)).toMatchObject({
      base: 'main',
      required: false,
      touched: ['pricing-engine', 'strategy-api'],
      missing: ['pricing-engine'],
      ok: true,
    });

    configurePlugin(repo, { intents: { required: true } }, 'chore: intents required');
    const failing = await runCli(repo.root, ['intent', 'status']);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain(
      'pricing-engine changed since main without a release intent, and intents are required. Add one: release-process intent add --project pricing-engine --bump patch -m "…"',
    );
    const gate = await runNx(repo.root, ['run-many', '-t', 'intent-gate', '-p', 'pricing-engine,strategy-api']);
    expect(gate.code).not.toBe(0);
    expect(gate.stdout + gate.stderr).toContain('pricing-engine changed since main without a release intent');
    const generated = await runNx(repo.root, [
      'g',
      'nx-release-process:intent',
      '--projects=pricing-engine',
      '--bump=patch',
      '--message=Greeks for every option',
    ]);
    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(/CREATE \.changeset\/greeks-for-every-option-[0-9a-f]{6}\.md/);
    expect((await runNx(repo.root, ['run-many', '-t', 'intent-gate', '-p', 'pricing-engine,strategy-api'])).code).toBe(0);
  });
});
