import { createServer, type Server } from 'node:http';
import { readBody } from './request-body';
import type { RecordedRequest } from './github-api-mock';

export interface MockMergeRequest {
  iid: number;
  web_url: string;
  title: string;
  source_branch: string;
  target_branch: string;
  description: string;
  state: 'opened' | 'merged';
}

export interface MockRelease {
  tag_name: string;
  name: string;
  description: string;
  assets: { links: Array<{ id: number; name: string; url: string; link_type: string }> };
  _links: { self: string };
}

/** An issue as GitLab's issues endpoint answers it (labels as names). */
export interface MockGitLabIssue {
  iid: number;
  title: string;
  description: string;
  labels: string[];
  created_at: string;
  web_url: string;
}

export interface GitLabApiMock {
  url: string;
  /** Every request; `authorization` is the token of whichever header carried it, `tokenHeader` which header. */
  requests: Array<RecordedRequest & { tokenHeader: string | null }>;
  mergeRequests: MockMergeRequest[];
  /** Releases by tag, as GitLab holds them. */
  releases: Map<string, MockRelease>;
  issues: MockGitLabIssue[];
  /** The token's role on the project (30 Developer, 20 Reporter). */
  accessLevel: number;
  /** Answer release creations with this status until set back to null. */
  failCreateWith: number | null;
  /** Keep release creations unanswered (a hung API) until set back to false. */
  hangCreate: boolean;
  close(): Promise<void>;
}

export interface GitLabMockOptions {
  /** `private` checks PRIVATE-TOKEN (the default), `job` checks JOB-TOKEN. */
  tokenKind?: 'private' | 'job';
  /** Whether a tag is on the remote: GitLab refuses a release for a tag it does not have without a ref. */
  tagExists?: (tag: string) => boolean;
  /** The web host in the URLs it answers with (default gitlab.com). */
  webHost?: string;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Stands in for GitLab's REST API (v4) for one project and token: merge requests, releases (409 for a
 * second release of a tag, 422 for a tag GitLab does not have, no milestones accepted), release links and
 * issues, answered the way GitLab does. It checks the method, the URL-encoded project path (nested groups
 * are `a%2Fb%2Fc`), the token header and the body, and records every request.
 */
export async function startGitLabApiMock(project: string, token: string, options: GitLabMockOptions = {}): Promise<GitLabApiMock> {
  const webHost = options.webHost ?? 'gitlab.com';
  const mock: GitLabApiMock = {
    url: '',
    requests: [],
    mergeRequests: [],
    releases: new Map(),
    issues: [],
    accessLevel: 30,
    failCreateWith: null,
    hangCreate: false,
    close: () => Promise.resolve(),
  };
  const projectBase = `/api/v4/projects/${encodeURIComponent(project)}`;
  const base = `${projectBase}/merge_requests`;
  const tokenHeader = options.tokenKind === 'job' ? 'job-token' : 'private-token';
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    const path = request.url ?? '';
    const sent = (request.headers['private-token'] ?? request.headers['job-token']) as string | undefined;
    const header = request.headers['private-token'] ? 'PRIVATE-TOKEN' : request.headers['job-token'] ? 'JOB-TOKEN' : null;
    mock.requests.push({ method: request.method ?? '', path, authorization: sent, tokenHeader: header, body });
    const reply = (status: number, payload: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    if (request.headers[tokenHeader] !== token) return reply(401, { message: '401 Unauthorized' });
    const url = new URL(path, 'http://mock');
    const pathname = path.split('?')[0];
    // Paths are compared as sent: the project is one URL-encoded segment (`grp%2Fsub%2Fproj`), and so is a tag.
    if (pathname !== projectBase && !pathname.startsWith(`${projectBase}/`)) return reply(404, { message: '404 Project Not Found' });
    if (request.method === 'GET' && pathname === projectBase) {
      if (options.tokenKind === 'job') return reply(403, { message: '403 Forbidden' });
      return reply(200, {
        path_with_namespace: project,
        permissions: { project_access: { access_level: mock.accessLevel }, group_access: null },
      });
    }

    const releasesPath = `${projectBase}/releases`;
    const releaseMatch = new RegExp(`^${escape(releasesPath)}/([^/]+)$`).exec(pathname);
    const linksMatch = new RegExp(`^${escape(releasesPath)}/([^/]+)/assets/links$`).exec(pathname);
    if (request.method === 'GET' && pathname === releasesPath) return reply(200, [...mock.releases.values()].reverse());
    if (request.method === 'GET' && releaseMatch) {
      const release = mock.releases.get(decodeURIComponent(releaseMatch[1]));
      return release ? reply(200, release) : reply(404, { message: '404 Not Found' });
    }
    if (request.method === 'POST' && pathname === releasesPath) {
      if (mock.hangCreate) return; // never answered: the client's time limit decides
      if (mock.failCreateWith) return reply(mock.failCreateWith, { message: `${mock.failCreateWith} Server Error, token ${token}` });
      if (mock.accessLevel < 30) return reply(403, { message: '403 Forbidden' });
      const fields = (body ?? {}) as Record<string, unknown>;
      if (typeof fields.tag_name !== 'string' || typeof fields.description !== 'string' || typeof fields.name !== 'string')
        return reply(400, { error: 'tag_name, name and description are required here' });
      if ('milestones' in fields || 'upcoming_release' in fields || 'released_at' in fields)
        return reply(400, { error: 'milestones and dates are the project’s own: never sent' });
      if (mock.releases.has(fields.tag_name)) return reply(409, { message: 'Release already exists' });
      if (options.tagExists && !options.tagExists(fields.tag_name) && !fields.ref) return reply(422, { message: 'Ref is not specified' });
      const links = ((fields.assets as { links?: Array<Record<string, string>> } | undefined)?.links ?? []).map((link, index) => ({
        id: index + 1,
        name: link.name,
        url: link.url,
        link_type: link.link_type ?? 'other',
      }));
      const release: MockRelease = {
        tag_name: fields.tag_name,
        name: fields.name,
        description: fields.description,
        assets: { links },
        _links: { self: `https://${webHost}/${project}/-/releases/${encodeURIComponent(fields.tag_name)}` },
      };
      mock.releases.set(fields.tag_name, release);
      return reply(201, release);
    }
    if (request.method === 'PUT' && releaseMatch) {
      const release = mock.releases.get(decodeURIComponent(releaseMatch[1]));
      if (!release) return reply(404, { message: '404 Not Found' });
      const fields = (body ?? {}) as Record<string, unknown>;
      if (typeof fields.description === 'string') release.description = fields.description;
      if (typeof fields.name === 'string') release.name = fields.name;
      return reply(200, release);
    }
    if (request.method === 'POST' && linksMatch) {
      const release = mock.releases.get(decodeURIComponent(linksMatch[1]));
      if (!release) return reply(404, { message: '404 Not Found' });
      const link = body as { name: string; url: string; link_type?: string };
      if (release.assets.links.some((existing) => existing.name === link.name))
        return reply(400, { message: { name: ['has already been taken'] } });
      const added = { id: release.assets.links.length + 1, name: link.name, url: link.url, link_type: link.link_type ?? 'other' };
      release.assets.links.push(added);
      return reply(201, added);
    }

    if (request.method === 'GET' && pathname === `${projectBase}/issues`) {
      const after = url.searchParams.get('created_after');
      const perPage = Number(url.searchParams.get('per_page') ?? 20);
      const page = Number(url.searchParams.get('page') ?? 1);
      const listed = mock.issues
        .filter((issue) => !after || Date.parse(issue.created_at) >= Date.parse(after))
        .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
      return reply(200, listed.slice((page - 1) * perPage, page * perPage));
    }

    if (request.method === 'GET' && pathname === base) {
      const { searchParams: query } = url;
      return reply(
        200,
        mock.mergeRequests.filter(
          (mr) =>
            mr.source_branch === query.get('source_branch') &&
            (!query.get('target_branch') || mr.target_branch === query.get('target_branch')) &&
            (!query.get('state') || mr.state === query.get('state')),
        ),
      );
    }
    if (request.method === 'POST' && pathname === base) {
      const { source_branch, target_branch, title, description } = (body ?? {}) as Record<string, unknown>;
      if (typeof source_branch !== 'string' || typeof target_branch !== 'string' || typeof title !== 'string')
        return reply(400, { message: 'source_branch, target_branch, title are missing' });
      if (mock.mergeRequests.some((mr) => mr.source_branch === source_branch && mr.state === 'opened'))
        return reply(409, { message: ['Another open merge request already exists for this source branch'] });
      const iid = mock.mergeRequests.length + 1;
      const mr: MockMergeRequest = {
        iid,
        web_url: `https://${webHost}/${project}/-/merge_requests/${iid}`,
        title,
        source_branch,
        target_branch,
        description: typeof description === 'string' ? description : '',
        state: 'opened',
      };
      mock.mergeRequests.push(mr);
      return reply(201, mr);
    }
    const match = new RegExp(`^${escape(base)}/(\\d+)$`).exec(pathname);
    if (request.method === 'PUT' && match) {
      const mr = mock.mergeRequests.find((candidate) => candidate.iid === Number(match[1]));
      if (!mr) return reply(404, { message: '404 Not found' });
      Object.assign(mr, body as object);
      return reply(200, mr);
    }
    return reply(404, { message: '404 Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mock.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/v4`;
  mock.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return mock;
}
