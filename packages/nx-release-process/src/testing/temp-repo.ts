import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Author and committer fixed, so tests and the demo do not depend on the machine's git config. */
export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Release Bot',
  GIT_AUTHOR_EMAIL: 'release-bot@example.com',
  GIT_COMMITTER_NAME: 'Release Bot',
  GIT_COMMITTER_EMAIL: 'release-bot@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** A real git repository in a temporary folder, for tests and the demo. */
export class TempRepo {
  readonly root: string;

  /** A new repository in a temporary folder, or the one a tool made at `existing` (create-nx-workspace). */
  constructor(prefix = 'release-process-', existing?: string) {
    this.root = existing ?? mkdtempSync(join(tmpdir(), prefix));
    if (existing) return;
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'commit.gpgsign', 'false');
    this.git('config', 'tag.gpgsign', 'false');
  }

  /**
   * A copy of this repository in a new temporary folder (its history, work tree and `.git` state), for tests
   * that each need the same prepared repository: preparing it once costs one Nx run, a copy a few milliseconds.
   */
  copy(prefix = 'release-process-'): TempRepo {
    const root = mkdtempSync(join(tmpdir(), prefix));
    cpSync(this.root, root, { recursive: true, verbatimSymlinks: true });
    return new TempRepo(prefix, root);
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.root, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' }).trim();
  }

  write(files: Record<string, string>): this {
    for (const [path, content] of Object.entries(files)) {
      const file = join(this.root, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    return this;
  }

  /** Writes the files (if any) and commits everything with the message; returns the commit hash. */
  commit(message: string, files: Record<string, string> = {}): string {
    this.write(files);
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }

  tag(name: string, annotated = true): this {
    if (annotated) this.git('tag', '-a', name, '-m', `Release ${name}`);
    else this.git('tag', name);
    return this;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export function packageJson(name: string, version: string, dependencies: Record<string, string> = {}): string {
  return `${JSON.stringify({ name, version, dependencies }, null, 2)}\n`;
}
