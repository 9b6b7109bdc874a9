import { bumpFor, DEFAULT_BUMP_RULES, higherBump } from './bump';
import { classified } from '../testing/commits';

describe('bumpFor', () => {
  const rules = DEFAULT_BUMP_RULES;

  it.each([
    [['fix: a'], 'patch'],
    [['perf: a'], 'patch'],
    [['fix: a', 'feat: b'], 'minor'],
    [['feat: a', 'chore!: drop node 18'], 'major'],
    [['docs: a', 'chore: b', 'test: c', 'ci: d', 'style: e'], 'none'],
    [['Update README'], 'none'],
    [["Merge branch 'x'"], 'none'],
    [[`Revert "fix: a"\n\nThis reverts commit ${'d'.repeat(40)}.`], 'patch'],
  ])('%j gives %s from 1.x', async (messages, expected) => {
    expect(bumpFor(await classified(...messages), rules, false).bump).toBe(expected);
  });

  it('below 1.0.0 a breaking change is a minor and a feature a patch', async () => {
    expect(bumpFor(await classified('feat!: new api'), rules, true).bump).toBe('minor');
    expect(bumpFor(await classified('feat: more'), rules, true).bump).toBe('patch');
  });

  it('keeps major and minor below 1.0.0 when the pre-major rules are off', async () => {
    const strict = { ...rules, bumpMinorPreMajor: false, bumpPatchForMinorPreMajor: false };
    expect(bumpFor(await classified('feat!: new api'), strict, true).bump).toBe('major');
    expect(bumpFor(await classified('feat: more'), strict, true).bump).toBe('minor');
  });

  it('releases on the configured types only', async () => {
    const withDocs = { ...rules, releaseTypes: ['feat', 'docs'] };
    expect(bumpFor(await classified('docs: guide'), withDocs, false).bump).toBe('patch');
    expect(bumpFor(await classified('fix: a'), withDocs, false).bump).toBe('none');
  });

  it('lists the commits that ask for a release with their bump', async () => {
    const decision = bumpFor(await classified('docs: a', 'fix: b', 'feat: c'), rules, false);
    expect(decision.releasing.map(({ commit, bump }) => [commit.subject, bump])).toEqual([
      ['b', 'patch'],
      ['c', 'minor'],
    ]);
  });

  it('orders bumps', () => {
    expect(higherBump('patch', 'minor')).toBe('minor');
    expect(higherBump('major', 'none')).toBe('major');
    expect(higherBump('none', 'none')).toBe('none');
  });
});
