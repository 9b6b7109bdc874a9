import { createHash } from 'node:crypto';
import { createCommitClassifier, type ClassifiedCommit, type CommitClassifier, type RawCommit } from '../core/commit-classification';

let classifier: Promise<CommitClassifier> | undefined;
let counter = 0;

/** A raw commit with a unique fake hash, for core tests that need no repository. */
export function rawCommit(message: string, overrides: Partial<RawCommit> = {}): RawCommit {
  counter += 1;
  return {
    hash: createHash('sha1').update(String(counter)).digest('hex'),
    parents: [],
    authorDate: '2026-11-20T10:00:00+00:00',
    authorName: 'Ada',
    message,
    files: [],
    ...overrides,
  };
}

/** Classifies messages with the real conventional-commits parser. */
export async function classified(...messages: string[]): Promise<ClassifiedCommit[]> {
  const classify = await (classifier ??= createCommitClassifier());
  return messages.map((message) => classify(rawCommit(message)));
}
