import { createCommitClassifier, type ClassifiedCommit } from '../core/commit-classification';
import { readCommitWindow, resolveCommit, type Repository } from './git';

/** The commits of `to` that are not in `from` (`from..to`), classified: a hotfix branch's cherry-picks. */
export async function classifiedCommitsBetween(repo: Repository, from: string, to = 'HEAD'): Promise<ClassifiedCommit[]> {
  const [start, end] = await Promise.all([resolveCommit(repo, from), resolveCommit(repo, to)]);
  const classify = await createCommitClassifier();
  return (await readCommitWindow(repo, end, [start])).map(classify);
}
