import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publishPackage } from '../../nx-release-process/src/adapters/npm-registry';
import { addBareOrigin } from '../../nx-release-process/src/testing/bare-origin';
import { runCommand, runNode } from '../../nx-release-process/src/testing/run-node';
import { packageJson, TempRepo } from '../../nx-release-process/src/testing/temp-repo';
import { startLocalRegistry, type LocalRegistry } from '../../nx-release-process/src/testing/verdaccio';

const PLUGIN_DIR = join(__dirname, '../../nx-release-process');
const PLUGIN_VERSION = JSON.parse(readFileSync(join(PLUGIN_DIR, 'package.json'), 'utf8')).version as string;

/**
 * As a user meets it: the plugin published to a registry, installed into a fresh Nx workspace (npm
 * workspaces with three projects and a release history), set up with `init`, and a whole release made:
 * gates, notes, release branch, tags on a bare origin and packages on the same registry.
 */
describe('nx-release-process installed from a registry into a fresh workspace', () => {
  let registry: LocalRegistry;
  let repo: TempRepo;
  let origin: ReturnType<typeof addBareOrigin>;
  const npmEnv = () => ({ NPM_TOKEN: 'e2e-token', npm_config_registry: registry.url });
  const nx = (...args: string[]) => runNode(join(repo.root, 'node_modules/nx/dist/bin/nx.js'), args, repo.root, npmEnv());
  const releaseProcess = (...args: string[]) => runCommand(join(repo.root, 'node_modules/.bin/release-process'), args, repo.root, npmEnv());
  const read = (path: string) => readFileSync(join(repo.root, path), 'utf8');
  const published = (name: string) =>
    execFileSync('npm', ['view', name, 'version', '--registry', registry.url], { encoding: 'utf8' }).trim();

  beforeAll(async () => {
    registry = await startLocalRegistry({ proxy: true, local: ['nx-release-process', 'market-data', 'risk-model', 'order-router'] });
    process.env.NPM_TOKEN = 'e2e-token';
    await publishPackage(PLUGIN_DIR, false, { registry: registry.url });

    repo = new TempRepo('trading-platform-');
    const project = (name: string, dependencies: Record<string, string> = {}) => ({
      [`packages/${name}/package.json`]: `${JSON.stringify({ ...JSON.parse(packageJson(name, '1.0.0', dependencies)), scripts: { test: 'node test.js' } }, null, 2)}\n`,
      [`packages/${name}/test.js`]: "require('node:assert').ok(true);\n",
      [`packages/${name}/index.js`]: 'module.exports = {};\n',
    });
    repo.commit('chore: trading platform', {
      'package.json': `${JSON.stringify({ name: 'trading-platform', private: true, workspaces: ['packages/*'], devDependencies: { nx: '23.2.1', 'nx-release-process': PLUGIN_VERSION } }, null, 2)}\n`,
      'nx.json': '{}\n',
      '.gitignore': 'node_modules\n.nx\ndist\n',
      ...project('market-data'),
      ...project('risk-model', { 'market-data': '^1.0.0' }),
      ...project('order-router', { 'risk-model': '^1.0.0' }),
    });
    for (const name of ['market-data', 'risk-model', 'order-router']) repo.tag(`${name}@1.0.0`);
    repo.commit('feat(market-data): level 2 order book\n\nCloses #7', {
      'packages/market-data/index.js': 'module.exports = { book: [] };\n',
      'packages/market-data/README.md': '# market-data\n\nLevel 2 order book.\n',
    });
    repo.commit('fix(router): reject orders after the close', {
      'packages/order-router/index.js': 'module.exports = { closed: true };\n',
      'packages/order-router/README.md': '# order-router\n',
    });
    repo.commit('docs(risk): explain value at risk', { 'packages/risk-model/README.md': '# risk-model\n\nValue at risk.\n' });
    origin = addBareOrigin(repo);

    const install = await runCommand('npm', ['install', '--no-audit', '--no-fund', '--registry', registry.url], repo.root, npmEnv());
    if (install.code !== 0) throw new Error(`npm install failed:\n${install.stderr}`);
  });

  afterAll(async () => {
    await registry?.stop();
    repo?.remove();
    origin?.remove();
  });

  it('installs from the registry and init registers the plugin, once', async () => {
    expect(JSON.parse(read('node_modules/nx-release-process/package.json')).version).toBe(PLUGIN_VERSION);
    expect((await nx('g', 'nx-release-process:init')).code).toBe(0);
    const nxJson = JSON.parse(read('nx.json'));
    expect(nxJson.plugins).toEqual([expect.objectContaining({ plugin: 'nx-release-process' })]);
    expect(nxJson.release).toEqual({ projectsRelationship: 'independent', releaseTag: { pattern: '{projectName}@{version}' } });
    const once = read('nx.json');
    expect((await nx('g', 'nx-release-process:init')).code).toBe(0);
    expect(read('nx.json')).toBe(once);
    repo.commit('chore: set up nx-release-process');
  });

  it('writes release notes with nx g release-notes', async () => {
    const result = await nx('g', 'release-notes');
    expect(result.code).toBe(0);
    const notes = read('RELEASE_NOTES.md');
    expect(notes.match(/^# Release .*$/gm)).toEqual([
      '# Release market-data@1.1.0',
      '# Release risk-model@1.0.1',
      '# Release order-router@1.0.1',
    ]);
    expect(notes).toContain('- **market-data:** level 2 order book');
    repo.git('rm', '-q', '--cached', '--ignore-unmatch', 'RELEASE_NOTES.md');
    repo.git('clean', '-q', '-f', 'RELEASE_NOTES.md');
  });

  it('prepares the release and passes the gates, a second time from the cache', async () => {
    expect((await nx('g', 'release-branch')).code).toBe(0);
    expect(JSON.parse(read('packages/order-router/package.json'))).toMatchObject({
      version: '1.0.1',
      dependencies: { 'risk-model': '^1.0.1' },
    });
    const signOffs = [
      ['market-data', '1.1.0'],
      ['risk-model', '1.0.1'],
      ['order-router', '1.0.1'],
    ].flatMap(([project, version]) =>
      ['security-audit', 'code-review', 'dependencies-reviewed'].map((item) => ({ item, project, version, by: 'QA', date: '2026-11-24' })),
    );
    repo.commit('chore: release sign-offs', { 'release-signoffs.json': `${JSON.stringify(signOffs, null, 2)}\n` });

    const first = await nx('run-many', '-t', 'release-gate', '--output-style=static');
    expect(first.stdout + first.stderr).toContain('Successfully ran target release-gate for 3 projects');
    expect(JSON.parse(read('dist/release-gates/market-data/release-gate.json')).status).toBe('pass');
    const second = await nx('run-many', '-t', 'release-gate');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/Nx read the output from the cache instead of running the command for (\d+) out of \1 tasks/);
  });

  it('releases: tags on origin, packages on the registry', async () => {
    const result = await releaseProcess('release', '--registry', registry.url, '--no-github-release');
    expect(result.stderr).toContain('Released market-data@1.1.0, risk-model@1.0.1, order-router@1.0.1.');
    expect(result.code).toBe(0);
    // Only the tags this release made are pushed (the 1.0.0 tags were never pushed to this origin).
    expect(origin.git('tag', '--list').split('\n').sort()).toEqual(['market-data@1.1.0', 'order-router@1.0.1', 'risk-model@1.0.1']);
    expect(published('market-data')).toBe('1.1.0');
    expect(published('order-router')).toBe('1.0.1');
    expect(existsSync(join(repo.root, 'packages/market-data/CHANGELOG.md'))).toBe(true);
  });
});
