import { execFile, execFileSync, spawn } from 'node:child_process';
import type { RawCommit } from '../core/commit-classification';
import { ReleaseProcessError } from '../core/release-error';
import type { GitTag, TagRecord } from '../core/tag-pattern';
import { existsSync } from 'node:fs';

/** Runs git with arguments (never through a shell), `input` on its standard input, and returns its standard output. */
export function runGit(cwd: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new GitError(args, String(stderr).trim() || error.message, error.code));
      else resolve(stdout);
    });
    if (input === undefined) return;
    child.stdin?.on('error', () => undefined); // git's own exit says what went wrong
    child.stdin?.end(input);
  });
}

/**
 * Runs git and returns its output, blocking: for readers behind a synchronous interface (a
 * ReleaseFileReader reads a file at a ref while edits are planned).
 */
export function runGitSync(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failure = error as { stderr?: Buffer | string; message: string; status?: number };
    throw new GitError(args, String(failure.stderr ?? '').trim() || failure.message, failure.status);
  }
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
  if (!existsSync(path)) throw new ReleaseProcessError(`the folder ${path} does not exist`, 'Check --path');
  let output: string;
  try {
    output = await runGit(path, ['rev-parse', '--is-shallow-repository', '--show-toplevel']);
  } catch (error) {
    if (error instanceof GitError && /not a git repository/i.test(error.stderr)) {
      throw new ReleaseProcessError(`${path} is not in a git repository`, 'Run inside a repository, or pass --path to one');
    }
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      throw new ReleaseProcessError(
        `cannot run in ${path}: the folder or the git executable is missing`,
        'Check --path and that git is installed',
      );
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

/** A repository and the commit checked out in it. */
export interface CheckedOut {
  repo: Repository;
  commit: string;
}

/**
 * The repository holding `path` and the commit checked out there, in one git run, shallow clone or not (for
 * what needs no history); null outside a repository or before its first commit.
 */
export async function checkedOut(path: string): Promise<CheckedOut | null> {
  const output = await runGit(path, ['rev-parse', '--show-toplevel', 'HEAD^{commit}']).catch(() => '');
  const [root, commit] = output.trim().split('\n');
  return root && commit ? { repo: { root }, commit } : null;
}

/**
 * Every tag of the repository, on any branch (a hotfix's tag sits on its hotfix branch), with its date and
 * the subject and `Release-Kind` and `Gates-Skipped` trailers of its message: the release history, in one git run.
 */
export async function listTagRecords(repo: Repository): Promise<TagRecord[]> {
  const output = await runGit(repo.root, [
    'for-each-ref',
    '--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)%00%(creatordate:iso-strict)%00%(contents:subject)%00%(contents:trailers:key=Release-Kind,valueonly,separator=%x2C)%00%(contents:trailers:key=Gates-Skipped,valueonly,separator=%x20)%00%1e',
    'refs/tags',
  ]);
  return output
    .split('\x1e')
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record.length > 0)
    .map((record) => {
      const [name, object, peeled, date, subject, kind, gatesSkipped] = record.split('\0');
      return { name, commit: peeled || object, date, subject, kind: kind.trim() || null, gatesSkipped: gatesSkipped.trim() || null };
    });
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
 * reads the whole history up to `to` (one commit, or several: the release tags of a period).
 */
export async function readCommitWindow(repo: Repository, to: string | string[], boundaries: Array<string | null>): Promise<RawCommit[]> {
  const tips = typeof to === 'string' ? [to] : [...new Set(to)];
  if (tips.length === 0) return [];
  const edge = boundaries.includes(null) ? null : await commonAncestor(repo, [...new Set(boundaries as string[])]);
  const range = edge ? [...tips, `^${edge}`] : tips;
  return readLog(repo.root, ['log', '-z', '--no-renames', '--name-only', `--format=${LOG_FORMAT}`, '--end-of-options', ...range, '--']);
}

/** These commits (each with the files it changed against its first parent), read in one `git log` pass. */
export async function readCommits(repo: Repository, hashes: string[]): Promise<RawCommit[]> {
  if (hashes.length === 0) return [];
  const args = ['log', '--no-walk=unsorted', '-z', '--no-renames', '--diff-merges=first-parent', '--name-only'];
  return readLog(repo.root, [...args, `--format=${LOG_FORMAT}`, '--end-of-options', ...hashes, '--']);
}

async function commonAncestor(repo: Repository, commits: string[]): Promise<string | null> {
  if (commits.length === 0) return null;
  if (commits.length === 1) return commits[0];
  try {
    return (await runGit(repo.root, ['merge-base', '--octopus', '--end-of-options', ...commits])).trim() || null;
  } catch {
    return null; // unrelated histories: read everything
  }
}

/**
 * Each record starts with an empty field (the leading NUL), then five header fields, then the changed
 * files. Git cuts messages at their first NUL and a path is never empty, so no byte of a message or a
 * path can end a record: only the empty field can, and only where a file name would be.
 */
const LOG_FORMAT = '%x00%H%x00%P%x00%aI%x00%an%x00%B';
const HEADER_FIELDS = 5;
/** Longer messages keep their head and tail (footers such as BREAKING CHANGE are at the end). */
export const MAX_MESSAGE_LENGTH = 64 * 1024;

/**
 * Runs `git log` and parses its output as it streams, field by field, so memory follows the commits
 * kept, not the size of the log: a history of megabyte messages never becomes one giant string.
 */
function readLog(cwd: string, args: string[]): Promise<RawCommit[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const parser = new LogParser();
    const errors: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => parser.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(parser.end());
      else reject(new GitError(args, Buffer.concat(errors).toString('utf8').trim(), code));
    });
  });
}

/** Parses `git log -z --name-only` output in LOG_FORMAT, however it is cut into chunks. */
export class LogParser {
  private field: Buffer[] = [];
  private fieldLength = 0;
  /** The fields of the record being read; null before the first record starts. */
  private record: Buffer[] | null = null;
  private readonly commits: RawCommit[] = [];

  push(chunk: Buffer): void {
    let start = 0;
    for (let nul = chunk.indexOf(0); nul !== -1; nul = chunk.indexOf(0, start)) {
      this.keep(chunk.subarray(start, nul));
      this.endField();
      start = nul + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
  }

  end(): RawCommit[] {
    if (this.fieldLength > 0) this.endField();
    this.endRecord();
    return this.commits;
  }

  private keep(part: Buffer): void {
    if (part.length === 0) return;
    this.field.push(part);
    this.fieldLength += part.length;
  }

  private endField(): void {
    const field = this.field.length === 1 ? this.field[0] : Buffer.concat(this.field, this.fieldLength);
    this.field = [];
    this.fieldLength = 0;
    if (this.record && this.record.length < HEADER_FIELDS) {
      this.record.push(field);
    } else if (field.length > 0) {
      this.record?.push(field);
    } else {
      this.endRecord();
      this.record = [];
    }
  }

  private endRecord(): void {
    if (!this.record || this.record.length < HEADER_FIELDS) return;
    const [hash, parents, authorDate, authorName, message, ...files] = this.record;
    this.record = null;
    this.commits.push({
      hash: hash.toString('latin1'),
      parents: parents.length ? parents.toString('latin1').split(' ') : [],
      authorDate: authorDate.toString('utf8'),
      authorName: authorName.toString('utf8'),
      message: boundedMessage(message),
      // git puts a newline between the message and the first file name
      files: files
        .map((file, index) => file.toString('utf8').slice(index === 0 && file[0] === 0x0a ? 1 : 0))
        .filter((file) => file.length > 0),
    });
  }
}

function boundedMessage(bytes: Buffer): string {
  if (bytes.length <= MAX_MESSAGE_LENGTH) return bytes.toString('utf8');
  const half = MAX_MESSAGE_LENGTH / 2;
  return `${bytes.subarray(0, half).toString('utf8')}\n[…]\n${bytes.subarray(bytes.length - half).toString('utf8')}`;
}

/** Parses a whole `git log` output at once (see LogParser). */
export function parseLog(output: string): RawCommit[] {
  const parser = new LogParser();
  parser.push(Buffer.from(output, 'utf8'));
  return parser.end();
}

/** The URL of a remote, or null when there is none. */
export async function remoteUrl(repo: Repository, remote = 'origin'): Promise<string | null> {
  try {
    // As configured, not as `insteadOf` rewrites it: the URL the user gave names the forge.
    return (await runGit(repo.root, ['config', '--get', `remote.${remote}.url`])).trim() || null;
  } catch {
    return null;
  }
}

/** Every file git tracks in the repository, repository-relative. One git process; for the few callers that need the tree. */
export function listTrackedFiles(repo: Repository): string[] {
  const output = runGitSync(repo.root, ['ls-files', '-z']);
  return output.split('\0').filter((file) => file.length > 0);
}

/** The tracked files git's ignore rules match (added with --force), repository-relative. */
export function listIgnoredTrackedFiles(repo: Repository): string[] {
  const output = runGitSync(repo.root, ['ls-files', '-z', '--cached', '--ignored', '--exclude-standard']);
  return output.split('\0').filter((file) => file.length > 0);
}
