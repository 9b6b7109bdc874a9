import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { lastRunSteps, type StepRecord } from '../adapters/step-journal';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configurePlugin, createSampleMonorepo } from '../../../../tools/demo/sample-monorepo';
import { runCli } from '../testing/run-cli';
import type { TempRepo } from '../testing/temp-repo';
import { npmOn, startLocalRegistry, type LocalRegistry } from '../testing/verdaccio';

const NPM_TOKEN = 'npm_fake_token_for_snapshots_24680';

/**
 * Snapshot releases against a real registry (Verdaccio): the sample monorepo's next release, published as
 * snapshots under `pr-123`, then installed in a brand-new folder as a user of the pull request would.
 */
describe('release-process snapshot', () => {
  let repo: TempRepo;
  let registry: LocalRegistry;
  beforeAll(async () => {
    repo = createSampleMonorepo();
    registry = await startLocalRegistry();
  });
  afterAll(async () => {
    await registry?.stop();
    repo?.remove();
  });
  const npm = (args: string[], cwd: string) => npmOn(registry, NPM_TOKEN)(args, cwd);

  // The versions carry the moment of each run: the same steps otherwise.
  const atAnyMoment = (steps: StepRecord[]) => steps.map((entry) => ({ ...entry, step: entry.step.replace(/\.\d{14} /, '.<moment> ') }));
  let planned: StepRecord[] = [];

  it('--dry-run names each version and publishes nothing', async () => {
    const result = await runCli(repo.root, ['snapshot', '--preid', 'pr-123', '--registry', registry.url, '--dry-run', '--json']);
    expect(result.code).toBe(0);
    const outcome = JSON.parse(result.stdout) as {
      distTag: string;
      packages: Array<{ name: string; version: string }>;
      steps: StepRecord[];
    };
    planned = outcome.steps;
    expect(planned.map((entry) => entry.kind)).toEqual(['publish', 'publish', 'publish']);
    expect(outcome.distTag).toBe('pr-123');
    expect(outcome.packages.map((pkg) => pkg.name)).toEqual(['gpu-kernels', 'pricing-engine', 'strategy-api']);
    for (const pkg of outcome.packages) expect(pkg.version).toMatch(/^\d+\.\d+\.\d+-pr-123\.\d{14}$/);
    expect(result.stderr).toContain(`[dry-run] would publish ${outcome.packages[0].name}@${outcome.packages[0].version} under pr-123`);
    expect(() => npm(['view', 'gpu-kernels', 'versions'], repo.root)).toThrow();
  });

  it('publishes each package under the preid, pins the other snapshots, and leaves no trace in the repository', async () => {
    // What users have before: the current versions, under latest, which a snapshot never moves.
    for (const name of ['gpu-kernels', 'pricing-engine', 'strategy-api'])
      npm(['publish', '--tag', 'latest'], join(repo.root, 'packages', name));
    const head = repo.git('rev-parse', 'HEAD');
    const tags = repo.git('tag', '--list');
    const result = await runCli(repo.root, ['snapshot', '--preid', 'pr-123', '--registry', registry.url, '--json'], { NPM_TOKEN });
    expect(result.stderr).not.toContain(NPM_TOKEN);
    expect(result.code).toBe(0);
    const { packages } = JSON.parse(result.stdout) as { packages: Array<{ name: string; version: string }> };
    expect(atAnyMoment(await lastRunSteps(repo, 'release-process snapshot'))).toEqual(atAnyMoment(planned));
    const versionOf = (name: string) => packages.find((pkg) => pkg.name === name)?.version as string;
    expect(versionOf('gpu-kernels')).toMatch(/^1\.4\.0-pr-123\.\d{14}$/);
    expect(versionOf('strategy-api')).toMatch(/^0\.5\.0-pr-123\.\d{14}$/);
    expect(JSON.parse(npm(['view', 'strategy-api', 'dist-tags', '--json'], repo.root))).toEqual({
      latest: '0.4.2',
      'pr-123': versionOf('strategy-api'),
    });
    expect(npm(['view', `pricing-engine@${versionOf('pricing-engine')}`, 'dependencies.gpu-kernels'], repo.root)).toBe(
      versionOf('gpu-kernels'),
    );

    // Nothing written here: no commit, no tag, no changelog, no changed file.
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(repo.git('tag', '--list')).toBe(tags);
    expect(repo.git('status', '--porcelain')).toBe('');

    // A user of the pull request installs the top package by its tag and gets the snapshots beneath it.
    const user = mkdtempSync(join(tmpdir(), 'snapshot-user-'));
    try {
      writeFileSync(join(user, 'package.json'), '{ "name": "user", "version": "1.0.0", "private": true }\n');
      npm(['install', 'strategy-api@pr-123', '--no-audit', '--no-fund'], user);
      const installed = (name: string) => JSON.parse(readFileSync(join(user, 'node_modules', name, 'package.json'), 'utf8')).version;
      expect(['strategy-api', 'pricing-engine', 'gpu-kernels'].map(installed)).toEqual(
        ['strategy-api', 'pricing-engine', 'gpu-kernels'].map(versionOf),
      );
    } finally {
      rmSync(user, { recursive: true, force: true });
    }
  });

  it('refuses a preid that cannot name a snapshot, and a template that gives no version, before anything is published', async () => {
    const bad = await runCli(repo.root, ['snapshot', '--preid', '1.2.3', '--registry', registry.url]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--preid "1.2.3" cannot name a snapshot');
    configurePlugin(repo, { snapshot: { prereleaseTemplate: '{preid} {datetime}' } }, 'chore: a broken snapshot template');
    const template = await runCli(repo.root, ['snapshot', '--preid', 'pr-124', '--registry', registry.url]);
    expect(template.code).toBe(1);
    expect(template.stderr).toMatch(/the snapshot template "\{preid\} \{datetime\}" gives "1\.4\.0-pr-124 \d{14}", which is no version/);
    expect(() => npm(['view', 'gpu-kernels@pr-124', 'version'], repo.root)).toThrow();
  });
});
