import { pluginOptions, registersPlugin } from './workspace';

describe('the options nx.json gives the tool', () => {
  const options = { releaseTypes: ['feat', 'fix'] };

  it("reads the plugin's entry, registered by package name or by source path", () => {
    expect(pluginOptions({ plugins: [{ plugin: 'nx-release-process', options }] })).toEqual(options);
    expect(pluginOptions({ plugins: ['@nx/js', { plugin: './packages/nx-release-process/src/index.ts', options }] })).toEqual(options);
    expect(registersPlugin({ plugins: ['nx-release-process'] })).toBe(true);
    expect(registersPlugin({ plugins: ['@nx/js'], pluginsConfig: { 'nx-release-process': options } })).toBe(false);
  });

  it('reads pluginsConfig in a workspace whose targets are written out without the plugin', () => {
    expect(pluginOptions({ pluginsConfig: { 'nx-release-process': options, '@nx/js': { analyzeSourceFiles: false } } })).toEqual(options);
    expect(pluginOptions({})).toEqual({});
  });

  it('refuses options in both places, saying which to keep', () => {
    expect(() =>
      pluginOptions({ plugins: [{ plugin: 'nx-release-process', options }], pluginsConfig: { 'nx-release-process': options } }),
    ).toThrow(/sets nx-release-process's options twice.*init --addPlugin=false/);
  });

  it('checks the options wherever they are', () => {
    expect(() => pluginOptions({ pluginsConfig: { 'nx-release-process': { releaseTypes: 'feat' } } })).toThrow(/releaseTypes/);
  });
});
