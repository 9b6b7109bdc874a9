import { ReleaseProcessError } from '../../core/release-error';
import type { ChangeRequest } from '../../core/release-pr';
import type { ChangeRequestClient } from './change-request-client';
import { forgeRequest } from './forge-request';

export interface GitLabOptions {
  /** The project's path (`group/name`, subgroups allowed) or its numeric id. */
  project: string;
  token: string;
  /** API root with `/api/v4`; self-managed GitLab and tests point elsewhere. */
  apiUrl?: string;
}

/** GitLab's REST API for merge requests (what `glab mr create` does). */
export class GitLabClient implements ChangeRequestClient {
  readonly description: string;
  readonly noun = 'merge request';
  private readonly apiUrl: string;
  private readonly projectPath: string;

  constructor(private readonly options: GitLabOptions) {
    if (!/^(\d+|[^/\s]+(\/[^/\s]+)+)$/.test(options.project)) {
      throw new ReleaseProcessError(`GitLab project "${options.project}" is not group/name or an id`, 'Set it as "acme/trading"');
    }
    this.apiUrl = (options.apiUrl ?? 'https://gitlab.com/api/v4').replace(/\/+$/, '');
    this.projectPath = `/projects/${encodeURIComponent(options.project)}`;
    this.description = `GitLab ${options.project}`;
  }

  async findOpen(branch: string, base: string): Promise<ChangeRequest | null> {
    const query = `source_branch=${encodeURIComponent(branch)}&target_branch=${encodeURIComponent(base)}&state=opened`;
    const response = await this.request('GET', `${this.projectPath}/merge_requests?${query}`);
    if (response.status !== 200) throw await this.failure(response, `cannot list the merge requests of ${branch}`);
    const [found] = (await response.json()) as GitLabMergeRequest[];
    return found ? requestOf(found) : null;
  }

  async open(request: { branch: string; base: string; title: string; body: string }): Promise<ChangeRequest> {
    const response = await this.request('POST', `${this.projectPath}/merge_requests`, {
      source_branch: request.branch,
      target_branch: request.base,
      title: request.title,
      description: request.body,
      remove_source_branch: true,
    });
    if (response.status === 201) return requestOf((await response.json()) as GitLabMergeRequest);
    throw await this.failure(response, `cannot open a merge request from ${request.branch} into ${request.base}`);
  }

  async update(request: ChangeRequest, change: { title: string; body: string }): Promise<ChangeRequest> {
    const response = await this.request('PUT', `${this.projectPath}/merge_requests/${request.number}`, {
      title: change.title,
      description: change.body,
    });
    if (response.status === 200) return requestOf((await response.json()) as GitLabMergeRequest);
    throw await this.failure(response, `cannot update merge request !${request.number}`);
  }

  private request(method: string, path: string, body?: unknown): Promise<Response> {
    const headers = { 'PRIVATE-TOKEN': this.options.token };
    return forgeRequest({ name: 'GitLab', apiUrl: this.apiUrl, apiVariable: 'GITLAB_API_URL', headers }, method, path, body);
  }

  private async failure(response: Response, what: string): Promise<ReleaseProcessError> {
    const detail = await response.text().then(
      (text) => {
        try {
          const parsed = JSON.parse(text) as { message?: unknown; error?: string };
          return typeof parsed.message === 'string' ? parsed.message : JSON.stringify(parsed.message ?? parsed.error ?? '');
        } catch {
          return text.slice(0, 200);
        }
      },
      () => '',
    );
    const fix =
      response.status === 401
        ? 'The token in GITLAB_TOKEN is invalid or expired: create a new one with the api scope'
        : response.status === 403 || response.status === 404
          ? 'Check that the token can see the project and may open merge requests (Developer role, api scope)'
          : response.status === 409 || response.status === 422
            ? 'GitLab refused the request: a merge request for this branch may be open already, or the branch is not on GitLab'
            : 'GitLab had an error: try again later';
    return new ReleaseProcessError(`${what}: GitLab answered ${response.status}${detail ? ` (${detail})` : ''}`, fix);
  }
}

interface GitLabMergeRequest {
  iid: number;
  web_url: string;
  title: string;
  description: string | null;
}

function requestOf(request: GitLabMergeRequest): ChangeRequest {
  return { number: request.iid, url: request.web_url, title: request.title, body: request.description ?? '' };
}
