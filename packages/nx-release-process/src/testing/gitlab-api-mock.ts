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

export interface GitLabApiMock {
  url: string;
  requests: RecordedRequest[];
  mergeRequests: MockMergeRequest[];
  close(): Promise<void>;
}

/**
 * Stands in for GitLab's REST API (v4) for one project and token: lists, opens and edits merge requests
 * the way GitLab does (409 for a second open request of a branch), and records every request.
 */
export async function startGitLabApiMock(project: string, token: string): Promise<GitLabApiMock> {
  const mock: GitLabApiMock = { url: '', requests: [], mergeRequests: [], close: () => Promise.resolve() };
  const base = `/api/v4/projects/${encodeURIComponent(project)}/merge_requests`;
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    const path = request.url ?? '';
    mock.requests.push({ method: request.method ?? '', path, authorization: request.headers['private-token'] as string | undefined, body });
    const reply = (status: number, payload: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    if (request.headers['private-token'] !== token) return reply(401, { message: '401 Unauthorized' });
    const url = new URL(path, 'http://mock');
    if (request.method === 'GET' && url.pathname === base) {
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
    if (request.method === 'POST' && url.pathname === base) {
      const { source_branch, target_branch, title, description } = (body ?? {}) as Record<string, unknown>;
      if (typeof source_branch !== 'string' || typeof target_branch !== 'string' || typeof title !== 'string')
        return reply(400, { message: 'source_branch, target_branch, title are missing' });
      if (mock.mergeRequests.some((mr) => mr.source_branch === source_branch && mr.state === 'opened'))
        return reply(409, { message: ['Another open merge request already exists for this source branch'] });
      const iid = mock.mergeRequests.length + 1;
      const mr: MockMergeRequest = {
        iid,
        web_url: `https://gitlab.com/${project}/-/merge_requests/${iid}`,
        title,
        source_branch,
        target_branch,
        description: typeof description === 'string' ? description : '',
        state: 'opened',
      };
      mock.mergeRequests.push(mr);
      return reply(201, mr);
    }
    const match = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(\\d+)$`).exec(url.pathname);
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
  mock.close = () => new Promise((resolve) => server.close(() => resolve()));
  return mock;
}
