import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addBareOrigin } from '../testing/bare-origin';
import { startCli } from '../testing/interrupt';
import { PYTHON_VENV_BIN, pythonToolsPath, startPythonIndex, type PythonIndex } from '../testing/python-index';
import { runCli } from '../testing/run-cli';
import { TempRepo } from '../testing/temp-repo';

const USER = 'release-bot';
const PASSWORD = 'pypi-fake-password-for-the-test-index-8642';

/** A plain Python package as its users keep one: pyproject.toml with setuptools, the version in version.py too. */
function pythonPackage(name: string, module: string, version: string): Record<string, string> {
  return {
    'pyproject.toml': [
      '[build-system]',
      'requires = ["setuptools>=61"]',
      'build-backend = "setuptools.build_meta"',
      '',
      '[project] # PEP 621',
      `name = "${name}"`,
      `version = '${version}'`,
      'description = "Fused GPU kernels"',
      '',
      '[tool.setuptools]',
      `packages = ["${module}"]`,
      '',
    ].join('\n'),
    [`${module}/__init__.py`]: 'from .version import __version__\n',
    [`${module}/version.py`]: `__version__ = '${version}'\n`,
    '.gitignore': 'build\n*.egg-info\ndist\n',
  };
}

/**
 * A plain Python repository (no package.json, no Nx) released with the CLI alone, to a real index
 * (pypiserver) with twine, and installed from it with pip in a fresh venv.
 */
describe('a plain Python repository, prepared and released without Nx', () => {
  let repo: TempRepo;
  let origin: ReturnType<typeof addBareOrigin>;
  let index: PythonIndex;
  let PATH: string;
  const env = () => ({ PATH, TWINE_USERNAME: USER, TWINE_PASSWORD: PASSWORD });
  /** The release branch merged back into main, as the process does once it is out. */
  const mergeBackToMain = () => {
    const released = repo.git('rev-parse', '--abbrev-ref', 'HEAD');
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--ff-only', released);
  };
  const read = (path: string) => readFileSync(join(repo.root, path), 'utf8');
  const publishing = () => ['--python-repository-url', index.uploadUrl, '--python-index-url', index.simpleUrl];

  beforeAll(async () => {
    PATH = pythonToolsPath();
    index = await startPythonIndex(USER, PASSWORD);
    repo = new TempRepo('python-plain-');
    repo.commit('feat: first kernels', pythonPackage('gpu-kernels', 'gpu_kernels', '1.1.0'));
    repo.tag('v1.1.0');
    repo.commit('feat: fused attention kernel', { 'gpu_kernels/fused.py': 'def fused():\n    return 1\n' });
    origin = addBareOrigin(repo);
  });
  afterAll(async () => {
    await index?.stop();
    repo?.remove();
    origin?.remove();
  });

  /** What a user gets from the index: pip install in a fresh venv, then the module's own __version__. */
  const installedVersion = (requirement: string) => {
    const venv = mkdtempSync(join(tmpdir(), 'pip-user-'));
    try {
      execFileSync(join(PYTHON_VENV_BIN, 'python'), ['-m', 'venv', venv]);
      const pip = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-cache-dir', '--index-url', index.simpleUrl];
      execFileSync(join(venv, 'bin/python'), [...pip, requirement], { stdio: 'pipe' });
      return execFileSync(join(venv, 'bin/python'), ['-c', 'import gpu_kernels; print(gpu_kernels.__version__)'], {
        encoding: 'utf8',
      }).trim();
    } finally {
      rmSync(venv, { recursive: true, force: true });
    }
  };

  it('plans under its [project] name, prepares the release branch, and publishes what pip installs', async () => {
    const planned = await runCli(repo.root, ['plan', '--json'], env());
    expect(JSON.parse(planned.stdout).projects).toEqual([expect.objectContaining({ name: 'gpu-kernels', nextVersion: '1.2.0' })]);

    const prepared = await runCli(repo.root, ['prepare'], env());
    expect(prepared.code).toBe(0);
    expect(prepared.stderr).toMatch(/^write .*gpu_kernels\/version.py/m);
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('release/v1.2.0');
    expect(repo.git('log', '-1', '--format=%s')).toBe('chore: prepare release v1.2.0');
    expect(read('pyproject.toml')).toContain("version = '1.2.0'");

    const dryRun = await runCli(repo.root, ['release', ...publishing(), '--dry-run'], env());
    expect(dryRun.stderr).toContain(`[dry-run] would upload gpu-kernels 1.2.0 (sdist and wheel) to the Python index at ${index.uploadUrl}`);
    expect(index.files()).toEqual([]);

    const released = await runCli(repo.root, ['release', ...publishing()], env());
    expect(released.stderr).not.toContain(PASSWORD);
    expect(released.code).toBe(0);
    expect(index.files()).toEqual(['gpu_kernels-1.2.0-py3-none-any.whl', 'gpu_kernels-1.2.0.tar.gz']);
    expect(installedVersion('gpu-kernels==1.2.0')).toBe('1.2.0');

    const again = await runCli(repo.root, ['release', ...publishing()], env());
    expect(again.stderr).toContain('Already released: v1.2.0');
  });

  it('publishes a release candidate in its PEP 440 form, rcN, which pip installs only when asked for', async () => {
    mergeBackToMain();
    repo.commit('feat: tensor cores', { 'gpu_kernels/tensor.py': 'def tensor():\n    return 2\n' });
    const prepared = await runCli(repo.root, ['prepare', '--preid', 'rc'], env());
    expect(prepared.code).toBe(0);
    expect(read('gpu_kernels/version.py')).toBe("__version__ = '1.3.0rc0'\n");

    const released = await runCli(repo.root, ['release', ...publishing()], env());
    expect(released.stderr).toContain('upload gpu-kernels 1.3.0rc0 (sdist and wheel)');
    expect(released.code).toBe(0);
    expect(repo.git('tag', '--list', 'v1.3.0*')).toBe('v1.3.0-rc.0');
    expect(installedVersion('gpu-kernels==1.3.0rc0')).toBe('1.3.0rc0');
    // A plain install still gets the release, not the candidate.
    expect(installedVersion('gpu-kernels')).toBe('1.2.0');
  });

  it('stops on an upload the index turns down, with its answer and without the password; the rerun finishes it', async () => {
    mergeBackToMain();
    repo.commit('fix: guard the launch', { 'gpu_kernels/fused.py': 'def fused():\n    return 3\n' });
    expect((await runCli(repo.root, ['prepare'], env())).code).toBe(0);
    const refused = await runCli(repo.root, ['release', ...publishing()], { ...env(), TWINE_PASSWORD: 'wrong-password-1234' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/twine could not upload gpu-kernels 1\.3\.0: .*403 Forbidden.* — the tags are pushed/);
    expect(refused.stderr).not.toContain('wrong-password-1234');
    // The rerun with the right password finishes it.
    expect((await runCli(repo.root, ['release', ...publishing()], env())).code).toBe(0);
    expect(index.files()).toContain('gpu_kernels-1.3.0.tar.gz');
  });

  it('rolls a release back, telling the user how to yank it from the index, which twine cannot', async () => {
    mergeBackToMain();
    const reverted = await runCli(repo.root, ['revert', 'v1.3.0', '--reason', 'wrong results on sm_90'], env());
    expect(reverted.code).toBe(0);
    // Back to the last release before it: the candidate was reverted along with it.
    expect(read('gpu_kernels/version.py')).toBe("__version__ = '1.2.0'\n");
    const rolledBack = await runCli(repo.root, ['rollback', 'v1.3.0', '--no-announce', '--json'], env());
    expect(rolledBack.code).toBe(0);
    expect(rolledBack.stderr).toContain(
      "By hand: yank gpu-kernels 1.3.0 on its Python index by hand (twine cannot): on PyPI, the project's Manage page",
    );
    expect(JSON.parse(rolledBack.stdout).byHand).toEqual([expect.stringContaining('with the reason "wrong results on sm_90"')]);
  });
});

/** Two Python packages of one Nx-less monorepo? The plain repository has one project; the kill test uses two releases. */
describe('a Python release killed during its upload', () => {
  it('is finished by the next run, nothing uploaded twice', async () => {
    const PATH = pythonToolsPath();
    const index = await startPythonIndex(USER, PASSWORD);
    const repo = new TempRepo('python-kill-');
    repo.commit('feat: first kernels', pythonPackage('gpu-kernels', 'gpu_kernels', '1.1.0'));
    repo.tag('v1.1.0');
    repo.commit('feat: fused attention kernel', { 'gpu_kernels/fused.py': 'def fused():\n    return 1\n' });
    const origin = addBareOrigin(repo);
    try {
      const env = { PATH, TWINE_USERNAME: USER, TWINE_PASSWORD: PASSWORD };
      expect((await runCli(repo.root, ['prepare'], env)).code).toBe(0);
      const args = ['release', '--python-repository-url', index.uploadUrl, '--python-index-url', index.simpleUrl];
      const run = startCli(repo.root, args, env);
      // Killed once the first file is on the index (or, should it finish first, when it has ended): no clock.
      let ended = false;
      void run.ended.then(() => (ended = true));
      while (index.files().length === 0 && !ended) await new Promise((resolve) => setTimeout(resolve, 50));
      await run.kill();
      const rerun = await runCli(repo.root, args, env);
      expect(rerun.code).toBe(0);
      expect(index.files()).toEqual(['gpu_kernels-1.2.0-py3-none-any.whl', 'gpu_kernels-1.2.0.tar.gz']);
    } finally {
      await index.stop();
      repo.remove();
      origin.remove();
    }
  });
});

describe('a Python package that cannot be released', () => {
  it('says so in one line before any tag: invalid TOML, invalid INI, and a build backend no index has', async () => {
    const PATH = pythonToolsPath();
    const repo = new TempRepo('python-bad-');
    const files = pythonPackage('gpu-kernels', 'gpu_kernels', '1.1.0');
    repo.commit('feat: first kernels', { ...files, 'pyproject.toml': files['pyproject.toml'].replace('[project] # PEP 621', '[project') });
    const origin = addBareOrigin(repo);
    try {
      const invalid = await runCli(repo.root, ['plan'], { PATH });
      expect(invalid.code).toBe(1);
      expect(invalid.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^release-process: .*pyproject\.toml is not valid TOML: /)]);

      // bump2version's INI with a line configparser refuses.
      repo.commit('fix: valid TOML, a bumpversion INI that is not', {
        'pyproject.toml': files['pyproject.toml'],
        '.bumpversion.cfg': '[bumpversion]\ncurrent_version = 1.1.0\n\n[bumpversion:file:gpu_kernels/version.py]\nsearch __version__\n',
      });
      const invalidIni = await runCli(repo.root, ['plan'], { PATH });
      expect(invalidIni.code).toBe(1);
      expect(invalidIni.stderr.trim().split('\n')).toEqual([
        'release-process: .bumpversion.cfg is not valid INI: line 5: "search __version__" is neither a [section] nor an option = value. Fix the file, then run again',
      ]);

      repo.commit('fix: a backend that does not exist', {
        '.bumpversion.cfg': '[bumpversion]\ncurrent_version = 1.1.1\n\n[bumpversion:file:gpu_kernels/version.py]\n',
        'pyproject.toml': files['pyproject.toml']
          .replace('setuptools>=61', 'no-such-build-backend-7531')
          .replace('setuptools.build_meta', 'no_such_backend')
          .replace("version = '1.1.0'", "version = '1.1.1'"),
        'gpu_kernels/version.py': "__version__ = '1.1.1'\n",
      });
      const unbuildable = await runCli(repo.root, ['release', '--python-repository-url', 'http://127.0.0.1:9/'], { PATH });
      expect(unbuildable.code).toBe(1);
      expect(unbuildable.stderr).toMatch(/building gpu-kernels 1\.1\.1 failed: .*no-such-build-backend-7531.*; nothing was released/);
      expect(repo.git('tag', '--list')).toBe('');
    } finally {
      repo.remove();
      origin.remove();
    }
  });
});

describe('a uv project', () => {
  it('keeps uv.lock in the release commit, builds with uv build and publishes with uv publish', async () => {
    const PATH = pythonToolsPath();
    const index = await startPythonIndex(USER, PASSWORD);
    const repo = new TempRepo('python-uv-');
    const files = pythonPackage('gpu-kernels', 'gpu_kernels', '1.1.0');
    repo.write({
      ...files,
      'pyproject.toml': files['pyproject.toml'].replace('[tool.setuptools]', 'requires-python = ">=3.9"\n\n[tool.setuptools]'),
    });
    execFileSync(join(PYTHON_VENV_BIN, 'uv'), ['lock', '--offline', '--quiet'], { cwd: repo.root, env: { ...process.env, PATH } });
    repo.commit('feat: first kernels');
    repo.tag('v1.1.0');
    repo.commit('feat: fused attention kernel', { 'gpu_kernels/fused.py': 'def fused():\n    return 1\n' });
    const origin = addBareOrigin(repo);
    const env = { PATH, UV_PUBLISH_USERNAME: USER, UV_PUBLISH_PASSWORD: PASSWORD };
    try {
      expect((await runCli(repo.root, ['prepare'], env)).code).toBe(0);
      expect(readFileSync(join(repo.root, 'uv.lock'), 'utf8')).toContain('name = "gpu-kernels"\nversion = "1.2.0"');
      expect(repo.git('status', '--porcelain')).toBe('');
      const args = ['release', '--python-repository-url', index.uploadUrl, '--python-index-url', index.simpleUrl];
      const released = await runCli(repo.root, args, env);
      expect(released.stderr).not.toContain(PASSWORD);
      expect(released.code).toBe(0);
      expect(index.files()).toEqual(['gpu_kernels-1.2.0-py3-none-any.whl', 'gpu_kernels-1.2.0.tar.gz']);
      expect((await runCli(repo.root, args, env)).stderr).toContain('Already released: v1.2.0');
      // Without the simple index to read, uv uploads again one file at a time, and the index's "already there" is done.
      const unchecked = await runCli(repo.root, ['release', '--python-repository-url', index.uploadUrl], env);
      expect(unchecked.code).toBe(0);
      expect(index.files()).toEqual(['gpu_kernels-1.2.0-py3-none-any.whl', 'gpu_kernels-1.2.0.tar.gz']);
    } finally {
      await index.stop();
      repo.remove();
      origin.remove();
    }
  });
});
