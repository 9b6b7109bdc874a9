import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSampleMonorepo } from '../../../../../tools/demo/sample-monorepo';
import { repositoryState } from '../../testing/git-faults';
import { runCli } from '../../testing/run-cli';
import { listedChanges, runNx } from '../../testing/run-nx';
import type { TempRepo } from '../../testing/temp-repo';

describe('rollback generator', () => {
  let repo: TempRepo;
  beforeEach(async () => {
    repo = createSampleMonorepo();
    // A prepared and tagged release to roll back.
    expect((await runNx(repo.root, ['g', 'release-branch', '--projects=docs-site', '--bump=minor'])).code).toBe(0);
    repo.tag('docs-site@1.1.0');
  });
  afterEach(() => repo.remove());
  const read = (path: string) => readFileSync(join(repo.root, path), 'utf8');

  it('reverts every commit the release brought, keeps its changelog section marked [YANKED], and tags the revert', async () => {
    // The release commit and the change it released, newest first: the code goes, not just the version bump.
    const reverted = repo.git('rev-list', 'docs-site@1.0.0..docs-site@1.1.0', '--', 'packages/docs-site').split('\n');
    expect(reverted.length).toBeGreaterThan(1);
    const dryRun = await runNx(repo.root, ['g', 'rollback', 'docs-site@1.1.0', '--reason=broken links on every page', '--dry-run']);
    expect(listedChanges(dryRun.stdout)).toEqual(['UPDATE packages/docs-site/CHANGELOG.md']);
    expect(repo.git('status', '--porcelain')).toBe('');

    const result = await runNx(repo.root, ['g', 'rollback', 'docs-site@1.1.0', '--reason=broken links on every page']);
    expect(result.code).toBe(0);
    expect(repo.git('log', '-1', '--format=%B')).toBe(
      `revert: roll back docs-site@1.1.0 to 1.0.0\n\nbroken links on every page\n\n${reverted.map((commit) => `This reverts commit ${commit}.`).join('\n')}`,
    );
    expect(repo.git('rev-parse', 'docs-site@1.1.0-rollback^{commit}')).toBe(repo.git('rev-parse', 'HEAD'));
    expect(repo.git('tag', '-l', '--format=%(contents:subject)', 'docs-site@1.1.0-rollback')).toBe(
      'Rollback to 1.0.0: broken links on every page',
    );
    expect(JSON.parse(read('packages/docs-site/package.json')).version).toBe('1.0.0');
    expect(read('packages/docs-site/CHANGELOG.md')).toMatch(
      /## \[1\.1\.0-rollback\] - \d{4}-\d\d-\d\d\n\n### Removed\n- Rolled back 1\.1\.0 to 1\.0\.0 \(reverts \d+ commits, [0-9a-f]{7}\.\.[0-9a-f]{7}\): broken links on every page\n/,
    );
    expect(read('packages/docs-site/CHANGELOG.md')).toMatch(/^## \[1\.1\.0\][^\n]* \[YANKED\]$/m);
    // what the release changed in the project is gone from the branch
    expect(repo.git('diff', '--stat', 'docs-site@1.0.0', 'HEAD', '--', 'packages/docs-site', ':!packages/docs-site/CHANGELOG.md')).toBe('');
    expect(repo.git('status', '--porcelain')).toBe('');

    const again = await runNx(repo.root, ['g', 'rollback', 'docs-site@1.1.0', '--reason=again']);
    expect(again.stdout + again.stderr).toContain('docs-site@1.1.0 is already rolled back (tag docs-site@1.1.0-rollback exists)');
  });

  it('rolls back only the tagged project when the release commit was shared', async () => {
    repo.git('checkout', '-q', 'main');
    expect((await runNx(repo.root, ['g', 'release-branch'])).code).toBe(0);
    for (const tag of ['gpu-kernels@1.4.0', 'pricing-engine@2.1.1', 'strategy-api@0.5.0']) repo.tag(tag);
    const result = await runNx(repo.root, ['g', 'rollback', 'strategy-api@0.5.0', '--reason=reconnects fail']);
    expect(result.code).toBe(0);
    expect(JSON.parse(read('packages/strategy-api/package.json')).version).toBe('0.4.2');
    expect(JSON.parse(read('packages/pricing-engine/package.json')).version).toBe('2.1.1');
    expect(JSON.parse(read('packages/gpu-kernels/package.json')).version).toBe('1.4.0');
    expect(read('RELEASE_NOTES.md')).toContain('# Release strategy-api@0.5.0');
    // strategy-api's own changes go with the version; the other projects' files stay
    expect(repo.git('show', '--name-only', '--format=', 'HEAD').split('\n').sort()).toEqual([
      'packages/strategy-api/CHANGELOG.md',
      'packages/strategy-api/README.md',
      'packages/strategy-api/package.json',
      'packages/strategy-api/src/quotes.ts',
    ]);
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('stops on a conflict with a later change: release-process abort puts everything back, --continue after resolving finishes it', async () => {
    const manifest = JSON.parse(read('packages/docs-site/package.json'));
    // After the release, work on the next version touched the line the release changed.
    repo.commit('chore(docs-site): start 1.2.0', {
      'packages/docs-site/package.json': `${JSON.stringify({ ...manifest, version: '1.2.0-alpha.0' }, null, 2)}\n`,
    });
    const before = repositoryState(repo.root);
    const rollback = () => runNx(repo.root, ['g', 'rollback', 'docs-site@1.1.0', '--reason=broken links on every page']);
    const stopped = await rollback();
    expect(stopped.code).toBe(1);
    expect(stopped.stdout + stopped.stderr).toMatch(
      /reverting [0-9a-f]{7} of docs-site@1\.1\.0 conflicts in packages\/docs-site\/package\.json.*Resolve the marked files and `git add` them, then run `nx g nx-release-process:rollback --continue`/s,
    );
    expect(read('packages/docs-site/package.json')).toContain('<<<<<<<');

    // Nx cannot read a package.json with conflict markers, so `nx g rollback --abort` cannot run: the CLI undoes it.
    const aborted = await runCli(repo.root, ['abort']);
    expect(aborted.stderr).toMatch(
      /^Undid the interrupted run \(nx g nx-release-process:rollback --continue \(after resolving\) or --abort\): /,
    );
    expect(aborted.code).toBe(0);
    expect(repositoryState(repo.root)).toEqual(before);

    expect((await rollback()).code).toBe(1);
    // Too early: Nx itself stops on the markers, naming the file.
    const early = await runNx(repo.root, ['g', 'rollback', '--continue']);
    expect(early.code).toBe(1);
    expect(early.stdout + early.stderr).toMatch(/packages\/docs-site\/package\.json[^]*<<<<<<< ours/);
    // The user keeps the version users go back to, but forgets `git add`.
    writeFileSync(join(repo.root, 'packages/docs-site/package.json'), `${JSON.stringify(manifest, null, 2)}\n`.replace('1.1.0', '1.0.0'));
    const unstaged = await runNx(repo.root, ['g', 'rollback', '--continue']);
    expect(unstaged.code).toBe(1);
    expect(unstaged.stdout + unstaged.stderr).toContain('packages/docs-site/package.json still has conflicts');
    repo.git('add', 'packages/docs-site/package.json');
    const finished = await runNx(repo.root, ['g', 'rollback', '--continue']);
    expect(finished.stdout + finished.stderr).toContain('Reverted docs-site@1.1.0 and tagged it docs-site@1.1.0-rollback');
    expect(finished.code).toBe(0);
    expect(repo.git('rev-parse', 'docs-site@1.1.0-rollback^{commit}')).toBe(repo.git('rev-parse', 'HEAD'));
    expect(JSON.parse(read('packages/docs-site/package.json')).version).toBe('1.0.0');
    expect(read('packages/docs-site/CHANGELOG.md')).toMatch(/^## \[1\.1\.0\][^\n]* \[YANKED\]$/m);
    expect(repo.git('log', '-1', '--format=%s')).toBe('revert: roll back docs-site@1.1.0 to 1.0.0');
    expect(repo.git('status', '--porcelain')).toBe('');
    const nothing = await runNx(repo.root, ['g', 'rollback', '--continue']);
    expect(nothing.stdout + nothing.stderr).toContain('no rollback stopped on a conflict here: nothing to continue');
    expect((await runCli(repo.root, ['abort'])).stderr).toBe('No interrupted run here: nothing to undo.\n');
  });

  it('needs a reason', async () => {
    const result = await runNx(repo.root, ['g', 'rollback', 'docs-site@1.1.0', '--reason= ']);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('a rollback needs a reason');
  });
});
