import { passGates } from '../testing/gates';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { linkInstalledPackages } from '../../../../tools/demo/sample-monorepo';
import { addBareOrigin } from '../testing/bare-origin';
import { startCargoRegistry, type CargoRegistry } from '../testing/cargo-registry';
import { pythonToolsPath, startPythonIndex, type PythonIndex } from '../testing/python-index';
import { runCli } from '../testing/run-cli';
import { TempRepo } from '../testing/temp-repo';
import { npmOn, startLocalRegistry, type LocalRegistry } from '../testing/verdaccio';

const NPM_TOKEN = 'npm_fake_token_for_the_mixed_workspace';
const CARGO_TOKEN = 'cio_fake_token_for_the_mixed_workspace';
const PYPI_PASSWORD = 'pypi-fake-password-for-the-mixed-workspace';

/**
 * One Nx workspace with an npm package, a Python package and a Rust crate, released in one run, each to its
 * own registry (Verdaccio, pypiserver, a Cargo registry served by the test).
 */
describe('a workspace of npm, Python and Rust projects, released in one run', () => {
  let repo: TempRepo;
  let origin: ReturnType<typeof addBareOrigin>;
  let npm: LocalRegistry;
  let index: PythonIndex;
  let cargoRegistry: CargoRegistry;
  const env = () => ({
    PATH: pythonToolsPath(),
    NPM_TOKEN,
    TWINE_USERNAME: 'release-bot',
    TWINE_PASSWORD: PYPI_PASSWORD,
    CARGO_REGISTRIES_LOCAL_INDEX: cargoRegistry.index,
    CARGO_REGISTRIES_LOCAL_TOKEN: CARGO_TOKEN,
  });
  const cargo = async (args: string[], cwd: string) =>
    (await promisify(execFile)('cargo', args, { cwd, encoding: 'utf8', env: { ...process.env, ...env() } })).stdout;

  beforeAll(async () => {
    [npm, index, cargoRegistry] = await Promise.all([
      startLocalRegistry(),
      startPythonIndex('release-bot', PYPI_PASSWORD),
      startCargoRegistry(CARGO_TOKEN),
    ]);
    repo = new TempRepo('mixed-ws-');
    repo.write({
      'package.json': `${JSON.stringify({ name: 'ws', private: true, workspaces: ['packages/web'] }, null, 2)}\n`,
      'nx.json': `${JSON.stringify({ release: { projectsRelationship: 'independent' }, plugins: ['nx-release-process'] }, null, 2)}\n`,
      '.gitignore': 'node_modules\n.nx\ndist\nbuild\n*.egg-info\ntarget\n',
      'packages/web/package.json': `${JSON.stringify({ name: 'web', version: '1.0.0', main: 'index.js' }, null, 2)}\n`,
      'packages/web/index.js': "module.exports = 'web';\n",
      'packages/kernels/project.json': `${JSON.stringify({ name: 'kernels', root: 'packages/kernels' }, null, 2)}\n`,
      'packages/kernels/pyproject.toml':
        '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "gpu-kernels"\nversion = "1.0.0"\n\n[tool.setuptools]\npackages = ["gpu_kernels"]\n',
      'packages/kernels/gpu_kernels/__init__.py': "__version__ = '1.0.0'\n",
      'packages/core-rs/project.json': `${JSON.stringify({ name: 'core-rs', root: 'packages/core-rs' }, null, 2)}\n`,
      'packages/core-rs/Cargo.toml':
        '[package]\nname = "core-rs"\nversion = "1.0.0"\nedition = "2021"\ndescription = "The core"\nlicense = "MIT"\n\n[dependencies]\n',
      'packages/core-rs/src/lib.rs': 'pub fn core() -> u32 {\n    1\n}\n',
    });
    await cargo(['generate-lockfile', '--offline'], join(repo.root, 'packages/core-rs'));
    repo.commit('chore: a workspace of three ecosystems');
    repo.tag('web@1.0.0').tag('kernels@1.0.0').tag('core-rs@1.0.0');
    repo.commit('feat: faster everywhere', {
      'packages/web/index.js': "module.exports = 'web!';\n",
      'packages/kernels/gpu_kernels/fused.py': 'def fused():\n    return 1\n',
      'packages/core-rs/src/lib.rs': 'pub fn core() -> u32 {\n    2\n}\n',
    });
    linkInstalledPackages(repo.root);
    origin = addBareOrigin(repo);
  });
  afterAll(async () => {
    await Promise.all([npm?.stop(), index?.stop(), cargoRegistry?.close()]);
    repo?.remove();
    origin?.remove();
  });

  it('lists every upload in the dry run, then publishes each to its registry', async () => {
    const prepared = await runCli(repo.root, ['prepare'], env());
    expect(prepared.code).toBe(0);
    expect(repo.git('show', '--stat', '--format=', 'HEAD')).toContain('packages/core-rs/Cargo.lock');
    expect(repo.git('status', '--porcelain')).toBe('');
    await cargo(['build', '--locked', '--offline', '--quiet'], join(repo.root, 'packages/core-rs'));

    await passGates(repo.root);
    const args = [
      'release',
      '--registry',
      npm.url,
      '--python-repository-url',
      index.uploadUrl,
      '--python-index-url',
      index.simpleUrl,
      '--cargo-registry',
      'local',
      '--forge',
      'none',
    ];
    const dryRun = await runCli(repo.root, [...args, '--dry-run'], env());
    expect(dryRun.stderr).toContain(`[dry-run] would publish web@1.1.0 to ${npm.url}`);
    expect(dryRun.stderr).toContain('[dry-run] would upload gpu-kernels 1.1.0 (sdist and wheel)');
    expect(dryRun.stderr).toContain("[dry-run] would publish the crate core-rs 1.1.0 to cargo's registry local");

    const released = await runCli(repo.root, args, env());
    for (const secret of [NPM_TOKEN, CARGO_TOKEN, PYPI_PASSWORD]) expect(released.stderr).not.toContain(secret);
    expect(released.code).toBe(0);
    expect(npmOn(npm, NPM_TOKEN)(['view', 'web@1.1.0', 'version'], repo.root)).toBe('1.1.0');
    expect(index.files()).toEqual(['gpu_kernels-1.1.0-py3-none-any.whl', 'gpu_kernels-1.1.0.tar.gz']);
    expect(cargoRegistry.published).toEqual(['core-rs@1.1.0']);
    expect(readFileSync(join(repo.root, 'packages/kernels/gpu_kernels/__init__.py'), 'utf8')).toBe("__version__ = '1.1.0'\n");
  });
});
