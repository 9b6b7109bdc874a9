import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brokenLockfile, detectPackageManager, protocolRanges } from './package-managers';

/** Nx's shape for a plugin that failed on some files: an aggregate holding `[file, error]` pairs. */
function nxGraphError(file: string, message: string): Error {
  const aggregate = Object.assign(new Error('An error occurred while processing files'), { errors: [[file, new Error(message)]] });
  return Object.assign(new Error('Failed to process project graph.'), { getErrors: () => [aggregate] });
}

describe('brokenLockfile', () => {
  it('names the lockfile, the parser’s first line and the manager’s rewrite command', () => {
    const error = brokenLockfile(nxGraphError('yarn.lock', 'bad indentation of a mapping entry (3:5)\n\n 1 | __metadata:'));
    expect(error?.problem).toBe('yarn.lock is broken: bad indentation of a mapping entry (3:5)');
    expect(error?.fix).toBe('Rewrite it with `yarn install --mode update-lockfile` (or restore it from git), commit it, then run again');
    expect(brokenLockfile(nxGraphError('package-lock.json', 'Unexpected token } in JSON'))?.fix).toContain(
      'npm install --package-lock-only',
    );
  });

  it('leaves failures of other files, and errors of other shapes, to the generic message', () => {
    expect(brokenLockfile(nxGraphError('packages/a/project.json', 'Unexpected token'))).toBeNull();
    expect(brokenLockfile(new Error('Failed to process project graph.'))).toBeNull();
    expect(brokenLockfile('text')).toBeNull();
  });
});

describe('detectPackageManager', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'pm-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('takes the packageManager field over the lockfile, and the lockfile over the default', () => {
    writeFileSync(join(root, 'package.json'), '{ "packageManager": "pnpm@10.34.8" }');
    writeFileSync(join(root, 'package-lock.json'), '{}');
    expect(detectPackageManager(root)).toMatchObject({ name: 'pnpm', evidence: 'packageManager in package.json', lockfile: null });
    writeFileSync(join(root, 'package.json'), '{}');
    expect(detectPackageManager(root)).toMatchObject({ name: 'npm', evidence: 'package-lock.json', resolvesProtocols: false });
    rmSync(join(root, 'package-lock.json'));
    expect(detectPackageManager(root)).toMatchObject({ name: 'npm', evidence: 'the default', lockfile: null });
  });

  it('takes nx.json’s cli.packageManager when package.json names none', () => {
    writeFileSync(join(root, 'package.json'), '{}');
    writeFileSync(join(root, 'package-lock.json'), '{}');
    writeFileSync(join(root, 'nx.json'), '{ "cli": { "packageManager": "bun" } }');
    expect(detectPackageManager(root)).toMatchObject({ name: 'bun', evidence: 'cli.packageManager in nx.json' });
  });

  it('refuses a manager older than the commands it would be given, naming its version and the fix', async () => {
    writeFileSync(join(root, 'package.json'), '{ "packageManager": "pnpm@8.15.0" }');
    const bin = join(root, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'pnpm'), '#!/bin/sh\necho 8.15.0\n');
    chmodSync(join(bin, 'pnpm'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    try {
      await expect(detectPackageManager(root).verify(root)).rejects.toThrow(
        'this workspace uses pnpm 8.15.0, and releasing through it needs pnpm 9.0.0 or later. Update it (corepack enable, or npm install --global pnpm), then run again',
      );
    } finally {
      process.env.PATH = path;
    }
  });

  it('tells yarn 1 (publishes as npm does) from yarn 2 and later', () => {
    writeFileSync(join(root, 'package.json'), '{ "packageManager": "yarn@1.22.22" }');
    expect(detectPackageManager(root)).toMatchObject({ name: 'yarn', resolvesProtocols: false, updatesLockfile: false });
    writeFileSync(join(root, 'package.json'), '{}');
    writeFileSync(join(root, 'yarn.lock'), '__metadata:\n  version: 8\n');
    expect(detectPackageManager(root)).toMatchObject({
      name: 'yarn',
      evidence: 'yarn.lock',
      resolvesProtocols: true,
      updatesLockfile: true,
    });
  });
});

describe('protocolRanges', () => {
  it('lists workspace: and catalog: ranges of what is published, not of devDependencies', () => {
    expect(
      protocolRanges({
        dependencies: { b: 'workspace:^', c: 'catalog:', d: '^1.0.0' },
        peerDependencies: { e: 'workspace:*' },
        devDependencies: { f: 'workspace:^' },
      }),
    ).toEqual(['b: workspace:^', 'c: catalog:', 'e: workspace:*']);
  });
});
