import { ReleaseProcessError } from '../../core/release-error';
import type { RemoteReleaseClient } from './remote-release-client';

export interface GitHubOptions {
  /** `owner/name`. */
  repository: string;
  token: string;
  /** API root; GitHub Enterprise and tests point elsewhere. */
  apiUrl?: string;
}

/** GitHub's REST API for releases (what `gh release create --notes-file` does). */
export class GitHubReleaseClient implements RemoteReleaseClient {
  readonly description: string;
  private readonly apiUrl: string;

  constructor(private readonly options: GitHubOptions) {
    if (!/^[^/\s]+\/[^/\s]+$/.test(options.repository)) {
      throw new ReleaseProcessError(`GitHub repository "${options.repository}" is not owner/name`, 'Set it as "acme/trading"');
    }
    this.apiUrl = (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
    this.description = `GitHub ${options.repository}`;
  }

  async verifyAccess(): Promise<void> {
    const response = await this.request('GET', `/repos/${this.options.repository}`);
    if (response.status === 200) {
      const permissions = ((await response.json()) as { permissions?: { push?: boolean } }).permissions;
      if (permissions && permissions.push === false) {
        throw new ReleaseProcessError(
          `the GitHub token cannot write to ${this.options.repository}`,
          'Use a token with contents: write permission',
        );
      }
      return;
    }
    throw await this.failure(response, `cannot reach ${this.options.repository}`);
  }

  async releaseExists(tag: string): Promise<boolean> {
    const response = await this.request('GET', `/repos/${this.options.repository}/releases/tags/${encodeURIComponent(tag)}`);
    if (response.status === 200) return true;
    if (response.status === 404) return false;
    throw await this.failure(response, `cannot look up the release of ${tag}`);
  }

  async createRelease(release: { tag: string; title: string; notes: string; prerelease: boolean }): Promise<string> {
    const response = await this.request('POST', `/repos/${this.options.repository}/releases`, {
      tag_name: release.tag,
      name: release.title,
      body: release.notes,
      draft: false,
      prerelease: release.prerelease,
    });
    if (response.status === 201) return ((await response.json()) as { html_url: string }).html_url;
    throw await this.failure(response, `cannot create the GitHub release of ${release.tag}`);
  }

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    try {
      return await fetch(`${this.apiUrl}${path}`, {
        method,
        headers: {
          Accept: 'application/vnd.github+json',
          Authorization: `Bearer ${this.options.token}`,
          'X-GitHub-Api-Version': '2022-11-28',
          'User-Agent': 'nx-release-process',
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new ReleaseProcessError(
        `cannot reach the GitHub API at ${this.apiUrl}: ${(error as Error).message}`,
        'Check the network, or GITHUB_API_URL',
      );
    }
  }

  private async failure(response: Response, what: string): Promise<ReleaseProcessError> {
    const detail = await response.text().then(
      (text) => {
        try {
          const parsed = JSON.parse(text) as { message?: string; errors?: Array<{ code?: string; field?: string; message?: string }> };
          return [parsed.message, ...(parsed.errors ?? []).map((error) => error.message ?? `${error.field} ${error.code}`)]
            .filter(Boolean)
            .join('; ');
        } catch {
          return text.slice(0, 200);
        }
      },
      () => '',
    );
    const fix =
      response.status === 401
        ? 'The token in GITHUB_TOKEN is invalid or expired: create a new one'
        : response.status === 403 || response.status === 404
          ? 'Check that the token can see the repository and has contents: write permission'
          : response.status === 422
            ? 'GitHub refused the request: a release for this tag may exist already, or the tag is not on GitHub'
            : 'GitHub had an error: try again later';
    return new ReleaseProcessError(`${what}: GitHub answered ${response.status}${detail ? ` (${detail})` : ''}`, fix);
  }
}
