import { execFileSync } from 'node:child_process';

export interface ImportedCommit {
  /** Raw message bytes (may be empty, huge or not UTF-8). */
  message: string | Buffer;
  /** Files to write, path -> content. */
  files: Record<string, string>;
}

/**
 * Appends commits to a branch in one `git fast-import` run: thousands of commits in a second, with
 * messages no `git commit -m` would take (empty, megabytes, invalid UTF-8).
 */
export function fastImport(root: string, commits: ImportedCommit[], branch = 'main'): void {
  const chunks: Buffer[] = [];
  const text = (value: string) => chunks.push(Buffer.from(value, 'utf8'));
  const data = (value: Buffer) => {
    text(`data ${value.length}\n`);
    chunks.push(value);
    text('\n');
  };
  const parent = execFileSync('git', ['rev-parse', '--verify', '--quiet', branch], { cwd: root, encoding: 'utf8' }).trim();
  // Dated after their parent: git's reachability walks (tag --merged) stop at commits older than where they look.
  const startEpoch = Number(execFileSync('git', ['log', '-1', '--format=%ct', parent], { cwd: root, encoding: 'utf8' }).trim()) + 60;
  commits.forEach((commit, index) => {
    text(
      `commit refs/heads/${branch}\nmark :${index + 1}\ncommitter Release Bot <release-bot@example.com> ${startEpoch + index * 60} +0000\n`,
    );
    data(Buffer.isBuffer(commit.message) ? commit.message : Buffer.from(commit.message, 'utf8'));
    text(index === 0 ? `from ${parent}\n` : `from :${index}\n`);
    for (const [path, content] of Object.entries(commit.files)) {
      text(`M 100644 inline ${path}\n`);
      data(Buffer.from(content, 'utf8'));
    }
    text('\n');
  });
  execFileSync('git', ['fast-import', '--quiet', '--force'], { cwd: root, input: Buffer.concat(chunks), maxBuffer: 64 * 1024 * 1024 });
  execFileSync('git', ['reset', '-q', '--hard', branch], { cwd: root });
}
