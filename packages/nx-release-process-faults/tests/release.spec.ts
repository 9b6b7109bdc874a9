import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configurePlugin, createSampleMonorepo, NEXT_VERSIONS } from '../../../tools/demo/sample-monorepo';
import { addBareOrigin } from '../../nx-release-process/src/testing/bare-origin';
import { passGates } from '../../nx-release-process/src/testing/gates';
import { GitFaults, repositoryState } from '../../nx-release-process/src/testing/git-faults';
import { startGitHubApiMock } from '../../nx-release-process/src/testing/github-api-mock';
import { startCli } from '../../nx-release-process/src/testing/interrupt';
import { runCli } from '../../nx-release-process/src/testing/run-cli';
import { runNx } from '../../nx-release-process/src/testing/run-nx';
import { startLocalRegistry, type LocalRegistry } from '../../nx-release-process/src/testing/verdaccio';
import { startWebhookReceivers } from '../../nx-release-process/src/testing/webhook-receivers';

const NPM_TOKEN = 'npm_fake_token_for_tests_9876543210';
const GITHUB_TOKEN = 'ghp_fake_token_for_tests_0123456789';
const REPOSITORY = 'acme/gpu-trading';
const RELEASED_TAGS = Object.entries(NEXT_VERSIONS).map(([project, version]) => `${project}@${version}`);

/**
 * `release-process release` killed before each of its git steps (three tags, one atomic push): running it
 * again finishes the release — tags on the bare origin, packages on Verdaccio, nothing twice — and
 * `--abort` puts back the state before. Three releases at once: one releases, two refuse on the lock.
 */
describe('the release step killed part way, and run concurrently', () => {
  const steps = ['tag', 'tag', 'tag', 'push'];
  let template: { repo: string; origin: string };
  let faults: GitFaults;
  let registry: LocalRegistry;
  const scratch: string[] = [];

  beforeAll(async () => {
    const repo = createSampleMonorepo();
    const origin = addBareOrigin(repo);
    expect((await runNx(repo.root, ['g', 'release-branch'])).code).toBe(0);
    await passGates(repo.root);
    template = { repo: repo.root, origin: origin.path };
    faults = new GitFaults();
  });
  afterAll(() => {
    for (const dir of [template.repo, template.origin, ...scratch]) rmSync(dir, { recursive: true, force: true });
    faults.remove();
  });
  beforeEach(async () => (registry = await startLocalRegistry()));
  afterEach(() => registry.stop());

  /** A copy of the prepared repository and of its origin, with a user's untracked draft. */
  function freshRepository(): { root: string; origin: string } {
    const dir = mkdtempSync(join(tmpdir(), 'release-faults-'));
    scratch.push(dir);
    const root = join(dir, 'repo');
    const origin = join(dir, 'origin.git');
    cpSync(template.repo, root, { recursive: true, verbatimSymlinks: true });
    cpSync(template.origin, origin, { recursive: true });
    git(root, 'remote', 'set-url', 'origin', origin);
    writeFileSync(join(root, 'draft-notes.md'), 'my unsaved notes\n');
    return { root, origin };
  }

  const release = (root: string, ...args: string[]) => runCli(root, ['release', '--registry', registry.url, ...args], { NPM_TOKEN });
  const kill = async (root: string, at: number, url = registry.url) =>
    (await startCli(root, ['release', '--registry', url], { NPM_TOKEN, ...faults.env(at) }).ended).code;

  /** The end state of a whole release: tags at HEAD here and on origin, one version of each package, nothing in progress. */
  function expectReleased(root: string, origin: string): void {
    const head = git(root, 'rev-parse', 'HEAD');
    expect(git(root, 'tag', '--points-at', head).split('\n').sort()).toEqual(RELEASED_TAGS);
    expect(git(origin, 'tag', '--points-at', head).split('\n').sort()).toEqual(RELEASED_TAGS);
    for (const [name, version] of Object.entries(NEXT_VERSIONS)) expect(publishedVersions(name)).toEqual([version]);
    expect(git(root, 'status', '--porcelain')).toBe('?? draft-notes.md');
    expect(existsSync(join(root, '.git/release-process/release-in-progress.json'))).toBe(false);
    expect(existsSync(join(root, '.git/release-process/lock.json'))).toBe(false);
  }

  function publishedVersions(name: string): string[] {
    try {
      return JSON.parse(
        execFileSync('npm', ['view', name, 'versions', '--json', '--registry', registry.url, '--prefer-online'], { encoding: 'utf8' }),
      );
    } catch {
      return [];
    }
  }

  it('makes exactly these git steps in a clean run', async () => {
    const { root, origin } = freshRepository();
    const result = await runCli(root, ['release', '--registry', registry.url], { NPM_TOKEN, ...faults.env(0) });
    expect(result.code).toBe(0);
    expect(faults.steps()).toEqual(steps);
    expectReleased(root, origin);
  });

  it.each(steps.map((step, index) => ({ step, at: index + 1 })))(
    'killed before step $at ($step): running it again finishes the release (and, first and last, --abort restores the state before)',
    async ({ at }) => {
      const first = freshRepository();
      expect(await kill(first.root, at)).toBeNull();
      const finished = await release(first.root);
      expect(finished.stderr).toContain('Finishing the release of');
      expect(finished.code).toBe(0);
      expectReleased(first.root, first.origin);

      // The other way out, on another copy and an empty registry: at the first and the last step (the ones between
      // leave the same kind of state, tags here only), to keep the suite's time in bounds.
      if (at !== 1 && at !== steps.length) return;
      const second = freshRepository();
      const before = repositoryState(second.root);
      const emptyRegistry = await startLocalRegistry();
      try {
        expect(await kill(second.root, at, emptyRegistry.url)).toBeNull();
        const undone = await runCli(second.root, ['release', '--abort', '--json', '--registry', emptyRegistry.url], { NPM_TOKEN });
        expect(undone.stderr).toContain('Undid the interrupted release');
        expect(undone.code).toBe(0);
        expect(JSON.parse(undone.stdout).removedTags).toEqual(at === 1 ? [] : expect.arrayContaining(['gpu-kernels@1.4.0']));
        expect(repositoryState(second.root)).toEqual(before);
        const again = await runCli(second.root, ['release', '--abort', '--registry', emptyRegistry.url], { NPM_TOKEN });
        expect(again.stderr).toBe('No interrupted release here: there is nothing to undo.\n');
        expect(git(second.origin, 'tag', '--list')).not.toContain('@1.4.0');
      } finally {
        await emptyRegistry.stop();
      }
    },
  );

  it('interrupted before its push, then a new commit: the rerun pushes the interrupted release, not "nothing to release"', async () => {
    const { root, origin } = freshRepository();
    expect(await kill(root, 4)).toBeNull();
    const released = git(root, 'rev-parse', 'HEAD');
    writeFileSync(join(root, 'NOTES.md'), 'after the release\n');
    git(root, 'add', 'NOTES.md');
    git(root, '-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', 'commit', '-qm', 'docs: a note');
    const finished = await release(root);
    expect(finished.code).toBe(0);
    expect(finished.stderr).toContain(`at ${released.slice(0, 7)}`);
    expect(finished.stderr).toContain('HEAD has moved on');
    expect(git(origin, 'tag', '--points-at', released).split('\n').sort()).toEqual(RELEASED_TAGS);
    for (const [name, version] of Object.entries(NEXT_VERSIONS)) expect(publishedVersions(name)).toEqual([version]);
  });

  it('a tag that fails (not killed): the tags it made are removed, no journal is left, one line says so', async () => {
    const { root } = freshRepository();
    const before = repositoryState(root);
    const failed = await runCli(root, ['release', '--registry', registry.url], { NPM_TOKEN, ...faults.failing(2) });
    expect(failed.stderr).toContain(
      'could not make the tag pricing-engine@2.1.1 (fatal: injected failure); nothing was released and the tags made here were removed',
    );
    expect(failed.code).toBe(1);
    expect(repositoryState(root)).toEqual(before);
  });

  it('with --no-push, a failed publish says the tags are here and not pushed', async () => {
    const { root } = freshRepository();
    const manifest = join(root, 'packages/gpu-kernels/package.json');
    const json = JSON.parse(readFileSync(manifest, 'utf8'));
    writeFileSync(manifest, `${JSON.stringify({ ...json, scripts: { prepublishOnly: 'exit 1' } }, null, 2)}\n`);
    git(root, '-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', 'commit', '-qam', 'chore: refuse to publish');
    await passGates(root);
    const failed = await release(root, '--no-push');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('the tags are made here, not pushed');
    expect(failed.stderr).not.toContain('the tags are pushed');
  });

  it('a corrupt journal is an error that says what to do, and nothing is tagged', async () => {
    const { root } = freshRepository();
    const journal = join(root, '.git/release-process/release-in-progress.json');
    execFileSync('mkdir', ['-p', join(root, '.git/release-process')]);
    writeFileSync(journal, '{"tags": ["gpu-ker');
    const result = await release(root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('release-in-progress.json, is unreadable');
    expect(result.stderr).toContain('delete the file, then run the release again');
    expect(git(root, 'tag', '--points-at', 'HEAD')).toBe('');
  });

  it('three clones of one origin releasing at once: one announcement, one forge release per tag, one tag object everywhere', async () => {
    const repo = createSampleMonorepo();
    const origin = addBareOrigin(repo);
    const receivers = await startWebhookReceivers();
    const github = await startGitHubApiMock(REPOSITORY, GITHUB_TOKEN);
    const clones: string[] = [];
    try {
      configurePlugin(repo, { announcements: { channels: [{ type: 'slack', webhookEnv: 'SLACK_WEBHOOK_URL' }] } }, 'chore: announce');
      expect((await runNx(repo.root, ['g', 'release-branch'])).code).toBe(0);
      await passGates(repo.root);
      for (const index of [0, 1, 2]) {
        const clone = mkdtempSync(join(tmpdir(), `release-clone-${index}-`));
        scratch.push(clone);
        cpSync(repo.root, clone, { recursive: true, verbatimSymlinks: true });
        clones.push(clone);
      }
      const env = {
        NPM_TOKEN,
        GITHUB_TOKEN,
        GITHUB_API_URL: github.url,
        GITHUB_REPOSITORY: REPOSITORY,
        SLACK_WEBHOOK_URL: receivers.urls.slack,
      };
      // Each machine's clock stamps its own tag objects: the same tag, made apart, is another object.
      const releaseIn = (clone: string, index: number) =>
        startCli(clone, ['release', '--registry', registry.url], { ...env, GIT_COMMITTER_DATE: `2026-12-05T10:00:0${index}Z` }).ended;
      const first = await Promise.all(clones.map(releaseIn));
      // A run that lost a race it cannot settle by itself (a package still on its way) says so; running it again finishes.
      for (const [index, result] of first.entries()) {
        if (result.code !== 0) expect((await releaseIn(clones[index], index)).code).toBe(0);
      }
      expect(new Set(clones.map((clone) => git(clone, 'rev-parse', `refs/tags/${RELEASED_TAGS[0]}`))).size).toBe(1);

      expect(receivers.accepted).toHaveLength(1);
      const created = github.requests.filter((request) => request.method === 'POST' && request.status === 201);
      expect(created.map((request) => (request.body as { tag_name: string }).tag_name).sort()).toEqual(RELEASED_TAGS);
      const objects = (cwd: string) => RELEASED_TAGS.map((tag) => git(cwd, 'rev-parse', `refs/tags/${tag}`));
      for (const clone of clones) {
        expect(objects(clone)).toEqual(objects(origin.path));
        git(clone, 'fetch', '--quiet', '--tags', 'origin'); // would refuse to clobber a differing tag
      }
      for (const [name, version] of Object.entries(NEXT_VERSIONS)) expect(publishedVersions(name)).toEqual([version]);
    } finally {
      await receivers.close();
      await github.close();
      repo.remove();
      origin.remove();
    }
  });

  it('three releases at once: one releases, two refuse on the lock, and the end state is that of one release', async () => {
    const { root, origin } = freshRepository();
    const runs = [0, 1, 2].map(() => startCli(root, ['release', '--registry', registry.url], { NPM_TOKEN, ...faults.env(0, 1) }).ended);
    const results = await Promise.all(runs);
    expect(results.map((result) => result.code).sort()).toEqual([0, 1, 1]);
    for (const loser of results.filter((result) => result.code !== 0)) expect(loser.stderr).toContain('another release is under way (pid ');
    expectReleased(root, origin);
  });
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}
