import { createSampleMonorepo } from '../../../../tools/demo/sample-monorepo';
import { lastRunSteps, type StepRecord } from '../adapters/step-journal';
import { runCli } from '../testing/run-cli';
import type { TempRepo } from '../testing/temp-repo';

/**
 * The commands that change the repository (prepare, hotfix, revert), through the CLI: the dry run's steps,
 * as `--json` gives them, are what the real run then carries out and journals, in order; the dry run
 * changes nothing.
 */
describe('prepare, hotfix and revert: the dry run is the real run, step for step', () => {
  let repo: TempRepo;
  beforeEach(() => (repo = createSampleMonorepo()));
  afterEach(() => repo.remove());

  const state = () => [repo.git('status', '--porcelain'), repo.git('for-each-ref', '--format=%(refname) %(objectname)')].join('\n');
  async function dryRunThenReal(args: string[], journal: string): Promise<StepRecord[]> {
    const before = state();
    const dryRun = await runCli(repo.root, [...args, '--dry-run', '--json']);
    expect(dryRun.code).toBe(0);
    expect(state()).toBe(before);
    const planned = (JSON.parse(dryRun.stdout) as { steps: StepRecord[] }).steps;
    const real = await runCli(repo.root, [...args, '--json']);
    expect(real.code).toBe(0);
    expect((JSON.parse(real.stdout) as { steps: StepRecord[] }).steps).toEqual(planned);
    expect(await lastRunSteps(repo, journal)).toEqual(planned);
    expect(repo.git('status', '--porcelain')).toBe('');
    return planned;
  }

  it('prepare: the files, the branch, the commit', async () => {
    const steps = await dryRunThenReal(['prepare'], 'release-process prepare');
    expect(steps.map((entry) => entry.kind)).toEqual(['write', 'branch', 'commit']);
    expect(steps[1].step).toBe('create release/gpu-kernels@1.4.0+2 from main');
    expect(repo.git('log', '-1', '--format=%s')).toMatch(/^chore: prepare release gpu-kernels@1\.4\.0/);
  });

  it('hotfix: the branch, each cherry-pick, the version files, the commit', async () => {
    const raceFix = repo.git('log', '--format=%H', '--grep=race condition', '-1');
    const steps = await dryRunThenReal(['hotfix', 'gpu-kernels@1.3.0', '--commits', raceFix], 'release-process hotfix');
    expect(steps.map((entry) => entry.kind)).toEqual(['branch', 'cherry-pick', 'write', 'commit']);
    expect(steps[1].step).toBe(`cherry-pick ${raceFix.slice(0, 7)} "fix(kernels): race condition in the reduction kernel (#44)"`);
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('hotfix/gpu-kernels@1.3.1');
  });

  it('hotfix --continue --dry-run, after a conflict, lists what is left and keeps the stopped run for the real --continue', async () => {
    const later = repo.commit('fix(kernels): unroll the reduction', {
      'packages/gpu-kernels/src/matmul.cu': '// tiled, synced, unrolled\n',
    });
    const stopped = await runCli(repo.root, ['hotfix', 'gpu-kernels@1.3.0', '--commits', later]);
    expect(stopped.stderr).toContain('conflicts in packages/gpu-kernels/src/matmul.cu');
    repo.write({ 'packages/gpu-kernels/src/matmul.cu': '// tiled, unrolled\n' });
    repo.git('add', '-A');
    repo.git('-c', 'core.editor=true', 'cherry-pick', '--continue');
    const steps = await dryRunThenReal(['hotfix', 'gpu-kernels@1.3.0', '--continue'], 'release-process hotfix');
    expect(steps.map((entry) => entry.kind)).toEqual(['write', 'commit']);
    expect(repo.git('log', '-1', '--format=%s')).toBe('fix: hotfix gpu-kernels@1.3.1');
  });

  it('revert: each revert, the changelogs, the commit, the tag', async () => {
    expect((await runCli(repo.root, ['prepare', '--project', 'docs-site', '--bump', 'minor'])).code).toBe(0);
    repo.tag('docs-site@1.1.0');
    const steps = await dryRunThenReal(['revert', 'docs-site@1.1.0', '--reason', 'broken links'], 'release-process revert');
    const reverted = repo.git('rev-list', 'docs-site@1.0.0..docs-site@1.1.0', '--', 'packages/docs-site').split('\n');
    expect(steps.map((entry) => entry.kind)).toEqual([...reverted.map(() => 'revert'), 'write', 'commit', 'tag']);
    expect(repo.git('rev-parse', 'docs-site@1.1.0-rollback^{commit}')).toBe(repo.git('rev-parse', 'HEAD'));
  });
});
