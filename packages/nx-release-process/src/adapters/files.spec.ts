import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathInside, writeEditsToDisk } from './files';
import { pathsChanged } from './git-operations';
import { TempRepo } from '../testing/temp-repo';

describe('writes stay inside the workspace', () => {
  let scratch: string;
  let root: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'inside-'));
    root = join(scratch, 'ws');
    mkdirSync(join(root, 'packages', 'a'), { recursive: true });
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('accepts paths inside, new folders included', () => {
    expect(pathInside(root, 'packages/a/CHANGELOG.md', 'file')).toBe(join(root, 'packages/a/CHANGELOG.md'));
    expect(pathInside(root, 'dist/release-gates/@ws/core/test-gate.json', 'file')).toBe(
      join(root, 'dist/release-gates/@ws/core/test-gate.json'),
    );
  });

  it('refuses "..", absolute paths, and links out of the workspace, dangling ones too', () => {
    expect(() => pathInside(root, '../x', 'release notes file')).toThrow('release notes file ../x leads outside');
    expect(() => pathInside(root, 'dist/release-gates/../../../../outside/test-gate.json', 'gate report')).toThrow('leads outside');
    expect(() => pathInside(root, join(scratch, 'x'), 'file')).toThrow('leads outside');
    writeFileSync(join(scratch, 'target.json'), '{}');
    symlinkSync(join(scratch, 'target.json'), join(root, 'packages/a/package.json'));
    expect(() => pathInside(root, 'packages/a/package.json', 'file')).toThrow('leads outside');
    symlinkSync(join(scratch, 'not-yet'), join(root, 'packages/a/CHANGELOG.md'));
    expect(() => pathInside(root, 'packages/a/CHANGELOG.md', 'file')).toThrow('leads outside');
    symlinkSync(scratch, join(root, 'up'));
    expect(() => pathInside(root, 'up/x.md', 'file')).toThrow('leads outside');
  });

  it('writes no edit at all when one of them leads outside', () => {
    expect(() =>
      writeEditsToDisk(root, [
        { path: 'packages/a/version.py', content: '1' },
        { path: '../../../x', content: '2' },
      ]),
    ).toThrow('file ../../../x leads outside');
    expect(existsSync(join(root, 'packages/a/version.py'))).toBe(false);
    writeEditsToDisk(root, [{ path: 'packages/a/version.py', content: '1' }]);
    expect(readFileSync(join(root, 'packages/a/version.py'), 'utf8')).toBe('1');
  });

  it('reads a ref shaped like an option as a ref: `git diff` never writes the file it names', async () => {
    const repo = new TempRepo();
    try {
      repo.commit('docs: one', { 'docs/a.md': '1' });
      repo.git('tag', 'v1');
      repo.commit('docs: two', { 'docs/a.md': '2' });
      expect(await pathsChanged({ root: repo.root }, 'v1', 'HEAD', ['docs'])).toEqual(['docs/a.md']);
      await expect(pathsChanged({ root: repo.root }, `--output=${join(scratch, 'outside')}`, 'HEAD', ['docs'])).rejects.toThrow();
      expect(existsSync(join(scratch, 'outside'))).toBe(false);
    } finally {
      repo.remove();
    }
  });
});
