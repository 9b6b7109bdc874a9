import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempRepo } from '../testing/temp-repo';
import { planWorkspaceRelease } from './plan-workspace';
import { buildPackages } from './release';

describe('the files a package promises, checked before anything is tagged', () => {
  let repo: TempRepo;
  afterEach(() => repo.remove());

  const manifest = (fields: Record<string, unknown>) => `${JSON.stringify({ name: 'lib', version: '1.0.0', ...fields }, null, 2)}\n`;
  const check = async () => {
    const release = await planWorkspaceRelease({ path: repo.root });
    const pkg = { project: release.plan.projects[0].name, name: 'lib', version: '1.0.0', dir: repo.root, prerelease: false };
    return buildPackages(release, [pkg], {}, () => undefined);
  };
  /** The check with git alone on PATH: it passes only if it never had to ask npm what it would pack. */
  const checkWithoutNpm = async () => {
    const path = process.env.PATH;
    const bin = mkdtempSync(join(tmpdir(), 'git-only-'));
    symlinkSync(execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim(), join(bin, 'git'));
    process.env.PATH = bin;
    try {
      return await check();
    } finally {
      process.env.PATH = path;
      rmSync(bin, { recursive: true, force: true });
    }
  };

  it('takes a file git tracks and ignores nowhere as packed when the package has no files list and no .npmignore, without running npm', async () => {
    repo = new TempRepo();
    repo.commit('feat: lib', { 'package.json': manifest({ main: 'index.js', bin: { lib: 'cli.js' } }), 'index.js': '', 'cli.js': '' });
    await expect(checkWithoutNpm()).resolves.toBeUndefined();
  });

  // npm always packs `main` and `bin`, whatever ignores them; the types and exports' files it does not.
  it('asks npm for a file git ignores but tracks (added with --force): npm leaves it out, and the release says so', async () => {
    repo = new TempRepo();
    repo.commit('feat: lib', { 'package.json': manifest({ types: 'dist/index.d.ts' }), '.gitignore': 'dist\n' });
    repo.write({ 'dist/index.d.ts': '' });
    repo.git('add', '--force', 'dist/index.d.ts');
    repo.git('commit', '-q', '-m', 'chore: the built file');
    await expect(check()).rejects.toThrow('lib would be published without dist/index.d.ts');
  });

  it('asks npm when a files list decides, and refuses an entry point the list leaves out', async () => {
    repo = new TempRepo();
    repo.commit('feat: lib', { 'package.json': manifest({ exports: './util.js', files: ['lib'] }), 'util.js': '', 'lib/util.js': '' });
    await expect(check()).rejects.toThrow('lib would be published without util.js');
    await expect(checkWithoutNpm()).rejects.toThrow('npm pack --dry-run in');
  });
});
