import { execFile, spawn } from 'node:child_process';
import type { RawCommit } from '../core/commit-classification';
import { ReleaseProcessError } from '../core/release-error';
import type { GitTag } from '../core/tag-pattern';

/** Runs git with arguments (never through a shell) and returns its standard output. */
export function runGit(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new GitError(args, String(stderr).trim() || error.message, error.code));
      else resolve(stdout);
    });
  });
}

export class GitError extends Error {
  constructor(
    readonly args: string[],
    readonly stderr: string,
    readonly exitCode: unknown,
  ) {
    super(`git ${args[0]} failed: ${stderr}`);
    this.name = 'GitError';
  }
}

export interface Repository {
  /** Absolute path of the working tree's top level. */
  root: string;
}

/** Opens the repository containing `path`, refusing shallow clones (their history and tags are incomplete). */
export async function openRepository(path: string): Promise<Repository> {
  let output: string;
  try {
    output = await runGit(path, ['rev-parse', '--is-shallow-repository', '--show-toplevel']);
  } catch (error) {
    if (error instanceof GitError && /not a git repository/i.test(error.stderr)) {
      throw new ReleaseProcessError(`${path} is not in a git repository`, 'Run inside a repository, or pass --path to one');
    }
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      throw new ReleaseProcessError(`cannot run in ${path}: the folder or the git executable is missing`, 'Check --path and that git is installed');
    }
    throw error;
  }
  const [shallow, root] = output.trim().split('\n');
  if (shallow === 'true') {
    throw new ReleaseProcessError(
      `${root} is a shallow clone, so the history and tags needed to plan a release are missing`,
      'Run `git fetch --unshallow --tags`, or in CI check out with full history (GitHub Actions: `fetch-depth: 0`)',
    );
  }
  return { root };
}

/** Resolves a ref to a commit hash, or fails naming the ref. */
export async function resolveCommit(repo: Repository, ref: string): Promise<string> {
  try {
    return (await runGit(repo.root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).trim();
  } catch {
    const fix = ref === 'HEAD' ? 'Make a first commit' : 'Check the name with `git tag` or `git branch -a`, and fetch it if it is remote';
    throw new ReleaseProcessError(`unknown git ref "${ref}"`, fix);
  }
}

/** Tags reachable from `commit`, each with the commit it points to (annotated tags peeled). One git process. */
export async function listTagsMergedInto(repo: Repository, commit: string): Promise<GitTag[]> {
  const output = await runGit(repo.root, [
    'for-each-ref',
    `--merged=${commit}`,
    '--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)',
    'refs/tags',
  ]);
  return output
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const [name, object, peeled] = line.split('\0');
      return { name, commit: peeled || object };
    });
}

/**
 * The commits newer than the oldest of the boundaries, read in one `git log` pass with parents and
 * changed files: what every project's range is later cut from. A null boundary (a project never released)
 * reads the whole history up to `to`.
 */
export async function readCommitWindow(repo: Repository, to: string, boundaries: Array<string | null>): Promise<RawCommit[]> {
  const edge = boundaries.includes(null) ? null : await commonAncestor(repo, [...new Set(boundaries as string[])]);
  const range = edge ? [to, `^${edge}`] : [to];
  return parseLog(await gitLogRaw(repo.root, ['log', '-z', '--no-renames', '--name-only', `--format=${LOG_FORMAT}`, ...range, '--']));
}

async function commonAncestor(repo: Repository, commits: string[]): Promise<string | null> {
  if (commits.length === 0) return null;
  if (commits.length === 1) return commits[0];
  try {
    return (await runGit(repo.root, ['merge-base', '--octopus', ...commits])).trim() || null;
  } catch {
    return null; // unrelated histories: read everything
  }
}

const RECORD = '\x1e';
const LOG_FORMAT = `${RECORD}%H%x00%P%x00%aI%x00%an%x00%B`;

// `git log` output can be tens of megabytes: collect buffers and decode once.
function gitLogRaw(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    const errors: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(chunks).toString('utf8'));
      else reject(new GitError(args, Buffer.concat(errors).toString('utf8').trim(), code));
    });
  });
}

/** Parses `git log -z --name-only` with LOG_FORMAT: records start with RECORD after a NUL, which no message can hold. */
export function parseLog(output: string): RawCommit[] {
  if (output.length === 0) return [];
  return output
    .slice(1)
    .split(`\0${RECORD}`)
    .map((record) => {
      const [hash, parents, authorDate, authorName, message, ...files] = record.split('\0');
      return {
        hash,
        parents: parents ? parents.split(' ') : [],
        authorDate,
        authorName,
        message,
        files: files.map((file) => (file.startsWith('\n') ? file.slice(1) : file)).filter((file) => file.length > 0),
      };
    });
}

/** The URL of a remote, or null when there is none. */
export async function remoteUrl(repo: Repository, remote = 'origin'): Promise<string | null> {
  try {
    return (await runGit(repo.root, ['remote', 'get-url', remote])).trim() || null;
  } catch {
    return null;
  }
}
