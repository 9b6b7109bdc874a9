import { minimatch } from 'minimatch';

/** Where a project's production files were learnt from, in the order they are looked for. */
export type ProductionFilesSource =
  | 'releaseSignals.productionFiles'
  | 'nx production input'
  | 'package.json files'
  | '.npmignore'
  | 'pyproject packages'
  | 'everything npm publishes';

/**
 * The files a project ships, as globs relative to its root: a file is production when it matches an
 * include and no exclude (Nx's semantics for inputs, and npm's for `files` with `!` entries).
 */
export interface ProductionFiles {
  source: ProductionFilesSource;
  include: string[];
  exclude: string[];
}

/**
 * What npm publishes when a package declares nothing: everything but the files npm never packs
 * (npm's documented list, less the VCS folders git does not list anyway).
 */
export const EVERYTHING_PUBLISHED: ProductionFiles = {
  source: 'everything npm publishes',
  include: ['**'],
  exclude: [
    'package-lock.json',
    '.npmrc',
    '**/node_modules/**',
    '**/.DS_Store',
    '**/._*',
    '**/.*.swp',
    '**/*.orig',
    '**/npm-debug.log',
    '**/config.gypi',
  ],
};

/** Files npm packs whatever `files` says. */
const ALWAYS_PUBLISHED = ['package.json', 'README*', 'LICENSE*', 'LICENCE*'];

/** From package.json `files`: each entry is a file, a folder (everything under it) or a glob; `!` entries exclude. */
export function fromPackageFiles(files: string[]): ProductionFiles {
  const include = [...ALWAYS_PUBLISHED];
  const exclude: string[] = [];
  for (const entry of files) {
    const negated = entry.startsWith('!');
    const pattern = normaliseGlob(negated ? entry.slice(1) : entry);
    if (!pattern) continue;
    (negated ? exclude : include).push(pattern, `${pattern}/**`);
  }
  return { source: 'package.json files', include, exclude };
}

/** From `.npmignore` lines (gitignore syntax): a name without a slash matches at any depth. */
export function fromNpmIgnore(text: string): ProductionFiles {
  const exclude = [...EVERYTHING_PUBLISHED.exclude];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue; // re-includes are rare; kept out
    const anchored = line.replace(/\/+$/, '').includes('/');
    const pattern = normaliseGlob(line);
    if (!pattern) continue;
    const base = anchored ? pattern : `**/${pattern}`;
    exclude.push(base, `${base}/**`);
  }
  return { source: '.npmignore', include: ['**'], exclude };
}

/** From the package folders a pyproject.toml declares: they, the metadata and the README make the wheel and its page. */
export function fromPythonPackages(folders: string[]): ProductionFiles {
  const include = ['pyproject.toml', 'setup.py', 'setup.cfg', 'README*', 'LICENSE*', 'LICENCE*'];
  for (const folder of folders) {
    const pattern = normaliseGlob(folder);
    if (pattern) include.push(`${pattern}/**`);
  }
  return { source: 'pyproject packages', include, exclude: ['**/__pycache__/**', '**/*.pyc'] };
}

/** From configured globs (releaseSignals.productionFiles or Nx's `production` input made project-relative). */
export function fromGlobs(source: ProductionFilesSource, globs: string[]): ProductionFiles {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const glob of globs) {
    const negated = glob.startsWith('!');
    const pattern = normaliseGlob(negated ? glob.slice(1) : glob);
    if (pattern) (negated ? exclude : include).push(pattern);
  }
  return { source, include, exclude };
}

/**
 * A matcher over paths relative to the project root. Answers are kept: a project's few files come back in
 * commit after commit, and the default lists hold a score of globs each.
 */
export function productionFileMatcher(files: ProductionFiles): (path: string) => boolean {
  const options = { dot: true };
  const include = files.include.map((glob) => new minimatch.Minimatch(glob, options));
  const exclude = files.exclude.map((glob) => new minimatch.Minimatch(glob, options));
  const answers = new Map<string, boolean>();
  return (path) => {
    let answer = answers.get(path);
    if (answer === undefined) {
      answer = include.some((glob) => glob.match(path)) && !exclude.some((glob) => glob.match(path));
      answers.set(path, answer);
    }
    return answer;
  };
}

function normaliseGlob(glob: string): string {
  return glob.trim().replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, '');
}

/** The manifests a project may declare its published files in, as text (null when absent). */
export interface PublishManifests {
  packageJson: string | null;
  npmignore: string | null;
  pyproject: string | null;
  /** The project's files tracked by git, relative to its root. */
  tracked: string[];
}

/**
 * The production files a project's own manifests declare, in order: package.json `files`, `.npmignore`,
 * pyproject's package folders; without any, everything npm would publish. A `files` list of build output
 * only (`["dist"]`, which git does not track) says nothing about the sources a commit changes, so it is
 * passed over: the sources are judged as a package without a list.
 */
export function productionFilesFromManifests(manifests: PublishManifests): ProductionFiles {
  const files = packageJsonFiles(manifests.packageJson);
  if (files && files.some((entry) => !entry.startsWith('!') && tracksAny(manifests.tracked, entry))) return fromPackageFiles(files);
  if (manifests.npmignore !== null) return fromNpmIgnore(manifests.npmignore);
  const folders = manifests.pyproject === null ? [] : pythonPackageFolders(manifests.pyproject);
  if (folders.length > 0) return fromPythonPackages(folders);
  return EVERYTHING_PUBLISHED;
}

function tracksAny(tracked: string[], entry: string): boolean {
  const matches = productionFileMatcher(fromGlobs('package.json files', [entry, `${entry.replace(/\/+$/, '')}/**`]));
  return tracked.some(matches);
}

function packageJsonFiles(text: string | null): string[] | null {
  if (text === null) return null;
  try {
    const files = (JSON.parse(text.replace(/^\uFEFF/, '')) as { files?: unknown }).files;
    return Array.isArray(files) && files.every((file) => typeof file === 'string') ? files : null;
  } catch {
    return null; // an unreadable package.json is reported where its version is read
  }
}

/**
 * The package folders a pyproject.toml declares for its wheel: setuptools' `packages` or `packages.find`
 * `where`, Poetry's `packages` (`include`, `from`), Hatch's wheel `packages`.
 */
export function pythonPackageFolders(text: string): string[] {
  const setuptools = tomlArray(text, 'tool.setuptools', 'packages');
  if (setuptools) return stringsOf(setuptools).map((name) => name.replace(/\./g, '/'));
  const where = tomlArray(text, 'tool.setuptools.packages.find', 'where');
  if (where) return stringsOf(where);
  const poetry = tomlArray(text, 'tool.poetry', 'packages');
  if (poetry) {
    return [...poetry.matchAll(/\{([^}]*)\}/g)].flatMap(([, table]) => {
      const include = /include\s*=\s*["']([^"']+)["']/.exec(table)?.[1];
      const from = /from\s*=\s*["']([^"']+)["']/.exec(table)?.[1];
      return include ? [from ? `${from}/${include}` : include] : [];
    });
  }
  const hatch = tomlArray(text, 'tool.hatch.build.targets.wheel', 'packages');
  return hatch ? stringsOf(hatch) : [];
}

/** The raw text of `key = [ ... ]` inside `[table]` (arrays may span lines); null when absent. */
function tomlArray(text: string, table: string, key: string): string | null {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const start = lines.findIndex((line) => line.trim() === `[${table}]`);
  if (start === -1) return null;
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\s*\[/.test(line)) break;
    body.push(line.replace(/#.*$/, ''));
  }
  const match = new RegExp(`(?:^|\\n)\\s*${key}\\s*=\\s*\\[`).exec(body.join('\n'));
  if (!match) return null;
  const rest = body.join('\n').slice(match.index + match[0].length);
  let depth = 1;
  for (let index = 0; index < rest.length; index += 1) {
    if (rest[index] === '[') depth += 1;
    if (rest[index] === ']' && --depth === 0) return rest.slice(0, index);
  }
  return null;
}

function stringsOf(array: string): string[] {
  return [...array.matchAll(/["']([^"']+)["']/g)].map(([, value]) => value);
}

/** A named input as Nx writes it in nx.json or project.json. */
export type NxInput = string | object;

/** The parts of an input object that name files of the project itself. */
interface InputObject {
  fileset?: string;
  input?: string;
  projects?: unknown;
  dependencies?: boolean;
}

/**
 * The project-relative globs of an Nx named input (`production` by default), following references to
 * other named inputs; inputs of dependencies, runtime, env and workspace files are not the project's files.
 * Null when the input is not defined.
 */
export function nxInputGlobs(
  name: string,
  workspaceInputs: Record<string, NxInput[]>,
  projectInputs: Record<string, NxInput[]> = {},
): string[] | null {
  const definitionOf = (input: string) => projectInputs[input] ?? workspaceInputs[input];
  if (!definitionOf(name)) return null;
  const globs: string[] = [];
  const seen = new Set<string>();
  const visit = (input: string) => {
    if (seen.has(input)) return;
    seen.add(input);
    for (const item of definitionOf(input) ?? []) {
      const entry = item as string | InputObject;
      const fileset = typeof entry === 'string' ? entry : (entry.fileset ?? null);
      if (fileset !== null) {
        const glob = /^(!?)\{projectRoot\}\/?(.*)$/.exec(fileset);
        if (glob) globs.push(`${glob[1]}${glob[2] || '**'}`);
        else if (!fileset.includes('{') && !fileset.startsWith('^') && definitionOf(fileset)) visit(fileset);
      } else if (typeof entry !== 'string' && entry.input && !entry.dependencies && entry.projects === undefined) {
        visit(entry.input);
      }
    }
  };
  visit(name);
  return globs;
}
