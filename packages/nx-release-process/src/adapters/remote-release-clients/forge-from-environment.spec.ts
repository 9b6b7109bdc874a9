import { TempRepo } from '../../testing/temp-repo';
import { forgeFromEnvironment, forgeHostsFrom } from './forge-from-environment';

describe('forgeFromEnvironment: which forge a command speaks to', () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = new TempRepo('forge-choice-');
    repo.commit('chore: start', { 'README.md': 'x' });
  });
  afterAll(() => repo.remove());

  const choose = (url: string, env: NodeJS.ProcessEnv, request: { forge?: 'github' | 'gitlab' | 'none'; required?: boolean } = {}) => {
    repo.git('remote', 'set-url', 'origin', url);
    return forgeFromEnvironment(repo, { ...request, purpose: 'creating releases', env });
  };
  beforeEach(() => repo.git('remote', 'add', 'origin', 'https://example.test/x.git'));
  afterEach(() => repo.git('remote', 'remove', 'origin'));

  it.each([
    [
      'GITHUB_API_URL',
      'https://github.com/acme/app.git',
      { GITHUB_TOKEN: 't1234', GITHUB_API_URL: 'file:///etc/passwd' },
      'file: addresses are not fetched (only https:)',
    ],
    [
      'GITLAB_API_URL',
      'https://gitlab.com/acme/app.git',
      { GITLAB_TOKEN: 't1234', GITLAB_API_URL: 'http://169.254.169.254/api/v4' },
      'it is a link-local address',
    ],
    [
      'CI_API_V4_URL',
      'https://gitlab.com/acme/app.git',
      { CI_JOB_TOKEN: 'j1234', CI_API_V4_URL: 'http://gitlab.intranet/api/v4' },
      'plain http: leaves',
    ],
  ])('refuses an API address in %s that is not https: or this machine', async (variable, url, env, reason) => {
    await expect(choose(url, env)).rejects.toThrow(`the address in ${variable} is refused: ${reason}`);
  });

  it('takes a plain http: API address beyond this machine when RELEASE_PROCESS_ALLOW_HTTP says so', async () => {
    const env = { CI_JOB_TOKEN: 'j1234', CI_API_V4_URL: 'http://gitlab.intranet/api/v4', RELEASE_PROCESS_ALLOW_HTTP: '1' };
    expect((await choose('https://gitlab.com/acme/app.git', env)).client).not.toBeNull();
  });

  it.each([
    ['a GitLab remote and its token', 'git@gitlab.acme.test:grp/sub/app.git', { GITLAB_TOKEN: 't1234' }, 'GitLab grp/sub/app'],
    [
      'a GitHub remote and its token',
      'https://github.com/acme/app.git',
      { GITHUB_TOKEN: 't1234', GITLAB_TOKEN: 'g1234' },
      'GitHub acme/app',
    ],
    [
      'a self-managed GitLab known from CI_SERVER_HOST, with the job token',
      'https://git.acme.test/platform/app.git',
      { CI_JOB_TOKEN: 'j1234', CI_SERVER_HOST: 'git.acme.test' },
      'GitLab platform/app',
    ],
    [
      'an unknown host in GitLab CI',
      '/srv/mirror/app.git',
      { GITLAB_CI: 'true', CI_JOB_TOKEN: 'j1234', CI_PROJECT_PATH: 'grp/app' },
      'GitLab grp/app',
    ],
    [
      'an unknown host with only a GitHub repository named',
      '/srv/mirror/app.git',
      { GITHUB_TOKEN: 't1234', GITHUB_REPOSITORY: 'acme/app' },
      'GitHub acme/app',
    ],
  ])('%s', async (_case, url, env, description) => {
    const { client, unused } = await choose(url, env);
    expect(client?.description).toBe(description);
    expect(unused).toBeNull();
  });

  it('uses none without a token, and says what to set when the remote is on a forge', async () => {
    expect(await choose('https://gitlab.com/grp/app.git', { GITHUB_TOKEN: 't1234', GITLAB_TOKEN: '' })).toEqual({
      client: null,
      unused: 'GitLab is not used: set GITLAB_TOKEN (or CI_JOB_TOKEN in GitLab CI), or pass --forge none to say so',
    });
    expect(await choose('/srv/mirror/app.git', {})).toEqual({ client: null, unused: null });
    expect(await choose('https://gitlab.com/grp/app.git', { GITLAB_TOKEN: 't1234' }, { forge: 'none' })).toEqual({
      client: null,
      unused: null,
    });
  });

  it('takes --forge over the remote, with the remote path, and refuses it without a token or a repository', async () => {
    const forced = await choose('https://code.acme.test/grp/app.git', { GITLAB_TOKEN: 't1234' }, { forge: 'gitlab' });
    expect(forced.client?.description).toBe('GitLab grp/app');
    await expect(choose('https://gitlab.com/grp/app.git', { GITLAB_TOKEN: 't1234' }, { forge: 'github' })).rejects.toThrow(
      'creating releases on GitHub needs a token. Set GITHUB_TOKEN (or GH_TOKEN), or pass --forge none',
    );
    // The remote's path is GitLab's, not a GitHub repository's.
    await expect(choose('https://gitlab.com/grp/app.git', { GITHUB_TOKEN: 't1234' }, { forge: 'github' })).rejects.toThrow(
      'the GitHub repository is unknown. Set GITHUB_REPOSITORY=owner/name',
    );
    await expect(choose('/srv/mirror/app.git', {}, { required: true })).rejects.toThrow('creating releases on GitHub needs a token');
  });

  it('knows forge hosts from the CI variables', () => {
    expect(
      forgeHostsFrom({
        CI_SERVER_HOST: 'git.acme.test',
        GITLAB_API_URL: 'https://code.acme.test/api/v4',
        GITHUB_SERVER_URL: 'https://ghe.acme.test',
      }),
    ).toEqual({ gitlab: ['git.acme.test', 'code.acme.test'], github: ['ghe.acme.test'] });
    expect(forgeHostsFrom({ GITLAB_API_URL: 'not a url' })).toEqual({ gitlab: [], github: [] });
  });
});
