import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSampleMonorepo } from '../../../../../tools/demo/sample-monorepo';
import { listedChanges, runNx } from '../../testing/run-nx';
import type { TempRepo } from '../../testing/temp-repo';

describe('hotfix generator', () => {
  let repo: TempRepo;
  let raceFix: string;
  beforeEach(() => {
    repo = createSampleMonorepo();
    raceFix = repo.git('log', '--format=%H', '--grep=race condition', '-1');
  });
  afterEach(() => repo.remove());
  const read = (path: string) => readFileSync(join(repo.root, path), 'utf8');

  it('previews on --dry-run, then branches from the tag, cherry-picks, bumps the patch and commits fix:', async () => {
    const dryRun = await runNx(repo.root, ['g', 'hotfix', 'gpu-kernels@1.3.0', `--commits=${raceFix}`, '--dry-run']);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout + dryRun.stderr).toContain(
      `hotfix will create hotfix/gpu-kernels@1.3.1 from gpu-kernels@1.3.0\nhotfix will cherry-pick ${raceFix.slice(0, 7)} "fix(kernels): race condition in the reduction kernel (#44)"`,
    );
    expect(listedChanges(dryRun.stdout)).toEqual([
      'CREATE packages/gpu-kernels/CHANGELOG.md',
      'UPDATE packages/gpu-kernels/README.md',
      'UPDATE packages/gpu-kernels/gpu_kernels/version.py',
      'UPDATE packages/gpu-kernels/package.json',
      'UPDATE packages/gpu-kernels/pyproject.toml',
    ]);
    expect(repo.git('status', '--porcelain')).toBe('');

    const result = await runNx(repo.root, [
      'g',
      'hotfix',
      'gpu-kernels@1.3.0',
      `--commits=${raceFix}`,
      '--description=race in the reduction kernel',
    ]);
    expect(result.code).toBe(0);
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('hotfix/gpu-kernels@1.3.1');
    expect(repo.git('log', '--format=%s', 'gpu-kernels@1.3.0..HEAD').split('\n')).toEqual([
      'fix: race in the reduction kernel',
      'fix(kernels): race condition in the reduction kernel (#44)',
    ]);
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(JSON.parse(read('packages/gpu-kernels/package.json')).version).toBe('1.3.1');
    expect(read('packages/gpu-kernels/gpu_kernels/version.py')).toMatch(/^__version__ = '1\.3\.1'\n/);
    expect(read('packages/gpu-kernels/CHANGELOG.md')).toMatch(
      /## \[1\.3\.1\] - \d{4}-\d\d-\d\d\n\n### Fixed\n- \*\*kernels:\*\* race condition in the reduction kernel/,
    );
    // The FP8 kernel added on main after the tag is not in the hotfix.
    expect(repo.git('ls-files', 'packages/gpu-kernels/src')).not.toContain('fp8-gemm.cu');
    expect(repo.git('show', 'main:packages/gpu-kernels/package.json')).toContain('"version": "1.3.0"');
  });

  it('stops on a conflict with the way out, and --continue or --abort finish it', async () => {
    const later = repo.commit('fix(kernels): unroll the reduction', {
      'packages/gpu-kernels/src/matmul.cu': '// tiled, synced, unrolled\n',
    });
    const result = await runNx(repo.root, ['g', 'hotfix', 'gpu-kernels@1.3.0', `--commits=${later}`]);
    expect(result.code).not.toBe(0);
    const output = result.stdout + result.stderr;
    expect(output).toContain(
      `cherry-picking ${later.slice(0, 7)} onto hotfix/gpu-kernels@1.3.1 conflicts in packages/gpu-kernels/src/matmul.cu`,
    );
    expect(output).toContain('nx g nx-release-process:hotfix gpu-kernels@1.3.0 --abort');
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('hotfix/gpu-kernels@1.3.1');

    repo.write({ 'packages/gpu-kernels/src/matmul.cu': '// tiled, unrolled\n' });
    repo.git('add', '-A');
    repo.git('-c', 'core.editor=true', 'cherry-pick', '--continue');
    const continued = await runNx(repo.root, ['g', 'hotfix', 'gpu-kernels@1.3.0', '--continue']);
    expect(continued.code).toBe(0);
    expect(repo.git('log', '-1', '--format=%s')).toBe('fix: hotfix gpu-kernels@1.3.1');
    expect(JSON.parse(read('packages/gpu-kernels/package.json')).version).toBe('1.3.1');
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('--abort removes the hotfix branch and goes back', async () => {
    const later = repo.commit('fix(kernels): unroll the reduction', {
      'packages/gpu-kernels/src/matmul.cu': '// tiled, synced, unrolled\n',
    });
    await runNx(repo.root, ['g', 'hotfix', 'gpu-kernels@1.3.0', `--commits=${later}`]);
    const aborted = await runNx(repo.root, ['g', 'hotfix', 'gpu-kernels@1.3.0', '--abort']);
    expect(aborted.code).toBe(0);
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(repo.git('branch', '--list', 'hotfix/*')).toBe('');
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('refuses a tag that is not a release tag, and a release candidate', async () => {
    const unknown = await runNx(repo.root, ['g', 'hotfix', 'nightly', `--commits=${raceFix}`]);
    expect(unknown.stdout + unknown.stderr).toContain('tag nightly is not a release tag of this workspace');
    repo.tag('gpu-kernels@1.4.0-rc.0');
    const candidate = await runNx(repo.root, ['g', 'hotfix', 'gpu-kernels@1.4.0-rc.0', `--commits=${raceFix}`]);
    expect(candidate.stdout + candidate.stderr).toContain('1.4.0-rc.0 is a release candidate');
    expect(repo.git('branch', '--list', 'hotfix/*')).toBe('');
  });
});
