import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TempRepo } from './temp-repo';

/** A real bare repository, added to `repo` as `origin` with main pushed to it. */
export function addBareOrigin(repo: TempRepo): { path: string; git(...args: string[]): string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'origin-'));
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', path]);
  repo.git('remote', 'add', 'origin', path);
  repo.git('push', '-q', 'origin', 'main');
  return {
    path,
    git: (...args: string[]) => execFileSync('git', args, { cwd: path, encoding: 'utf8' }).trim(),
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}
