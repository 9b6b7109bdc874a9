import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsedToml } from '../core/version-files/toml-table';
import { toPep440 } from '../core/pep440';
import { withoutControls } from '../core/printable';
import { ReleaseProcessError } from '../core/release-error';
import { firstLine, runPackageTool } from './npm-registry';
import { requestOrFail } from './http-client';

/** A Python distribution a release uploads: sdist and wheel of one pyproject.toml. */
export interface PythonPackage {
  project: string;
  /** `[project] name` (or `[tool.poetry] name`). */
  name: string;
  /** Our version, and the PEP 440 form the index knows it by. */
  version: string;
  pep440: string;
  dir: string;
  /** A uv project (a uv.lock beside it or at the workspace root): built with `uv build`, uploaded with `uv publish`. */
  uv?: boolean;
}

export interface PythonIndexOptions {
  /** twine's `--repository-url` (an upload URL); else twine's own config (`TWINE_REPOSITORY_URL`, `.pypirc`). */
  repositoryUrl?: string;
  /** The simple index asked what is published already (pip's `--index-url`); else pip's own config. */
  indexUrl?: string;
}

/**
 * The pyproject.toml of `dir` when it is a package Python tools build: it names a build backend
 * (`[build-system]`) and a name. Invalid TOML is refused, naming the file and the parser's reason.
 */
export function pythonProjectOf(dir: string): { name: string } | null {
  const path = join(dir, 'pyproject.toml');
  if (!existsSync(path)) return null;
  const manifest = readToml(path);
  const name = pyprojectName(manifest);
  return typeof manifest['build-system'] === 'object' && name ? { name } : null;
}

/** A parsed pyproject.toml's package name: `[project] name`, or Poetry's `[tool.poetry] name`. */
export function pyprojectName(manifest: Record<string, unknown>): string | null {
  const declared = manifest as { project?: { name?: unknown }; tool?: { poetry?: { name?: unknown } } };
  const name = declared.project?.name ?? declared.tool?.poetry?.name;
  return typeof name === 'string' && name ? name : null;
}

/** A Python package name as PEP 503 normalizes it, runs of `-_.` as one `separator` (`-` for URLs, `_` in file names). */
function normalizedName(name: string, separator: '-' | '_'): string {
  return name.replace(/[-_.]+/g, separator).toLowerCase();
}

/** A TOML file parsed, or a one-line error naming it and where the parser stopped. */
export function readToml(path: string): Record<string, unknown> {
  return parsedToml(path, readFileSync(path, 'utf8'));
}

/** The release's Python packages: each version in its PEP 440 form, refused now when it has none. */
export function pythonPackage(project: string, dir: string, version: string, workspaceRoot = dir): PythonPackage | null {
  const python = pythonProjectOf(dir);
  if (!python) return null;
  const uv = existsSync(join(dir, 'uv.lock')) || existsSync(join(workspaceRoot, 'uv.lock'));
  return { project, name: python.name, version, pep440: toPep440(version), dir, ...(uv ? { uv } : {}) };
}

/** Rewrites uv.lock for the project's new version, resolving nothing anew and fetching nothing. */
export async function updateUvLockfile(dir: string): Promise<boolean> {
  const result = await runPython('uv', ['lock', '--offline'], dir);
  if (result.code !== 0) {
    throw new ReleaseProcessError(
      `uv could not update uv.lock: ${lastErrorLine(result)}`,
      'Run `uv lock` to see why, fix it, then run again',
    );
  }
  return true;
}

/** Fails, saying what to install, when a uv project meets no uv on PATH. */
export async function verifyUv(cwd: string): Promise<void> {
  const result = await runPackageTool('uv', ['--version'], cwd);
  if (result.code !== 0) {
    throw new ReleaseProcessError(
      `this is a uv project (uv.lock), and ${firstLine(result.stderr) || 'uv does not run'}`,
      'Install uv (pip install uv, or its own installer), then run again',
    );
  }
}

/**
 * The interpreter that builds and uploads: the one on PATH as `python` (an activated venv), else
 * `python3`; `build` and `twine` must be installed in it.
 */
async function pythonWithTools(cwd: string): Promise<string> {
  for (const python of ['python', 'python3']) {
    const probe = await runPackageTool(python, ['-c', 'import build, twine'], cwd);
    if (probe.code === 0) return python;
    if (probe.code !== 127) {
      throw new ReleaseProcessError(
        `${python} has no ${/twine/.test(probe.stderr) ? 'twine' : 'build'} to publish Python packages with`,
        `Install them where that python runs (\`${python} -m pip install build twine\`), then run again`,
      );
    }
  }
  throw new ReleaseProcessError(
    'no python on PATH to publish Python packages with',
    'Install Python 3 with build and twine, then run again',
  );
}

/** A Python tool, its messages unwrapped and uncoloured, so the line that says what went wrong is whole. */
function runPython(python: string, args: string[], cwd: string) {
  return runPackageTool(python, args, cwd, undefined, { env: { COLUMNS: '1000', NO_COLOR: '1', PIP_NO_INPUT: '1' } });
}

/**
 * Whether the index has this version already: with `indexUrl`, both its sdist and a wheel on the index's
 * simple page (PEP 503), so an upload interrupted between the two is finished; else the versions pip lists
 * from the index it is configured with.
 */
export async function isPythonVersionPublished(pkg: PythonPackage, options: PythonIndexOptions): Promise<boolean> {
  if (options.indexUrl) {
    // File names carry the name normalized with underscores (`gpu_kernels-1.2.0.tar.gz`).
    const stem = `${normalizedName(pkg.name, '_')}-${pkg.pep440}`;
    const files = (await indexFiles(options.indexUrl, pkg.name)).map((file) => file.toLowerCase());
    return files.includes(`${stem}.tar.gz`) && files.some((file) => file.startsWith(`${stem}-`) && file.endsWith('.whl'));
  }
  // A uv project may have no pip with build and twine: without an index to read, its upload is planned, and
  // a rerun's duplicate files are the index's to refuse.
  if (pkg.uv) return false;
  const python = await pythonWithTools(pkg.dir);
  // No cache: an answer from before this release's upload must not hide it.
  const args = ['index', 'versions', pkg.name, '--pre', '--no-cache-dir', '--disable-pip-version-check', '--retries', '1'];
  const result = await runPython(python, ['-m', 'pip', ...args], pkg.dir);
  if (result.code !== 0) {
    // pip says the same for an index it cannot reach: that is refused, not taken for "not published".
    if (/no matching distribution/i.test(result.stderr) && !/connection|retrying|ssl|timed out/i.test(result.stderr)) return false;
    throw new ReleaseProcessError(
      `pip could not ask the package index about ${pkg.name}: ${firstLine(result.stderr)}`,
      'Check the index pip is configured with (PIP_INDEX_URL or pip.conf), then run again',
    );
  }
  const available = /Available versions:\s*(.*)/.exec(result.stdout)?.[1] ?? '';
  return available.split(',').some((version) => version.trim() === pkg.pep440);
}

/** The file names a simple index lists for a project (PEP 503: one link per file); none when it has no such project. */
async function indexFiles(indexUrl: string, name: string): Promise<string[]> {
  const normalized = normalizedName(name, '-');
  const url = new URL(`${encodeURIComponent(normalized)}/`, indexUrl.endsWith('/') ? indexUrl : `${indexUrl}/`);
  const { response } = await requestOrFail(
    url,
    {},
    (reason) =>
      new ReleaseProcessError(`the Python index ${indexUrl} does not answer: ${reason}`, 'Check --python-index-url, then run again'),
  );
  if (response.status === 404) return [];
  if (!response.ok) {
    throw new ReleaseProcessError(
      `the Python index ${indexUrl} answered ${response.status} for ${normalized}`,
      'Check --python-index-url and its access, then run again',
    );
  }
  const page = await response.text();
  return [...page.matchAll(/<a\b[^>]*>([^<]+)<\/a>/gi)].map((match) => match[1].trim());
}

/**
 * Builds the sdist and the wheel with the project's own build backend (`python -m build`, isolated as it
 * runs by default) and checks them with `twine check`; the files, in a folder of their own.
 */
export async function buildPythonPackage(pkg: PythonPackage): Promise<string[]> {
  const out = mkdtempSync(join(tmpdir(), 'release-process-dist-'));
  if (pkg.uv) await verifyUv(pkg.dir);
  const python = pkg.uv ? 'uv' : await pythonWithTools(pkg.dir);
  const [tool, args] = pkg.uv
    ? ['uv', ['build', '--sdist', '--wheel', '--out-dir', out, pkg.dir]]
    : [python, ['-m', 'build', '--sdist', '--wheel', '--outdir', out, pkg.dir]];
  const built = await runPython(tool, args, pkg.dir);
  if (built.code !== 0) {
    rmSync(out, { recursive: true, force: true });
    throw new ReleaseProcessError(
      `building ${pkg.name} ${pkg.pep440} failed: ${lastErrorLine(built)}; nothing was released`,
      `Run \`${tool} ${args.slice(0, 2).join(' ')} ${pkg.dir}\` to see why (its [build-system] must name a backend the index has), then run again`,
    );
  }
  // The distributions only: uv leaves a .gitignore beside them.
  const files = readdirSync(out)
    .filter((file) => file.endsWith('.whl') || file.endsWith('.tar.gz'))
    .map((file) => join(out, file));
  const versioned = files.filter((file) => file.includes(`-${pkg.pep440}`));
  if (versioned.length !== files.length || files.length === 0) {
    throw new ReleaseProcessError(
      `${pkg.name} built as ${files.map((file) => file.slice(out.length + 1)).join(', ')}, not version ${pkg.pep440}; nothing was released`,
      'Let the build read the version from pyproject.toml or the version file the release writes',
    );
  }
  // uv projects need no twine: uv builds standard metadata, and its publish checks what it uploads.
  if (pkg.uv) return files;
  const checked = await runPython(python, ['-m', 'twine', 'check', ...files], pkg.dir);
  if (checked.code !== 0) {
    throw new ReleaseProcessError(
      `twine check refused ${pkg.name} ${pkg.pep440}: ${lastErrorLine(checked)}; nothing was released`,
      'Fix the package metadata it names, then run again',
    );
  }
  return files;
}

/**
 * Uploads the built files with twine (credentials from `TWINE_USERNAME` / `TWINE_PASSWORD`, or a trusted
 * publisher's token, as twine reads them). A file the index has already (an interrupted upload) is a
 * conflict the index answers, taken as done: nothing is uploaded twice.
 */
export async function uploadPythonPackage(pkg: PythonPackage, files: string[], options: PythonIndexOptions): Promise<void> {
  if (pkg.uv) return uvPublish(pkg, files, options);
  const python = await pythonWithTools(pkg.dir);
  for (const file of files) {
    // --verbose: an index's reason for a refusal (pypiserver's "already exists") is in the body twine shows only then.
    const args = ['-m', 'twine', 'upload', '--non-interactive', '--disable-progress-bar', '--verbose'];
    if (options.repositoryUrl) args.push('--repository-url', options.repositoryUrl);
    const result = await runPython(python, [...args, file], pkg.dir);
    if (result.code === 0 || alreadyOnTheIndex(result)) continue;
    throw new ReleaseProcessError(
      `twine could not upload ${pkg.name} ${pkg.pep440}: ${lastErrorLine(result)}`,
      'Fix the cause (TWINE_USERNAME / TWINE_PASSWORD, the repository URL), then run the release again: it skips what is done',
    );
  }
  rmSync(join(files[0], '..'), { recursive: true, force: true });
}

/**
 * `uv publish` of the built files (credentials from `UV_PUBLISH_TOKEN`, or `UV_PUBLISH_USERNAME` /
 * `UV_PUBLISH_PASSWORD`, as uv reads them; the URL from `--python-repository-url` or `UV_PUBLISH_URL`).
 * With the simple index given, uv skips the files it already has; without it, one file at a time, so a file
 * the index refuses as already there counts as done and the next one is still uploaded.
 */
async function uvPublish(pkg: PythonPackage, files: string[], options: PythonIndexOptions): Promise<void> {
  const args = ['publish', '--no-progress'];
  if (options.repositoryUrl) args.push('--publish-url', options.repositoryUrl);
  if (options.indexUrl) args.push('--check-url', options.indexUrl);
  for (const batch of options.indexUrl ? [files] : files.map((file) => [file])) {
    const result = await runPython('uv', [...args, ...batch], pkg.dir);
    if (result.code === 0 || alreadyOnTheIndex(result)) continue;
    throw new ReleaseProcessError(
      `uv could not publish ${pkg.name} ${pkg.pep440}: ${lastErrorLine(result)}`,
      'Fix the cause (UV_PUBLISH_TOKEN or UV_PUBLISH_USERNAME / UV_PUBLISH_PASSWORD, the publish URL), then run the release again: it skips what is done',
    );
  }
  rmSync(join(files[0], '..'), { recursive: true, force: true });
}

/** An upload the index refused because it has the file already (409, or "already exists" in its answer). */
function alreadyOnTheIndex(result: { stdout: string; stderr: string }): boolean {
  // Tools wrap the index's answer over several lines: read it as one.
  return /\b409\b|already exists/i.test(`${result.stdout} ${result.stderr}`.replace(/\s+/g, ' '));
}

/** The line of a tool's output that says what went wrong: pip's and the backend's own reasons first. */
function lastErrorLine(result: { stdout: string; stderr: string }): string {
  const lines = withoutControls(`${result.stdout}\n${result.stderr}`)
    .split('\n')
    // An index answers in HTML: its text is the reason, not its tags.
    .map((line) => line.replace(/<\/?[a-z][^>]*>/gi, ' ').trim())
    .filter(Boolean);
  return (
    lines
      .map((line) => line.replace(/^<\s*/, ''))
      .find((line) => /no matching distribution|BackendUnavailable|ModuleNotFoundError|HTTPError|InvalidDistribution/i.test(line)) ??
    lines.filter((line) => /error|refused|forbidden|denied|failed|not found|\b4\d\d\b|\b5\d\d\b/i.test(line)).pop() ??
    lines.pop() ??
    'no output'
  );
}
