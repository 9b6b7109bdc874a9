import { ReleaseProcessError } from '../../core/release-error';
import type { FeedbackIssue } from '../../core/health';
import type { ChangeRequest } from '../../core/release-pr';
import type { ForgeClient } from './forge-client';
import { forgeFailure, forgeRequest, type ForgeApi } from './forge-request';

export interface GitHubOptions {
  /** `owner/name`. */
  repository: string;
  token: string;
  /** API root; GitHub Enterprise and tests point elsewhere. */
  apiUrl?: string;
  timeoutMs?: number;
}

/** GitHub's REST API for releases (what `gh release create --notes-file` does) and pull requests (`gh pr create`). */
export class GitHubReleaseClient implements ForgeClient {
  readonly kind = 'github';
  readonly description: string;
  readonly keepsLinks = false;
  readonly noun = 'pull request';
  private readonly api: ForgeApi;

  constructor(private readonly options: GitHubOptions) {
    if (!/^[^/\s]+\/[^/\s]+$/.test(options.repository)) {
      throw new ReleaseProcessError(`GitHub repository "${options.repository}" is not owner/name`, 'Set it as "acme/trading"');
    }
    this.api = {
      name: 'GitHub',
      apiUrl: (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
      apiVariable: 'GITHUB_API_URL',
      headers: { Accept: 'application/vnd.github+json', Authorization: `Bearer ${options.token}`, 'X-GitHub-Api-Version': '2022-11-28' },
      timeoutMs: options.timeoutMs,
    };
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
    return (await this.releaseOf(tag)) !== null;
  }

  async createRelease(release: { tag: string; title: string; notes: string; prerelease: boolean; latest?: boolean }): Promise<string> {
    const response = await this.request('POST', `/repos/${this.options.repository}/releases`, {
      tag_name: release.tag,
      name: release.title,
      body: release.notes,
      draft: false,
      prerelease: release.prerelease,
      ...(release.latest === false ? { make_latest: 'false' } : {}),
    });
    if (response.status === 201) return ((await response.json()) as { html_url: string }).html_url;
    throw await this.failure(response, `cannot create the GitHub release of ${release.tag}`);
  }

  async releaseNotes(tag: string): Promise<string | null> {
    const release = await this.releaseOf(tag);
    return release ? (release.body ?? '') : null;
  }

  async markRolledBack(tag: string, notice: string): Promise<void> {
    const release = await this.releaseOf(tag);
    if (!release)
      throw new ReleaseProcessError(
        `there is no GitHub release for ${tag} to mark rolled back`,
        'Create it, or roll back with --forge none',
      );
    const response = await this.request('PATCH', `/repos/${this.options.repository}/releases/${release.id}`, {
      body: `${notice}\n\n${release.body ?? ''}`.trimEnd(),
      make_latest: 'false',
    });
    if (response.status !== 200) throw await this.failure(response, `cannot mark the GitHub release of ${tag} rolled back`);
  }

  private async releaseOf(tag: string): Promise<{ id: number; body: string | null } | null> {
    const response = await this.request('GET', `/repos/${this.options.repository}/releases/tags/${encodeURIComponent(tag)}`);
    if (response.status === 404) return null;
    if (response.status !== 200) throw await this.failure(response, `cannot look up the release of ${tag}`);
    return (await response.json()) as { id: number; body: string | null };
  }

  async findOpen(branch: string, base: string): Promise<ChangeRequest | null> {
    const owner = this.options.repository.split('/')[0];
    const query = `head=${encodeURIComponent(`${owner}:${branch}`)}&base=${encodeURIComponent(base)}&state=open`;
    const response = await this.request('GET', `/repos/${this.options.repository}/pulls?${query}`);
    if (response.status !== 200) throw await this.failure(response, `cannot list the pull requests of ${branch}`);
    const [found] = (await response.json()) as GitHubPull[];
    return found ? pullOf(found) : null;
  }

  async open(request: { branch: string; base: string; title: string; body: string }): Promise<ChangeRequest> {
    const response = await this.request('POST', `/repos/${this.options.repository}/pulls`, {
      title: request.title,
      head: request.branch,
      base: request.base,
      body: request.body,
    });
    if (response.status === 201) return pullOf((await response.json()) as GitHubPull);
    throw await this.failure(
      response,
      `cannot open a pull request from ${request.branch} into ${request.base}`,
      'GitHub refused the pull request: the branch may not be on GitHub, or it has nothing to merge into the base',
    );
  }

  async update(request: ChangeRequest, change: { title: string; body: string }): Promise<ChangeRequest> {
    const response = await this.request('PATCH', `/repos/${this.options.repository}/pulls/${request.number}`, change);
    if (response.status === 200) return pullOf((await response.json()) as GitHubPull);
    throw await this.failure(response, `cannot update pull request #${request.number}`);
  }

  /**
   * Issues (not pull requests) opened since `since` that carry one of the labels or name the version in
   * their title or body: the users' word on a release. Pages through at most 1,000 issues.
   */
  async issuesSince(since: string, match: { labels: string[]; version: string }): Promise<FeedbackIssue[]> {
    const found: FeedbackIssue[] = [];
    for (let page = 1; page <= 10; page++) {
      const query = new URLSearchParams({ state: 'all', since, per_page: '100', page: String(page) });
      const response = await this.request('GET', `/repos/${this.options.repository}/issues?${query}`);
      if (response.status !== 200)
        throw await this.failure(response, `cannot list the issues of ${this.options.repository}`, 'GitHub refused to list issues');
      const issues = (await response.json()) as GitHubIssue[];
      for (const issue of issues) {
        if (issue.pull_request || Date.parse(issue.created_at) < Date.parse(since)) continue;
        const labelled = issue.labels.some((label) => match.labels.includes(typeof label === 'string' ? label : label.name));
        if (labelled || `${issue.title}\n${issue.body ?? ''}`.includes(match.version)) {
          found.push({ number: issue.number, title: issue.title, url: issue.html_url, createdAt: issue.created_at });
        }
      }
      if (issues.length < 100) break;
    }
    return found;
  }

  private request(method: string, path: string, body?: unknown): Promise<Response> {
    return forgeRequest(this.api, method, path, body);
  }

  private failure(
    response: Response,
    what: string,
    refused = 'GitHub refused the request: a release for this tag may exist already, or the tag is not on GitHub',
  ): Promise<ReleaseProcessError> {
    return forgeFailure(this.api, response, what, {
      401: 'The token in GITHUB_TOKEN is invalid or expired: create a new one',
      403: 'Check that the token can see the repository and has contents: write permission',
      conflict: refused,
      other: 'GitHub had an error: try again later',
    });
  }
}

interface GitHubPull {
  number: number;
  html_url: string;
  title: string;
  body: string | null;
}

function pullOf(pull: GitHubPull): ChangeRequest {
  return { number: pull.number, url: pull.html_url, title: pull.title, body: pull.body ?? '' };
}

interface GitHubIssue {
  number: number;
  title: string;
  body: string | null;
  labels: Array<string | { name: string }>;
  created_at: string;
  html_url: string;
  pull_request?: unknown;
}
