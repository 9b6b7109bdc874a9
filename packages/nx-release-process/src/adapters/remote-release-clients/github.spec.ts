import { startGitHubApiMock, type GitHubApiMock } from '../../testing/github-api-mock';
import { GitHubReleaseClient } from './github';

const TOKEN = 'ghp_fake_token_for_rollback_marks';
const REPOSITORY = 'acme/ws';

describe('GitHub releases: marking one rolled back (API stand-in)', () => {
  let github: GitHubApiMock;
  let client: GitHubReleaseClient;
  beforeAll(async () => {
    github = await startGitHubApiMock(REPOSITORY, TOKEN);
    client = new GitHubReleaseClient({ repository: REPOSITORY, token: TOKEN, apiUrl: github.url });
  });
  afterAll(() => github?.close());

  it('puts the notice above the notes and stops the release being the latest', async () => {
    await client.createRelease({ tag: 'core@1.2.0', title: 'core@1.2.0', notes: '# Release core@1.2.0\n\n- faster', prerelease: false });
    await client.markRolledBack(
      'core@1.2.0',
      '> **Rolled back** (core@1.2.0-rollback): corrupts the cache. Users are moved back to 1.1.0.',
    );
    expect(await client.releaseNotes('core@1.2.0')).toBe(
      '> **Rolled back** (core@1.2.0-rollback): corrupts the cache. Users are moved back to 1.1.0.\n\n# Release core@1.2.0\n\n- faster',
    );
    const edit = github.requests.find((request) => request.method === 'PATCH');
    expect(edit).toMatchObject({
      path: `/repos/${REPOSITORY}/releases/1`,
      authorization: `Bearer ${TOKEN}`,
      body: { make_latest: 'false' },
    });
    expect(await client.releaseNotes('core@9.9.9')).toBeNull();
    await expect(client.markRolledBack('core@9.9.9', 'x')).rejects.toThrow('there is no GitHub release for core@9.9.9 to mark rolled back');
  });
});
