import { readNxJson, updateNxJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import initGenerator, { DEFAULT_PLUGIN_OPTIONS } from './init';

describe('init generator', () => {
  it('registers the plugin with its defaults and an independent release section', () => {
    const tree = createTreeWithEmptyWorkspace();
    initGenerator(tree, {});
    const nxJson = readNxJson(tree);
    expect(nxJson?.plugins).toContainEqual({ plugin: 'nx-release-process', options: DEFAULT_PLUGIN_OPTIONS });
    expect(nxJson?.release).toEqual({ projectsRelationship: 'independent', releaseTag: { pattern: '{projectName}@{version}' } });
    expect(nxJson?.targetDefaults?.['release-gate']).toEqual({ cache: true });
    expect(Object.keys(nxJson?.targetDefaults ?? {})).toEqual(
      expect.arrayContaining(['version-gate', 'test-gate', 'checklist-gate', 'benchmark-gate']),
    );
  });

  it('keeps target defaults a team already set for a gate', () => {
    const tree = createTreeWithEmptyWorkspace();
    updateNxJson(tree, { ...readNxJson(tree), targetDefaults: { 'test-gate': { cache: false } } });
    initGenerator(tree, {});
    expect(readNxJson(tree)?.targetDefaults?.['test-gate']).toEqual({ cache: false });
  });

  it('uses v{version} for a fixed release', () => {
    const tree = createTreeWithEmptyWorkspace();
    initGenerator(tree, { projectsRelationship: 'fixed' });
    expect(readNxJson(tree)?.release).toEqual({ projectsRelationship: 'fixed', releaseTag: { pattern: 'v{version}' } });
  });

  it('is idempotent and keeps what teams already configured', () => {
    const tree = createTreeWithEmptyWorkspace();
    const nxJson = readNxJson(tree) ?? {};
    nxJson.release = { groups: { core: { projects: ['a'], projectsRelationship: 'fixed' } } };
    nxJson.plugins = [{ plugin: 'nx-release-process', options: { releaseTypes: ['feat'] } }];
    updateNxJson(tree, nxJson);
    initGenerator(tree, {});
    const once = tree.read('nx.json', 'utf-8');
    initGenerator(tree, { projectsRelationship: 'fixed' });
    expect(tree.read('nx.json', 'utf-8')).toBe(once);
    const after = readNxJson(tree);
    expect(after?.release).toEqual({ groups: { core: { projects: ['a'], projectsRelationship: 'fixed' } } });
    expect(after?.plugins).toEqual([{ plugin: 'nx-release-process', options: { releaseTypes: ['feat'] } }]);
  });

  it('changes nothing on a second run', () => {
    const tree = createTreeWithEmptyWorkspace();
    initGenerator(tree, {});
    const once = tree.read('nx.json', 'utf-8');
    initGenerator(tree, {});
    expect(tree.read('nx.json', 'utf-8')).toBe(once);
  });
});
