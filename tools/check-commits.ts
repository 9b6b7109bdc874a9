/**
 * The commit-message check: every commit since this project began planning its own releases is
 * conventional (`type(scope): subject`), as read by the classifier the release plan itself uses, so
 * `release-process plan` and `notes` on this repository see every change.
 *
 *   node -r @swc-node/register tools/check-commits.ts              commits since the first conventional one
 *   node -r @swc-node/register tools/check-commits.ts --file F     one message (a commit-msg hook: F is $1)
 *
 * CI (`.ci/run`) runs the first form; a clone without that commit (shallow) checks HEAD alone, and says so.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readCommits, readCommitWindow } from '../packages/nx-release-process/src/adapters/git';
import { createCommitClassifier, type RawCommit } from '../packages/nx-release-process/src/core/commit-classification';

/** The last commit before the project's history became conventional; everything after it is checked. */
const CONVENTIONAL_SINCE = 'f1403d3b803c8511e61fcf9d8ddeedbc853f2a50';

/** The conventionalcommits preset's types (what the release plan groups into notes). */
const TYPES = new Set(['feat', 'feature', 'fix', 'perf', 'revert', 'docs', 'style', 'chore', 'refactor', 'test', 'build', 'ci']);

async function main(): Promise<void> {
  const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
  const fileFlag = process.argv.indexOf('--file');
  let commits: RawCommit[];
  if (fileFlag >= 0) {
    const message = readFileSync(process.argv[fileFlag + 1], 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n');
    commits = [{ hash: 'new commit', parents: [], authorDate: '', authorName: '', message, files: [] }];
  } else {
    const known = (() => {
      try {
        execFileSync('git', ['cat-file', '-e', `${CONVENTIONAL_SINCE}^{commit}`], { cwd: root, stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    })();
    if (!known) console.log(`check-commits: ${CONVENTIONAL_SINCE.slice(0, 7)} is not in this clone (shallow?): checking HEAD alone`);
    commits = known ? await readCommitWindow({ root }, 'HEAD', [CONVENTIONAL_SINCE]) : await readCommits({ root }, ['HEAD']);
  }
  const classify = await createCommitClassifier();
  // Merges are git's own messages, not ours to word.
  const wrong = commits.filter((commit) => commit.parents.length < 2 && !TYPES.has(classify(commit).type));
  if (wrong.length === 0) {
    console.log(`check-commits: ${commits.length} commit${commits.length === 1 ? '' : 's'} checked, all conventional`);
    return;
  }
  for (const commit of wrong)
    console.error(`check-commits: ${commit.hash.slice(0, 10)} "${commit.message.split('\n')[0]}" is not conventional`);
  console.error(
    `Write it as type(scope): subject, with a type among ${[...TYPES].join(', ')} (git commit --amend, or git rebase -i to reword)`,
  );
  process.exitCode = 1;
}

void main();
