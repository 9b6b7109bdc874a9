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
    const before = tree.read('nx.json', 'utf-8');
    initGenerator(tree, {});
    initGenerator(tree, { projectsRelationship: 'fixed' });
    expect(tree.read('nx.json', 'utf-8')).toBe(before);
  });

  it('changes nothing on a second run', () => {
    const tree = createTreeWithEmptyWorkspace();
    initGenerator(tree, {});
    const once = tree.read('nx.json', 'utf-8');
    initGenerator(tree, {});
    expect(tree.read('nx.json', 'utf-8')).toBe(once);
  });
});
