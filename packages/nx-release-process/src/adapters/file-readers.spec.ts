import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { manifestCandidates } from '../core/version-files';
import { diskReader, listedDiskReader } from './file-readers';

describe('listedDiskReader', () => {
  let root: string;
  beforeAll(() => {
    root = join(mkdtempSync(join(tmpdir(), 'file-readers-')), 'root');
    writeFileSync(join(root, '..', 'outside.txt'), 'VERSION = 1.0.0\n');
    for (const dir of ['src/pkg', 'tools', 'node_modules/x']) mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'pyproject.toml'), '[project]\ndynamic = ["version"]\n');
    writeFileSync(join(root, 'src/pkg/version.py'), '__version__ = "0.3.0"\n');
    writeFileSync(join(root, 'tools/version.py'), '__version__ = "9.9.9"\n');
    writeFileSync(join(root, 'src/index.ts'), 'export {};\n');
    symlinkSync(join(root, 'nowhere.json'), join(root, 'package.json')); // a link that leads nowhere
    symlinkSync(join(root, 'src/pkg/version.py'), join(root, 'version.py'));
  });
  afterAll(() => rmSync(dirname(root), { recursive: true, force: true }));

  it('answers every question as the working tree does, a file taken for a folder and broken links included', () => {
    const listed = listedDiskReader(root);
    const disk = diskReader(root);
    const paths = [
      '',
      '.',
      'pyproject.toml',
      'package.json',
      'version.py',
      'src',
      'src/pkg/version.py',
      'src/index.ts/version.py',
      'missing/version.py',
      'tools',
      'tools/',
      './src/pkg/version.py',
      'tools/../src/pkg/version.py', // a pattern's path may climb, within the root or out of it
      '../outside.txt',
    ];
    expect(paths.map((path) => listed.exists(path))).toEqual(paths.map((path) => disk.exists(path)));
    const files = [
      'pyproject.toml',
      'package.json',
      'version.py',
      'src/pkg/version.py',
      'src/index.ts/version.py',
      'missing/version.py',
      'tools/../src/pkg/version.py',
      '../outside.txt',
    ];
    expect(files.map((path) => listed.read(path, 'utf-8'))).toEqual(files.map((path) => disk.read(path, 'utf-8')));
    expect(listed.read('version.py', 'utf-8')).toBe('__version__ = "0.3.0"\n');
    const folders = ['', 'src', 'src/pkg', 'src/index.ts', 'missing', 'tools/../src', '..'];
    expect(folders.map((dir) => listed.children(dir).sort())).toEqual(folders.map((dir) => disk.children(dir).sort()));
  });

  it('sees nothing under a root that is not there', () => {
    const missing = join(root, 'gone');
    expect([listedDiskReader(missing).exists('package.json'), listedDiskReader(missing).children('')]).toEqual([false, []]);
    expect([...manifestCandidates('', listedDiskReader(missing))]).toEqual([]);
  });

  it('finds the same manifests in the same order as the working tree', () => {
    const where = (reader: ReturnType<typeof diskReader>) =>
      [...manifestCandidates('', reader)].map(({ kind, path }) => `${kind.name} ${path}`);
    expect(where(listedDiskReader(root))).toEqual(where(diskReader(root)));
    expect(where(listedDiskReader(root))).toEqual(
      expect.arrayContaining(['pyproject.toml pyproject.toml', expect.stringMatching(/src\/pkg\/version\.py$/)]),
    );
  });
});
