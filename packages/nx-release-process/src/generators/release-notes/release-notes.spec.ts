import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSampleMonorepo } from '../../../../../tools/demo/sample-monorepo';
import { listedChanges, runNx } from '../../testing/run-nx';
import type { TempRepo } from '../../testing/temp-repo';

describe('release-notes generator', () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = createSampleMonorepo();
    repo.git('remote', 'add', 'origin', 'git@github.com:acme/gpu-trading.git');
  });
  afterAll(() => repo.remove());

  it('writes the notes of the chosen projects and what depends on them, linked to GitHub', async () => {
    const result = await runNx(repo.root, ['g', 'release-notes', '--projects=pricing-engine', '--output=docs/RELEASE_NOTES.md']);
    expect(result.code).toBe(0);
    expect(listedChanges(result.stdout)).toEqual(['CREATE docs/RELEASE_NOTES.md']);
    const notes = readFileSync(join(repo.root, 'docs/RELEASE_NOTES.md'), 'utf8');
    expect(notes.match(/^# Release .*$/gm)).toEqual(['# Release pricing-engine@2.1.1', '# Release strategy-api@0.5.0']);
    expect(notes).toMatch(
      /- \*\*pricing:\*\* vectorise Monte Carlo path generation \(\[[0-9a-f]{7}\]\(https:\/\/github\.com\/acme\/gpu-trading\/commit\/[0-9a-f]{40}\)\)/,
    );
    expect(notes).toContain('## 🔄 Migration Guide');
  });

  it('refuses when nothing would be released', async () => {
    const result = await runNx(repo.root, ['g', 'release-notes', '--projects=docs-site']);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('nothing to release, so there are no release notes to write');
  });
});
