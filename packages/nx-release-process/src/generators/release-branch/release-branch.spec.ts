import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSampleMonorepo } from '../../../../../tools/demo/sample-monorepo';
import { passGates } from '../../testing/gates';
import { runCli } from '../../testing/run-cli';
import { listedChanges, runNx } from '../../testing/run-nx';
import type { TempRepo } from '../../testing/temp-repo';

describe('release-branch generator', () => {
  let repo: TempRepo;
  beforeEach(() => (repo = createSampleMonorepo()));
  afterEach(() => repo.remove());

  const expectedChanges = [
    'CREATE RELEASE_NOTES.md',
    'CREATE packages/gpu-kernels/CHANGELOG.md',
    'CREATE packages/pricing-engine/CHANGELOG.md',
    'CREATE packages/strategy-api/CHANGELOG.md',
    'UPDATE packages/gpu-kernels/README.md',
    'UPDATE packages/gpu-kernels/gpu_kernels/version.py',
    'UPDATE packages/gpu-kernels/package.json',
    'UPDATE packages/gpu-kernels/pyproject.toml',
    'UPDATE packages/pricing-engine/package.json',
    'UPDATE packages/pricing-engine/src/version.ts',
    'UPDATE packages/strategy-api/package.json',
  ];

  it('shows every file it would touch on --dry-run and touches nothing', async () => {
    const result = await runNx(repo.root, ['g', 'nx-release-process:release-branch', '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toContain('release-branch will create release/gpu-kernels@1.4.0+2 from main');
    expect(listedChanges(result.stdout)).toEqual(expectedChanges);
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(repo.git('branch', '--list', 'release/*')).toBe('');
  });

  it('writes the files, then creates the branch and commits them', async () => {
    const result = await runNx(repo.root, ['g', 'release-branch']);
    expect(result.code).toBe(0);
    expect(listedChanges(result.stdout)).toEqual(expectedChanges);
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('release/gpu-kernels@1.4.0+2');
    expect(repo.git('log', '-1', '--format=%s')).toBe('chore: prepare release gpu-kernels@1.4.0, pricing-engine@2.1.1, strategy-api@0.5.0');
    expect(repo.git('show', '--stat', '--format=', 'HEAD').split('\n')).toHaveLength(expectedChanges.length + 1);
    expect(repo.git('status', '--porcelain')).toBe('');
    const strategy = JSON.parse(readFileSync(join(repo.root, 'packages/strategy-api/package.json'), 'utf8'));
    expect(strategy).toMatchObject({ version: '0.5.0', dependencies: { 'pricing-engine': '^2.1.1' } });
    const read = (path: string) => readFileSync(join(repo.root, path), 'utf8');
    expect(read('packages/gpu-kernels/gpu_kernels/version.py')).toMatch(
      /^__version__ = '1\.4\.0'\n__release_date__ = '\d{4}-\d\d-\d\d'\n$/,
    );
    expect(read('packages/gpu-kernels/pyproject.toml')).toContain('version = "1.4.0"');
    expect(read('packages/gpu-kernels/README.md')).toContain('pip install gpu-kernels==1.4.0');
    expect(read('packages/pricing-engine/src/version.ts')).toBe("export const VERSION = '2.1.1';\n");
  });

  it('names the branch after the tag of a one-tag release; --bump overrides the commits', async () => {
    const result = await runNx(repo.root, ['g', 'release-branch', '--project=docs-site', '--bump=major']);
    expect(result.code).toBe(0);
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('release/docs-site@2.0.0');
    expect(repo.git('log', '-1', '--format=%s')).toBe('chore: prepare release docs-site@2.0.0');
  });

  it('makes a release candidate with --preid rc', async () => {
    const result = await runNx(repo.root, ['g', 'release-branch', '--projects=gpu-kernels', '--preid=rc', '--branch=release/{date}-rc']);
    expect(result.code).toBe(0);
    expect(repo.git('log', '-1', '--format=%s')).toBe(
      'chore: prepare release gpu-kernels@1.4.0-rc.0, pricing-engine@2.1.1-rc.0, strategy-api@0.5.0-rc.0',
    );
  });

  it('carries an nx release setup over: its changelog switches, commit and tag messages, and one warning for the rest', async () => {
    const nxJson = JSON.parse(readFileSync(join(repo.root, 'nx.json'), 'utf8'));
    nxJson.release = {
      ...nxJson.release,
      changelog: { workspaceChangelog: true, projectChangelogs: false },
      git: { commitMessage: 'chore(release): publish {version}', tagMessage: 'Release {projectName} {version}' },
      version: { preVersionCommand: 'npx nx run-many -t build' },
    };
    repo.commit('chore: an nx release setup', { 'nx.json': `${JSON.stringify(nxJson, null, 2)}\n` });
    const result = await runNx(repo.root, ['g', 'release-branch']);
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toContain(
      'warning: nx.json release settings nx-release-process does not read: version.preVersionCommand (version files are found and written by the plugin',
    );
    const changes = listedChanges(result.stdout);
    expect(changes).toContain('CREATE CHANGELOG.md');
    expect(changes.filter((change) => change.endsWith('/CHANGELOG.md'))).toEqual([]);
    expect(readFileSync(join(repo.root, 'CHANGELOG.md'), 'utf8')).toMatch(/^# Changelog\n[\s\S]*## \[gpu-kernels@1\.4\.0\]/);
    expect(repo.git('log', '-1', '--format=%B').trim()).toBe(
      'chore(release): publish\n\n- gpu-kernels@1.4.0\n- pricing-engine@2.1.1\n- strategy-api@0.5.0',
    );

    await passGates(repo.root);
    const released = await runCli(repo.root, ['release', '--no-push', '--no-publish', '--forge', 'none', '--project', 'gpu-kernels']);
    expect(released.code).toBe(0);
    const message = repo.git('for-each-ref', '--format=%(contents)', 'refs/tags/gpu-kernels@1.4.0');
    expect(message.split('\n')[0]).toBe('Release gpu-kernels 1.4.0');
    expect(message).toContain('\n\n# Release gpu-kernels@1.4.0\n'); // the notes below it, as without a tagMessage
  });

  it('refuses a dirty working tree, with nothing written', async () => {
    repo.write({ 'packages/docs-site/index.md': '# changed\n' });
    const result = await runNx(repo.root, ['g', 'release-branch']);
    expect(result.code).not.toBe(0);
    expect(result.stderr + result.stdout).toContain(
      'the working tree has uncommitted changes (packages/docs-site/index.md). Commit or stash them first',
    );
    expect(repo.git('status', '--porcelain')).toBe('M packages/docs-site/index.md');
  });

  it('refuses a version file out of step, naming it, with nothing written', async () => {
    repo.commit('chore: hand edit', { 'packages/gpu-kernels/gpu_kernels/version.py': "__version__ = '1.2.9'\n" });
    const result = await runNx(repo.root, ['g', 'release-branch']);
    expect(result.code).not.toBe(0);
    // The manifests disagree: refused before planning, naming both files and both versions.
    expect(result.stderr + result.stdout).toContain(
      "packages/gpu-kernels/package.json carries 1.3.0 but packages/gpu-kernels/gpu_kernels/version.py carries 1.2.9: a project's manifests must agree",
    );
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
  });
});
