import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A `git` first in PATH that passes every call to the real git, except that it counts the calls that
 * change something (everything but the reads below) and, at the chosen one, SIGKILLs its whole process
 * group — the run under test, its Nx and its git — before that step starts, as a cancelled CI job dies;
 * or makes that step fail.
 * With a delay, it waits before each such step: concurrent runs then overlap for sure.
 */
export class GitFaults {
  readonly dir = mkdtempSync(join(tmpdir(), 'git-faults-'));
  private readonly log = join(this.dir, 'steps.log');

  constructor() {
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    // the command is the first argument after git's own options (--literal-pathspecs)
    const script = `#!/bin/sh
command="$1"
[ "$command" = "--literal-pathspecs" ] && command="$2"
case "$command" in
  rev-parse|status|log|ls-files|ls-tree|for-each-ref|show|var|check-ref-format|ls-remote|diff|symbolic-ref|merge-base|cat-file|rev-list|remote|version|--version|hash-object|check-ignore|cherry|describe|name-rev) ;;
  config) [ $# -ge 4 ] && step=1 ;;
  *) step=1 ;;
esac
if [ -n "$step" ]; then
  if [ -n "$GIT_FAULT_DELAY" ]; then sleep "$GIT_FAULT_DELAY"; fi
  count=$(($(wc -l < "$GIT_FAULT_LOG" 2>/dev/null || echo 0) + 1))
  echo "$command" >> "$GIT_FAULT_LOG"
  if [ "$count" = "$GIT_FAULT_AT" ]; then kill -9 0; sleep 10; fi
  if [ "$count" = "$GIT_FAULT_FAIL" ]; then echo "fatal: injected failure" >&2; exit 128; fi
fi
exec '${realGit}' "$@"
`;
    writeFileSync(join(this.dir, 'git'), script);
    chmodSync(join(this.dir, 'git'), 0o755);
  }

  /** Environment for a run: killed before its `at`-th changing git step (0: never), optionally delayed. */
  env(at: number, delaySeconds?: number): NodeJS.ProcessEnv {
    rmSync(this.log, { force: true });
    return {
      PATH: `${this.dir}:${process.env.PATH}`,
      GIT_FAULT_LOG: this.log,
      GIT_FAULT_AT: String(at),
      ...(delaySeconds ? { GIT_FAULT_DELAY: String(delaySeconds) } : {}),
    };
  }

  /** Environment for a run whose `at`-th changing git step fails (exit 128), as a full disk or a hook would make it. */
  failing(at: number): NodeJS.ProcessEnv {
    return { ...this.env(0), GIT_FAULT_FAIL: String(at) };
  }

  /** The changing git steps the last run made (or was killed before), in order. */
  steps(): string[] {
    return existsSync(this.log) ? readFileSync(this.log, 'utf8').split('\n').filter(Boolean) : [];
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Everything a failed run could have changed in a repository: HEAD, every ref (tags and branches with
 * their objects), the index, the working tree (untracked and ignored files included, by content hash),
 * an operation in progress and the locks.
 */
export function repositoryState(root: string): Record<string, unknown> {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  const gitDir = git('rev-parse', '--absolute-git-dir');
  const files = git('ls-files', '-z', '--cached', '--others', '--exclude=node_modules', '--exclude=.nx').split('\0').filter(Boolean).sort();
  return {
    head: git('symbolic-ref', '-q', 'HEAD'),
    refs: git('for-each-ref', '--format=%(refname) %(objectname)'),
    index: git('ls-files', '-s'),
    worktree: [...new Set(files)].map((file) => `${file} ${existsSync(join(root, file)) ? git('hash-object', '--', file) : 'missing'}`),
    inProgress: ['CHERRY_PICK_HEAD', 'REVERT_HEAD', 'MERGE_HEAD', 'index.lock', 'release-process/lock.json'].filter((name) =>
      existsSync(join(gitDir, name)),
    ),
  };
}
