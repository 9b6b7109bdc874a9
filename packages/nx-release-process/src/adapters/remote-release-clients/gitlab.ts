import { ReleaseProcessError } from '../../core/release-error';
import type { FeedbackIssue } from '../../core/health';
import type { ChangeRequest } from '../../core/release-pr';
import type { ForgeClient } from './forge-client';
import { forgeFailure, forgeRequest, type FailureFixes, type ForgeApi } from './forge-request';
import type { ReleaseLink } from './remote-release-client';

export interface GitLabOptions {
  /** The project's path (`group/name`, subgroups allowed) or its numeric id. */
  project: string;
  /**
   * A personal, project or group access token (sent as PRIVATE-TOKEN), or a CI job's CI_JOB_TOKEN (sent as
   * JOB-TOKEN), which may create releases but not open merge requests.
   */
  token: { kind: 'private' | 'job'; value: string };
  /** API root with `/api/v4`; self-managed GitLab and tests point elsewhere. */
  apiUrl?: string;
  timeoutMs?: number;
}

/** The Developer role: the least that may create and edit releases. */
const DEVELOPER = 30;

/**
 * GitLab's REST API (v4): releases (what `glab release create` does), merge requests (`glab mr create`)
 * and issues. Milestones and `upcoming_release` are never sent, so a release keeps what GitLab gave it.
 */
export class GitLabClient implements ForgeClient {
  readonly kind = 'gitlab';
  readonly description: string;
  readonly keepsLinks = true;
  readonly noun = 'merge request';
  private readonly api: ForgeApi;
  private readonly projectPath: string;
  private readonly tokenVariable: string;

  constructor(private readonly options: GitLabOptions) {
    if (!/^(\d+|[^/\s]+(\/[^/\s]+)+)$/.test(options.project)) {
      throw new ReleaseProcessError(`GitLab project "${options.project}" is not group/name or an id`, 'Set it as "acme/trading"');
    }
    const job = options.token.kind === 'job';
    this.tokenVariable = job ? 'CI_JOB_TOKEN' : 'GITLAB_TOKEN';
    this.api = {
      name: 'GitLab',
      apiUrl: (options.apiUrl ?? 'https://gitlab.com/api/v4').replace(/\/+$/, ''),
      apiVariable: 'GITLAB_API_URL (or CI_API_V4_URL)',
      headers: job ? { 'JOB-TOKEN': options.token.value } : { 'PRIVATE-TOKEN': options.token.value },
      timeoutMs: options.timeoutMs,
    };
    this.projectPath = `/projects/${encodeURIComponent(options.project)}`;
    this.description = `GitLab ${options.project}`;
  }

  async verifyAccess(): Promise<void> {
    // A job token may read releases but not the project itself: the releases list proves token and project.
    if (this.options.token.kind === 'job') {
      const response = await this.request('GET', `${this.projectPath}/releases?per_page=1`);
      if (response.status !== 200) throw await this.failure(response, `cannot reach ${this.options.project}`);
      return;
    }
    const response = await this.request('GET', this.projectPath);
    if (response.status !== 200) throw await this.failure(response, `cannot reach ${this.options.project}`);
    const { permissions } = (await response.json()) as GitLabProject;
    const levels = [permissions?.project_access?.access_level, permissions?.group_access?.access_level].filter(
      (level): level is number => typeof level === 'number',
    );
    if (levels.length > 0 && Math.max(...levels) < DEVELOPER) {
      throw new ReleaseProcessError(
        `the GitLab token cannot create releases in ${this.options.project} (its role is below Developer)`,
        'Use a token of a member with the Developer role or higher, with the api scope',
      );
    }
  }

  async releaseExists(tag: string): Promise<boolean> {
    return (await this.releaseOf(tag)) !== null;
  }

  async createRelease(release: { tag: string; title: string; notes: string; prerelease: boolean; links?: ReleaseLink[] }): Promise<string> {
    const links = (release.links ?? []).map((link) => ({ name: link.name, url: link.url, link_type: 'package' }));
    const response = await this.request('POST', `${this.projectPath}/releases`, {
      tag_name: release.tag,
      name: release.title,
      description: release.notes,
      ...(links.length > 0 ? { assets: { links } } : {}),
    });
    if (response.status === 201) return webUrlOf((await response.json()) as GitLabRelease, this.options.project, release.tag);
    // Made meanwhile (another run, another machine): it is brought up to date instead of failing the release.
    if (response.status === 409) return this.updateRelease(release.tag, release.title, release.notes, links);
    throw await this.failure(response, `cannot create the GitLab release of ${release.tag}`, {
      conflict: 'GitLab refused the release: is the tag on GitLab? Push it, then run the release again',
    });
  }

  async releaseNotes(tag: string): Promise<string | null> {
    const release = await this.releaseOf(tag);
    return release ? (release.description ?? '') : null;
  }

  /** GitLab has no "latest" flag to take away (its latest release is the newest by date): the notice says it all. */
  async markRolledBack(tag: string, notice: string): Promise<void> {
    const release = await this.releaseOf(tag);
    if (!release)
      throw new ReleaseProcessError(
        `there is no GitLab release for ${tag} to mark rolled back`,
        'Create it, or roll back with --forge none',
      );
    const response = await this.request('PUT', this.releasePath(tag), {
      description: `${notice}\n\n${release.description ?? ''}`.trimEnd(),
    });
    if (response.status !== 200) throw await this.failure(response, `cannot mark the GitLab release of ${tag} rolled back`);
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

  async issuesSince(since: string, match: { labels: string[]; version: string }): Promise<FeedbackIssue[]> {
    const found: FeedbackIssue[] = [];
    for (let page = 1; page <= 10; page++) {
      const query = new URLSearchParams({ created_after: since, scope: 'all', per_page: '100', page: String(page) });
      const response = await this.request('GET', `${this.projectPath}/issues?${query}`);
      if (response.status !== 200) throw await this.failure(response, `cannot list the issues of ${this.options.project}`);
      const issues = (await response.json()) as GitLabIssue[];
      for (const issue of issues) {
        if (Date.parse(issue.created_at) < Date.parse(since)) continue;
        const labelled = issue.labels.some((label) => match.labels.includes(typeof label === 'string' ? label : label.name));
        if (labelled || `${issue.title}\n${issue.description ?? ''}`.includes(match.version)) {
          found.push({ number: issue.iid, title: issue.title, url: issue.web_url, createdAt: issue.created_at });
        }
      }
      if (issues.length < 100) break;
    }
    return found;
  }

  private async updateRelease(tag: string, title: string, notes: string, links: Array<ReleaseLink & { link_type: string }>) {
    const response = await this.request('PUT', this.releasePath(tag), { name: title, description: notes });
    if (response.status !== 200) throw await this.failure(response, `cannot update the GitLab release of ${tag}`);
    const updated = (await response.json()) as GitLabRelease;
    const present = new Set((updated.assets?.links ?? []).map((link) => link.name));
    for (const link of links.filter((candidate) => !present.has(candidate.name))) {
      const added = await this.request('POST', `${this.releasePath(tag)}/assets/links`, link);
      if (added.status !== 201) throw await this.failure(added, `cannot add the link ${link.name} to the GitLab release of ${tag}`);
    }
    return webUrlOf(updated, this.options.project, tag);
  }

  private async releaseOf(tag: string): Promise<GitLabRelease | null> {
    const response = await this.request('GET', this.releasePath(tag));
    if (response.status === 404) {
      // GitLab answers 404 both for "no release" and for "404 Project Not Found": only the first is an answer.
      const text = await response.text();
      if (!/project/i.test(text)) return null;
      throw await this.failure(new Response(text, { status: 404 }), `cannot look up the release of ${tag}`);
    }
    if (response.status !== 200) throw await this.failure(response, `cannot look up the release of ${tag}`);
    return (await response.json()) as GitLabRelease;
  }

  private releasePath(tag: string): string {
    return `${this.projectPath}/releases/${encodeURIComponent(tag)}`;
  }

  private request(method: string, path: string, body?: unknown): Promise<Response> {
    return forgeRequest(this.api, method, path, body);
  }

  private failure(response: Response, what: string, fixes: Partial<FailureFixes> = {}): Promise<ReleaseProcessError> {
    return forgeFailure(this.api, response, what, {
      401: `The token in ${this.tokenVariable} is invalid or expired: ${
        this.options.token.kind === 'job' ? 'run the job again' : 'create a new one with the api scope'
      }`,
      403: `Check the project path (${this.options.project}) and that the token can see it with the Developer role${
        this.options.token.kind === 'job' ? ' (a job token cannot open merge requests: set GITLAB_TOKEN)' : ''
      }`,
      conflict: 'GitLab refused the request: a merge request for this branch may be open already, or the branch is not on GitLab',
      ...fixes,
    });
  }
}

interface GitLabProject {
  permissions?: { project_access?: { access_level?: number } | null; group_access?: { access_level?: number } | null };
}

interface GitLabRelease {
  tag_name: string;
  description: string | null;
  _links?: { self?: string };
  assets?: { links?: Array<{ name: string; url: string }> };
}

function webUrlOf(release: GitLabRelease, project: string, tag: string): string {
  return release._links?.self ?? `${project}/-/releases/${encodeURIComponent(tag)}`;
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

interface GitLabIssue {
  iid: number;
  title: string;
  description: string | null;
  labels: Array<string | { name: string }>;
  created_at: string;
  web_url: string;
}
