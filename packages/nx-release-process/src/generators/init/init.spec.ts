import { readNxJson, updateNxJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createSampleMonorepo } from '../../../../../tools/demo/sample-monorepo';
import { runNode } from '../../testing/run-node';
import { runNx } from '../../testing/run-nx';
import initGenerator, { DEFAULT_PLUGIN_OPTIONS } from './init';

describe('init generator', () => {
  it('registers the plugin with its defaults and an independent release section', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await initGenerator(tree, {});
    const nxJson = readNxJson(tree);
    expect(nxJson?.plugins).toContainEqual({ plugin: 'nx-release-process', options: DEFAULT_PLUGIN_OPTIONS });
    expect(nxJson?.release).toEqual({ projectsRelationship: 'independent', releaseTag: { pattern: '{projectName}@{version}' } });
    expect(nxJson?.targetDefaults?.['release-gate']).toEqual({ cache: true });
    expect(Object.keys(nxJson?.targetDefaults ?? {})).toEqual(
      expect.arrayContaining(['version-gate', 'test-gate', 'checklist-gate', 'benchmark-gate']),
    );
  });

  it('keeps target defaults a team already set for a gate', async () => {
    const tree = createTreeWithEmptyWorkspace();
    updateNxJson(tree, { ...readNxJson(tree), targetDefaults: { 'test-gate': { cache: false } } });
    await initGenerator(tree, {});
    expect(readNxJson(tree)?.targetDefaults?.['test-gate']).toEqual({ cache: false });
  });

  it('uses v{version} for a fixed release', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await initGenerator(tree, { projectsRelationship: 'fixed' });
    expect(readNxJson(tree)?.release).toEqual({ projectsRelationship: 'fixed', releaseTag: { pattern: 'v{version}' } });
  });

  it('is idempotent and keeps what teams already configured', async () => {
    const tree = createTreeWithEmptyWorkspace();
    const nxJson = readNxJson(tree) ?? {};
    nxJson.release = { groups: { core: { projects: ['a'], projectsRelationship: 'fixed' } } };
    nxJson.plugins = [{ plugin: 'nx-release-process', options: { releaseTypes: ['feat'] } }];
    updateNxJson(tree, nxJson);
    await initGenerator(tree, {});
    const once = tree.read('nx.json', 'utf-8');
    await initGenerator(tree, { projectsRelationship: 'fixed' });
    expect(tree.read('nx.json', 'utf-8')).toBe(once);
    const after = readNxJson(tree);
    expect(after?.release).toEqual({ groups: { core: { projects: ['a'], projectsRelationship: 'fixed' } } });
    expect(after?.plugins).toEqual([{ plugin: 'nx-release-process', options: { releaseTypes: ['feat'] } }]);
  });

  it('changes nothing on a second run', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await initGenerator(tree, {});
    const once = tree.read('nx.json', 'utf-8');
    await initGenerator(tree, {});
    expect(tree.read('nx.json', 'utf-8')).toBe(once);
  });
});

describe('init in a real workspace', () => {
  it("writes nx.json as the workspace's Prettier would, so `prettier --check` stays green", async () => {
    const repo = createSampleMonorepo();
    try {
      // A workspace with Prettier installed, as the one the issue came from.
      symlinkSync(resolve(__dirname, '../../../../../node_modules/prettier'), join(repo.root, 'node_modules', 'prettier'), 'dir');
      writeFileSync(join(repo.root, '.prettierrc'), JSON.stringify({ printWidth: 80, singleQuote: true }));
      const result = await runNx(repo.root, ['g', 'nx-release-process:init']);
      expect(result.code).toBe(0);
      expect(readFileSync(join(repo.root, 'nx.json'), 'utf8')).toContain('"targetDefaults"');
      const check = await runNode(join(repo.root, 'node_modules/prettier/bin/prettier.cjs'), ['--check', 'nx.json'], repo.root);
      expect(check.stderr).toBe('');
      expect(check.code).toBe(0);
    } finally {
      repo.remove();
    }
  });
});
