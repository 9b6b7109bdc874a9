import { createCommitClassifier } from './commit-classification';
import { fromGlobs, fromPackageFiles, productionFileMatcher } from './production-files';
import { commitSignal, CONVENTIONAL_ONLY, DEFAULT_SIGNALS, type ReleaseSignalRules } from './release-signals';
import { rawCommit } from '../testing/commits';

// Messages and paths from the release histories in ../shared/corpora (vue-core, vite, eslint, lerna,
// commitlint, python-semantic-release, node-semver's early history).
const releaseTypes = ['feat', 'fix', 'perf', 'revert'];
const everything = (_path: string) => true;

async function signalOf(
  message: string,
  files: string[],
  signals: ReleaseSignalRules = DEFAULT_SIGNALS,
  isProductionFile = everything,
  releaseOnDocs?: boolean,
) {
  const classify = await createCommitClassifier();
  return commitSignal(classify(rawCommit(message, { files })), { releaseTypes, signals, isProductionFile, releaseOnDocs });
}

describe('commitSignal', () => {
  it('reads a long scope list as the conventional header it is', async () => {
    const scopes =
      'compiler-core,compiler-dom,compiler-sfc,compiler-ssr,reactivity,runtime-core,runtime-dom,server-renderer,shared,template-explorer,vue,vue-compat,size-check,sfc-playground,dts-test,runtime-test,global';
    const header = `feat(${scopes},${scopes}): inline templates (#1434)`;
    expect(header.length).toBeGreaterThan(250);
    expect(await signalOf(header, ['packages/vue/src/index.ts'])).toEqual({
      kind: 'conventional',
      level: 'minor',
      label: 'conventional feat',
    });
  });

  it.each([
    ['deps: update meow', ['package.json']],
    ['chore(deps): update dependency lodash to v4.17.14 (#724)', ['package.json']],
    ['build(deps): bump semver from 7.3.5 to 7.5.2', ['package.json', 'package-lock.json']],
    ['Bump x from 1.2.3 to 1.3.0', ['package.json']],
    ['Update dependency typescript to v5', ['package.json']],
    ['Upgrade: espree@9.0.0 (#14922)', ['package.json']],
    ['chore: update dependency conventional-changelog-angular to v1.6.6 (#30', ['package.json', 'yarn.lock']],
  ])('takes %j for a dependency update (a patch)', async (message, files) => {
    expect(await signalOf(message, files)).toEqual({ kind: 'dependency-update', level: 'patch', label: 'dependency update' });
  });

  it('releases nothing for a dev-only dependency update', async () => {
    expect((await signalOf('chore(deps-dev): bump jest from 29.0.0 to 29.1.0', ['package.json'])).kind).toBe('dev-dependency-update');
    expect((await signalOf('chore: update devDependencies', ['package.json'])).level).toBe('none');
  });

  it.each([
    ['New: Add no-unused-private-class-members rule (fixes #14859)', 'minor', 'New'],
    ['Update: check class fields in no-invalid-this (refs #14857)', 'minor', 'Update'],
    ['Breaking: drop support for Node.js v10 (fixes #14023)', 'major', 'Breaking'],
    [':sparkles: Add publish command', 'minor', ':sparkles:'],
    [':boom: Restructure helpers into history and pypi', 'major', ':boom:'],
    ['Fix the case where 2.0.0beta satisfies 1.x.x', 'patch', 'Fix'],
    [':bug: Fix test_defaults in settings test', 'patch', ':bug:'],
  ])('reads the cue in %j', async (message, level, word) => {
    expect(await signalOf(message, ['lib/rules/x.js'])).toEqual({ kind: 'keyword', level, label: `keyword "${word}"` });
  });

  it('takes a change to production files without a conventional type for a patch', async () => {
    expect(await signalOf('Add inc function', ['semver.js'])).toEqual({
      kind: 'production-files',
      level: 'patch',
      label: 'changed production files',
    });
  });

  it('takes a conventional type that does not release for a patch when it changed production files', async () => {
    const nx = productionFileMatcher(fromGlobs('nx production input', ['**/*', '!**/*.spec.ts']));
    expect(
      (
        await signalOf(
          'refactor: use access instead of exists check when resolving files',
          ['src/node/plugins/resolve.ts'],
          DEFAULT_SIGNALS,
          nx,
        )
      ).kind,
    ).toBe('production-files');
    expect(await signalOf('chore: tidy the resolver tests', ['src/resolve.spec.ts'], DEFAULT_SIGNALS, nx)).toEqual({
      kind: 'non-production-files',
      level: 'none',
      label: 'only docs/tests changed',
    });
  });

  it('does not let a cue release what only changed files the package does not ship', async () => {
    const published = productionFileMatcher(fromPackageFiles(['lib']));
    expect((await signalOf('New: tests for the tense rules', ['test/tense.js'], DEFAULT_SIGNALS, published)).level).toBe('none');
    expect((await signalOf('New: tense rules', ['lib/tense.js'], DEFAULT_SIGNALS, published)).level).toBe('minor');
  });

  it('keeps the conventional type first: a breaking marker or feat wins over every other signal', async () => {
    expect((await signalOf('feat(deps)!: require lodash 5', ['package.json'])).level).toBe('major');
    expect((await signalOf('fix: Breaking: not a cue inside a typed header', ['a.js'])).label).toBe('conventional fix');
  });

  it('with "conventional" only, asks for what the conventional types ask and nothing more', async () => {
    expect((await signalOf('deps: update meow', ['package.json'], CONVENTIONAL_ONLY)).level).toBe('none');
    expect((await signalOf('Add inc function', ['semver.js'], CONVENTIONAL_ONLY)).level).toBe('none');
    expect((await signalOf('refactor: inline helper', ['src/a.ts'], CONVENTIONAL_ONLY)).level).toBe('none');
    expect((await signalOf('New: rule', ['lib/a.js'], CONVENTIONAL_ONLY)).level).toBe('none');
    expect((await signalOf('fix(deps): update meow', ['package.json'], CONVENTIONAL_ONLY)).level).toBe('patch');
  });

  it('switches each signal off on its own', async () => {
    const noFiles = { ...DEFAULT_SIGNALS, changedFiles: 'none' as const };
    expect((await signalOf('Add inc function', ['semver.js'], noFiles)).level).toBe('none');
    expect((await signalOf('deps: update meow', ['package.json'], noFiles)).level).toBe('patch');
    const noKeywords = { ...DEFAULT_SIGNALS, keywords: false };
    expect(await signalOf('New: rule', ['lib/a.js'], noKeywords)).toMatchObject({ kind: 'production-files', level: 'patch' });
  });

  it('with releaseOnDocs off, releases nothing for documentation alone; a typed fix still releases', async () => {
    const docsOnly = { kind: 'docs-only', level: 'none', label: 'documentation only' };
    const off = (message: string, files: string[]) => signalOf(message, files, DEFAULT_SIGNALS, everything, false);
    expect(await off('docs: explain the stream', ['packages/api/README.md'])).toEqual(docsOnly);
    expect(await off('Fix typo in the guide', ['packages/api/docs/guide.html', 'packages/api/CHANGELOG.md'])).toEqual(docsOnly);
    expect(await off('Update README', ['README.md'])).toEqual(docsOnly);
    expect((await off('fix: broken link in README', ['README.md'])).level).toBe('patch');
    expect((await off('Update README and the parser', ['README.md', 'src/parser.ts'])).label).toBe('changed production files');
    // By default a shipped README is a shipped file: it reaches the registry page only with a release.
    expect((await signalOf('docs: explain the stream', ['README.md'])).label).toBe('changed production files');
  });

  it('releases nothing for a merge commit', async () => {
    expect((await signalOf("Merge branch 'main' into next", ['a.js'])).kind).toBe('merge');
  });
});
