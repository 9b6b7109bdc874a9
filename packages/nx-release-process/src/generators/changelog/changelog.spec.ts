import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSampleMonorepo } from '../../../../../tools/demo/sample-monorepo';
import { listedChanges, runNx } from '../../testing/run-nx';
import type { TempRepo } from '../../testing/temp-repo';

describe('changelog generator', () => {
  let repo: TempRepo;
  beforeAll(() => (repo = createSampleMonorepo()));
  afterAll(() => repo.remove());

  it("creates each released project's CHANGELOG.md and a workspace one, and never duplicates a version", async () => {
    const dryRun = await runNx(repo.root, ['g', 'changelog', '--workspaceChangelog=CHANGELOG.md', '--dry-run']);
    expect(listedChanges(dryRun.stdout)).toEqual([
      'CREATE CHANGELOG.md',
      'CREATE packages/gpu-kernels/CHANGELOG.md',
      'CREATE packages/pricing-engine/CHANGELOG.md',
      'CREATE packages/strategy-api/CHANGELOG.md',
    ]);
    expect(repo.git('status', '--porcelain')).toBe('');

    expect((await runNx(repo.root, ['g', 'changelog', '--workspaceChangelog=CHANGELOG.md'])).code).toBe(0);
    const kernels = readFileSync(join(repo.root, 'packages/gpu-kernels/CHANGELOG.md'), 'utf8');
    expect(kernels).toMatch(
      /^# Changelog\n\nAll notable changes[\s\S]*\n## \[1\.4\.0\] - \d{4}-\d\d-\d\d\n\n### Added\n- \*\*kernels:\*\* add FP8 GEMM kernel/,
    );
    const workspace = readFileSync(join(repo.root, 'CHANGELOG.md'), 'utf8');
    expect(workspace.match(/^## \[.*\] - /gm)).toEqual([
      '## [strategy-api@0.5.0] - ',
      '## [pricing-engine@2.1.1] - ',
      '## [gpu-kernels@1.4.0] - ',
    ]);
    expect(workspace).toContain('### BREAKING\n- **api:** GET /quotes is gone');

    const again = await runNx(repo.root, ['g', 'changelog', '--workspaceChangelog=CHANGELOG.md']);
    expect(again.code).toBe(0);
    expect(listedChanges(again.stdout)).toEqual([]);
    expect(again.stdout).toContain('packages/gpu-kernels/CHANGELOG.md already has a section for 1.4.0: left as it is');
    expect(readFileSync(join(repo.root, 'packages/gpu-kernels/CHANGELOG.md'), 'utf8')).toBe(kernels);
  });
});
