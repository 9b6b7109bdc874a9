import { execFileSync } from 'node:child_process';
import { createSampleMonorepo } from '../../../../tools/demo/sample-monorepo';
import { addBareOrigin } from '../testing/bare-origin';
import { startGitHubApiMock, type GitHubApiMock, type RecordedRequest } from '../testing/github-api-mock';
import { startGitLabApiMock, type GitLabApiMock } from '../testing/gitlab-api-mock';
import { runCli } from '../testing/run-cli';
import { runNx } from '../testing/run-nx';
import type { TempRepo } from '../testing/temp-repo';
import { startLocalRegistry, type LocalRegistry } from '../testing/verdaccio';
import { passGates } from '../testing/gates';
import { lastRunSteps, type StepRecord } from '../adapters/step-journal';

const TOKEN = 'ghp_fake_token_for_pull_requests_0123';
const GITLAB_TOKEN = 'glpat-fake-token-for-merge-requests';
const NPM_TOKEN = 'npm_fake_token_for_tests_9876543210';
const REPOSITORY = 'acme/gpu-trading';
const BRANCH = 'release/gpu-kernels@1.4.0+2';
const TAGS = ['gpu-kernels@1.4.0', 'pricing-engine@2.1.1', 'strategy-api@0.5.0'];

/**
 * The release PR flow for protected branches, in order on one repository: the prepared branch pushed to a
 * bare origin and a pull request opened on the GitHub stand-in (which checks method, path, token and body),
 * updated after a new commit, a GitLab merge request through the same interface, then the merge and the
 * release step on the merge commit, tagging and publishing what the branch prepared.
 */
describe('release-process release-pr, then release on the merge commit', () => {
  let repo: TempRepo;
  let origin: ReturnType<typeof addBareOrigin>;
  let github: GitHubApiMock;
  let gitlab: GitLabApiMock;
  let registry: LocalRegistry;
  const githubEnv = () => ({ GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPOSITORY, NPM_TOKEN });
  const releasePr = (...args: string[]) => runCli(repo.root, ['release-pr', ...args], githubEnv());
  const remoteBranch = () => origin.git('for-each-ref', '--format=%(objectname)', `refs/heads/${BRANCH}`);
  const writes = (mock: { requests: RecordedRequest[] }) => mock.requests.filter((request) => request.method !== 'GET');

  beforeAll(async () => {
    repo = createSampleMonorepo();
    origin = addBareOrigin(repo);
    github = await startGitHubApiMock(REPOSITORY, TOKEN, { branchExists: (branch) => origin.git('branch', '--list', branch) !== '' });
    gitlab = await startGitLabApiMock(REPOSITORY, GITLAB_TOKEN);
    registry = await startLocalRegistry();
    expect((await runNx(repo.root, ['g', 'release-branch'])).code).toBe(0);
  });
  afterAll(async () => {
    await github?.close();
    await gitlab?.close();
    await registry?.stop();
    repo?.remove();
    origin?.remove();
  });

  let planned: StepRecord[] = [];

  it('--dry-run names the push and the pull request, and changes nothing', async () => {
    const result = await releasePr('--dry-run', '--json');
    planned = (JSON.parse(result.stdout) as { steps: StepRecord[] }).steps;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`[dry-run] would push ${BRANCH} (${repo.git('rev-parse', '--short=7', 'HEAD')}) to origin`);
    expect(result.stderr).toContain(
      `[dry-run] would open a pull request on GitHub ${REPOSITORY}: ${BRANCH} into main, "chore: release ${TAGS.join(', ')}"`,
    );
    expect(remoteBranch()).toBe('');
    expect(writes(github)).toEqual([]);
  });

  it('pushes the branch and opens a pull request whose body is the notes and the gates', async () => {
    const result = await releasePr('--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      url: `https://github.com/${REPOSITORY}/pull/1`,
      number: 1,
      branch: BRANCH,
      base: 'main',
      done: ['push-branch', 'open'],
      steps: planned,
    });
    // What the dry run listed is what the real run journaled.
    expect(planned.map((entry) => entry.kind)).toEqual(['push-branch', 'open']);
    expect(await lastRunSteps(repo, 'release-process release-pr')).toEqual(planned);
    expect(remoteBranch()).toBe(repo.git('rev-parse', 'HEAD'));
    expect(github.requests.every((request) => request.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(writes(github).map((request) => `${request.method} ${request.path}`)).toEqual([`POST /repos/${REPOSITORY}/pulls`]);
    const [pull] = github.pulls;
    expect(pull).toMatchObject({ head: { ref: BRANCH }, base: { ref: 'main' }, title: `chore: release ${TAGS.join(', ')}`, state: 'open' });
    for (const tag of TAGS) expect(pull.body).toContain(`# Release ${tag}`);
    expect(pull.body).toContain('## Release gates');
    expect(result.stderr).not.toContain(TOKEN);
  });

  it('on a rerun after a new commit: pushes it and updates the same pull request; then nothing is left to do', async () => {
    repo.commit('fix(kernels): guard the empty batch', {
      'packages/gpu-kernels/src/batch.py': 'def run(batch):\n    return batch or []\n',
    });
    const result = await releasePr();
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`Updated https://github.com/${REPOSITORY}/pull/1`);
    expect(remoteBranch()).toBe(repo.git('rev-parse', 'HEAD'));
    expect(writes(github).map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST /repos/${REPOSITORY}/pulls`,
      `PATCH /repos/${REPOSITORY}/pulls/1`,
    ]);
    expect(github.pulls).toHaveLength(1);
    expect(github.pulls[0].body).toContain('guard the empty batch');

    const again = await releasePr();
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`https://github.com/${REPOSITORY}/pull/1 is up to date.`);
    expect(writes(github)).toHaveLength(2);
  });

  it('opens a GitLab merge request through the same interface', async () => {
    const env = { GITLAB_TOKEN, GITLAB_API_URL: gitlab.url };
    const result = await runCli(repo.root, ['release-pr', '--forge', 'gitlab', '--repository', REPOSITORY], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`Opened https://gitlab.com/${REPOSITORY}/-/merge_requests/1`);
    expect(gitlab.requests.every((request) => request.authorization === GITLAB_TOKEN)).toBe(true);
    expect(writes(gitlab).map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST /api/v4/projects/${encodeURIComponent(REPOSITORY)}/merge_requests`,
    ]);
    expect(gitlab.mergeRequests[0]).toMatchObject({
      source_branch: BRANCH,
      target_branch: 'main',
      title: `chore: release ${TAGS.join(', ')}`,
    });
    expect(gitlab.mergeRequests[0].description).toContain('# Release gpu-kernels@1.4.0');
    const again = await runCli(repo.root, ['release-pr', '--forge', 'gitlab', '--repository', REPOSITORY], env);
    expect(again.stderr).toContain('is up to date.');
    expect(writes(gitlab)).toHaveLength(1);
  });

  it('after the merge, the release step on the merge commit tags and publishes what the branch prepared', async () => {
    // What the forge does on "Merge": a merge commit on main.
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--no-ff', '-m', `Merge pull request #1 from ${BRANCH}`, BRANCH);
    repo.git('push', '-q', 'origin', 'main');
    github.pulls[0].state = 'closed';
    const merge = repo.git('rev-parse', 'HEAD');

    await passGates(repo.root);
    const result = await runCli(repo.root, ['release', '--registry', registry.url, '--no-github-release'], githubEnv());
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`Released ${TAGS.join(', ')}.`);
    for (const tag of TAGS) expect(origin.git('rev-list', '-n', '1', tag)).toBe(merge);
    const published = (name: string) =>
      execFileSync('npm', ['view', name, 'version', '--registry', registry.url, '--prefer-online'], { encoding: 'utf8' }).trim();
    expect(published('gpu-kernels')).toBe('1.4.0');
    expect(published('strategy-api')).toBe('0.5.0');
  });
});
