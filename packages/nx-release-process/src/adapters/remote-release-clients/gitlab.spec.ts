import { startGitLabApiMock, type GitLabApiMock } from '../../testing/gitlab-api-mock';
import { GitLabClient } from './gitlab';

const TOKEN = 'glpat-fake-token-for-releases-0123';
const PROJECT = 'grp/sub/gpu-trading';
const ENCODED = '/api/v4/projects/grp%2Fsub%2Fgpu-trading';

describe('GitLab releases, issues and errors (API stand-in)', () => {
  let gitlab: GitLabApiMock;
  let client: GitLabClient;
  beforeEach(async () => {
    gitlab = await startGitLabApiMock(PROJECT, TOKEN);
    client = new GitLabClient({ project: PROJECT, token: { kind: 'private', value: TOKEN }, apiUrl: gitlab.url });
  });
  afterEach(() => gitlab.close());

  it('creates one release per tag with the notes and package links, and updates one made meanwhile', async () => {
    await client.verifyAccess();
    expect(await client.releaseExists('core@1.2.0')).toBe(false);
    const url = await client.createRelease({
      tag: 'core@1.2.0',
      title: 'core@1.2.0',
      notes: '# Release core@1.2.0',
      prerelease: false,
      links: [{ name: 'npm: @ws/core@1.2.0', url: 'http://registry.test/@ws/core/-/core-1.2.0.tgz' }],
    });
    expect(url).toBe('https://gitlab.com/grp/sub/gpu-trading/-/releases/core%401.2.0');
    expect(gitlab.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: `${ENCODED}/releases`,
      tokenHeader: 'PRIVATE-TOKEN',
      authorization: TOKEN,
      body: {
        tag_name: 'core@1.2.0',
        name: 'core@1.2.0',
        description: '# Release core@1.2.0',
        assets: { links: [{ name: 'npm: @ws/core@1.2.0', url: 'http://registry.test/@ws/core/-/core-1.2.0.tgz', link_type: 'package' }] },
      },
    });
    expect(await client.releaseExists('core@1.2.0')).toBe(true);
    expect(gitlab.requests.at(-1)?.path).toBe(`${ENCODED}/releases/core%401.2.0`);

    // A second run that did not see the release (another machine) updates it: still one release, with every link.
    await client.createRelease({
      tag: 'core@1.2.0',
      title: 'core@1.2.0',
      notes: '# Release core@1.2.0 (again)',
      prerelease: false,
      links: [
        { name: 'npm: @ws/core@1.2.0', url: 'http://registry.test/@ws/core/-/core-1.2.0.tgz' },
        { name: 'npm: @ws/extra@1.2.0', url: 'http://registry.test/@ws/extra/-/extra-1.2.0.tgz' },
      ],
    });
    expect([...gitlab.releases.keys()]).toEqual(['core@1.2.0']);
    expect(gitlab.releases.get('core@1.2.0')?.description).toBe('# Release core@1.2.0 (again)');
    expect(gitlab.releases.get('core@1.2.0')?.assets.links.map((link) => link.name)).toEqual([
      'npm: @ws/core@1.2.0',
      'npm: @ws/extra@1.2.0',
    ]);
  });

  it('puts the rollback notice above the notes', async () => {
    await client.createRelease({ tag: 'core@1.2.0', title: 'core@1.2.0', notes: '# Release core@1.2.0', prerelease: false });
    await client.markRolledBack('core@1.2.0', '> **Rolled back** (core@1.2.0-rollback): corrupts the cache.');
    expect(await client.releaseNotes('core@1.2.0')).toBe(
      '> **Rolled back** (core@1.2.0-rollback): corrupts the cache.\n\n# Release core@1.2.0',
    );
    expect(gitlab.requests.find((request) => request.method === 'PUT')?.path).toBe(`${ENCODED}/releases/core%401.2.0`);
    expect(await client.releaseNotes('core@9.9.9')).toBeNull();
    await expect(client.markRolledBack('core@9.9.9', 'x')).rejects.toThrow('there is no GitLab release for core@9.9.9 to mark rolled back');
  });

  it('reads the issues since a release, page by page, by label or by the version named', async () => {
    const at = (day: number) => `2026-12-${String(day).padStart(2, '0')}T10:00:00Z`;
    const issue = (iid: number, day: number, labels: string[], text = '') => ({
      iid,
      title: `issue ${iid}`,
      description: text,
      labels,
      created_at: at(day),
      web_url: `https://gitlab.com/${PROJECT}/-/issues/${iid}`,
    });
    gitlab.issues.push(issue(1, 1, ['regression']), ...Array.from({ length: 120 }, (_, index) => issue(index + 2, 3, ['question'])));
    gitlab.issues.push(issue(200, 4, ['regression']), issue(201, 4, [], 'crash on 1.2.0'), issue(202, 4, ['bug']));
    const found = await client.issuesSince(at(2), { labels: ['regression'], version: '1.2.0' });
    expect(found.map((found) => found.number).sort()).toEqual([200, 201]);
    expect(found[0].url).toMatch(/\/-\/issues\/20[01]$/);
    const listings = gitlab.requests.filter((request) => request.path.startsWith(`${ENCODED}/issues?`));
    expect(listings).toHaveLength(2);
    expect(new URL(listings[0].path, 'http://x').searchParams.get('created_after')).toBe(at(2));
  });

  it('sends a CI job token as JOB-TOKEN and checks access through the releases', async () => {
    const jobApi = await startGitLabApiMock(PROJECT, 'job-token-value-1234', { tokenKind: 'job' });
    try {
      const job = new GitLabClient({ project: PROJECT, token: { kind: 'job', value: 'job-token-value-1234' }, apiUrl: jobApi.url });
      await job.verifyAccess();
      await job.createRelease({ tag: 'v1.0.0', title: 'v1.0.0', notes: 'n', prerelease: false });
      expect(jobApi.requests.map((request) => `${request.method} ${request.tokenHeader}`)).toEqual(['GET JOB-TOKEN', 'POST JOB-TOKEN']);
      expect(jobApi.requests[0].path).toBe(`${ENCODED}/releases?per_page=1`);
    } finally {
      await jobApi.close();
    }
  });

  it('refuses a token whose role cannot create releases', async () => {
    gitlab.accessLevel = 20;
    await expect(client.verifyAccess()).rejects.toThrow(
      'the GitLab token cannot create releases in grp/sub/gpu-trading (its role is below Developer). Use a token of a member with the Developer role or higher, with the api scope',
    );
  });

  describe('errors: one line with the status and what to do, never the token', () => {
    const attempt = (target: GitLabClient) =>
      target.createRelease({ tag: 'core@1.2.0', title: 'core@1.2.0', notes: 'n', prerelease: false }).then(
        () => '',
        (error: Error) => error.message,
      );

    it.each([
      [401, 'wrong-token-1234', /GitLab answered 401 \(401 Unauthorized\)\. The token in GITLAB_TOKEN is invalid or expired/],
      [404, TOKEN, /GitLab answered 404 \(404 Project Not Found\)\. Check the project path \(grp\/other\)/],
      [500, TOKEN, /GitLab answered 500 \(500 Server Error, token \*\*\*\)\. GitLab had an error: run the command again later/],
    ])('%i', async (status, token, expected) => {
      if (status === 500) gitlab.failCreateWith = 500;
      const target = new GitLabClient({
        project: status === 404 ? 'grp/other' : PROJECT,
        token: { kind: 'private', value: token },
        apiUrl: gitlab.url,
      });
      const message = await attempt(target);
      expect(message).toMatch(expected);
      expect(message).toMatch(/^cannot create the GitLab release of core@1\.2\.0: /);
      expect(message.split('\n')).toHaveLength(1);
      expect(message).not.toContain(TOKEN);
      expect(message).not.toContain('wrong-token-1234');
    });

    it('a timeout', async () => {
      gitlab.hangCreate = true;
      const impatient = new GitLabClient({
        project: PROJECT,
        token: { kind: 'private', value: TOKEN },
        apiUrl: gitlab.url,
        timeoutMs: 300,
      });
      const message = await attempt(impatient);
      expect(message).toBe(
        `cannot reach the GitLab API at ${gitlab.url}: no answer within 0.3 s. Check the network, or GITLAB_API_URL (or CI_API_V4_URL), then run the command again`,
      );
    });
  });
});
