import { createCommitClassifier, createRevertedPairFilter } from './commit-classification';
import { classified, rawCommit } from '../testing/commits';

describe('commit classification', () => {
  it('reads type, scope and subject of a conventional header', async () => {
    const [commit] = await classified('feat(pricing): add Black-Scholes greeks\n\nCloses #42');
    expect(commit).toMatchObject({ type: 'feat', scope: 'pricing', subject: 'add Black-Scholes greeks', breaking: false });
    expect(commit.references).toEqual([{ issue: '42', owner: null, repository: null }]);
  });

  it('marks `!` headers breaking and uses the subject as the note', async () => {
    const [commit] = await classified('refactor(api)!: drop the v1 order endpoint');
    expect(commit.breaking).toBe(true);
    expect(commit.breakingNotes).toEqual(['drop the v1 order endpoint']);
  });

  it.each(['BREAKING CHANGE', 'BREAKING-CHANGE'])('marks a %s footer breaking with its text', async (keyword) => {
    const [commit] = await classified(`feat: new kernel ABI\n\n${keyword}: kernels must be rebuilt`);
    expect(commit).toMatchObject({ type: 'feat', breaking: true, breakingNotes: ['kernels must be rebuilt'] });
  });

  it('reads git-style reverts as type revert with the reverted hash', async () => {
    const hash = 'b'.repeat(40);
    const [commit] = await classified(`Revert "feat: add fused kernel"\n\nThis reverts commit ${hash}.`);
    expect(commit.type).toBe('revert');
    expect(commit.revert).toEqual({ header: 'feat: add fused kernel', hash });
  });

  it('reads merge commits as merges, never breaking', async () => {
    const [commit] = await classified("Merge branch 'feature/x' into main");
    expect(commit.type).toBe('merge');
    expect(commit.breaking).toBe(false);
  });

  it('keeps non-conventional and odd messages as "other" without throwing', async () => {
    const commits = await classified('Update stuff', '', 'fix: windows line\r\n\r\nbody\r\n', '`rm -rf ~` $(reboot)');
    expect(commits.map((commit) => commit.type)).toEqual(['other', 'other', 'fix', 'other']);
    expect(commits[1].header).toBe('(no message)');
    expect(commits[2].subject).toBe('windows line');
  });

  // How fast belongs in tools/bench; here, that long messages are read whole where it matters and bounded where not.
  it('classifies long messages, references included', async () => {
    const commits = await classified(
      `feat: ${'x'.repeat(64 * 1024)}`,
      `fix: #12 ${'y'.repeat(5000)}`,
      `fix(api): keep the body\n\n${'z '.repeat(5000)}\n\nCloses #7`,
    );
    expect(commits.map((commit) => commit.type)).toEqual(['feat', 'fix', 'fix']);
    expect(commits[0].subject).toBe(`${'x'.repeat(1000)}…`); // kept to a note's length
    expect(commits[0].references).toEqual([]);
    const [noPrefix] = await classified('feat: <script>alert(1)</script> closes things');
    expect(noPrefix.references).toEqual([]); // no word is taken for an issue number
    expect(commits[1].references).toEqual([{ issue: '12', owner: null, repository: null }]);
    expect(commits[2].references).toEqual([{ issue: '7', owner: null, repository: null }]);
  });

  it('keeps the hash, a short hash and the files', async () => {
    const classify = await createCommitClassifier();
    const commit = classify(rawCommit('fix: x', { hash: 'c'.repeat(40), files: ['a/b.ts'] }));
    expect(commit).toMatchObject({ hash: 'c'.repeat(40), shortHash: 'ccccccc', files: ['a/b.ts'] });
  });

  it('drops a change and its revert when both are in the range', async () => {
    const classify = await createCommitClassifier();
    const dropPairs = await createRevertedPairFilter();
    const feature = classify(rawCommit('feat: add fused kernel'));
    const revert = classify(rawCommit(`Revert "feat: add fused kernel"\n\nThis reverts commit ${feature.hash}.`));
    const fix = classify(rawCommit('fix: keep me'));
    expect(dropPairs([revert, fix, feature]).map((commit) => commit.subject)).toEqual(['keep me']);
  });
});
