import { createServer, type Server } from 'node:http';
import { readBody } from './request-body';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
  /** The status the stand-in answered with. */
  status?: number;
}

export interface MockPull {
  number: number;
  html_url: string;
  title: string;
  head: { ref: string; label: string };
  base: { ref: string };
  body: string;
  state: 'open' | 'closed';
}

/** An issue (or a pull request, which GitHub's issues list includes) as the issues endpoint answers it. */
export interface MockIssue {
  number: number;
  title: string;
  body: string;
  labels: Array<{ name: string }>;
  created_at: string;
  updated_at: string;
  html_url: string;
  pull_request?: { url: string };
}

export interface GitHubApiMock {
  url: string;
  requests: RecordedRequest[];
  pulls: MockPull[];
  /** Issues the issues endpoint lists (filtered by `since` on updated_at and paged as GitHub does). */
  issues: MockIssue[];
  /** Answer every release creation with this status until set back to null. */
  failCreateWith: number | null;
  close(): Promise<void>;
}

/**
 * Stands in for api.github.com (which this machine cannot reach): answers the release endpoints for one
 * repository and token the way GitHub does, and records every request for the test to check.
 */
export async function startGitHubApiMock(
  repository: string,
  token: string,
  options: { branchExists?: (branch: string) => boolean } = {},
): Promise<GitHubApiMock> {
  const releases = new Map<string, unknown>();
  const mock: GitHubApiMock = { url: '', requests: [], pulls: [], issues: [], failCreateWith: null, close: () => Promise.resolve() };
  const owner = repository.split('/')[0];
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    const path = request.url ?? '';
    const record: RecordedRequest = { method: request.method ?? '', path, authorization: request.headers.authorization, body };
    mock.requests.push(record);
    const reply = (status: number, payload: unknown) => {
      record.status = status;
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    if (request.headers.authorization !== `Bearer ${token}`) return reply(401, { message: 'Bad credentials' });
    if (request.method === 'GET' && path === `/repos/${repository}`)
      return reply(200, { full_name: repository, permissions: { push: true } });
    const tagMatch = /^\/repos\/([^/]+\/[^/]+)\/releases\/tags\/(.+)$/.exec(path);
    if (request.method === 'GET' && tagMatch && tagMatch[1] === repository) {
      const release = releases.get(decodeURIComponent(tagMatch[2]));
      return release ? reply(200, release) : reply(404, { message: 'Not Found' });
    }
    if (request.method === 'POST' && path === `/repos/${repository}/releases`) {
      if (mock.failCreateWith) return reply(mock.failCreateWith, { message: 'Server Error' });
      const { tag_name: tag } = body as { tag_name?: string };
      if (!tag) return reply(422, { message: 'Validation Failed', errors: [{ field: 'tag_name', code: 'missing_field' }] });
      if (releases.has(tag)) return reply(422, { message: 'Validation Failed', errors: [{ field: 'tag_name', code: 'already_exists' }] });
      const release = {
        ...(body as object),
        id: releases.size + 1,
        html_url: `https://github.com/${repository}/releases/tag/${encodeURIComponent(tag)}`,
      };
      releases.set(tag, release);
      return reply(201, release);
    }
    const releaseMatch = new RegExp(`^/repos/${repository}/releases/(\\d+)$`).exec(path);
    if (request.method === 'PATCH' && releaseMatch) {
      const release = [...releases.values()].find((candidate) => (candidate as { id: number }).id === Number(releaseMatch[1]));
      if (!release) return reply(404, { message: 'Not Found' });
      Object.assign(release as object, body as object);
      return reply(200, release);
    }
    // Pull requests: list by head and base, open (the head branch must be on the remote), edit title and body.
    const url = new URL(path, 'http://mock');
    if (request.method === 'GET' && url.pathname === `/repos/${repository}/pulls`) {
      const [headOwner, headBranch] = (url.searchParams.get('head') ?? '').split(':');
      return reply(
        200,
        mock.pulls.filter(
          (pull) =>
            headOwner === owner &&
            pull.head.ref === headBranch &&
            (!url.searchParams.get('base') || pull.base.ref === url.searchParams.get('base')) &&
            pull.state === (url.searchParams.get('state') ?? 'open'),
        ),
      );
    }
    if (request.method === 'GET' && url.pathname === `/repos/${repository}/issues`) {
      const since = url.searchParams.get('since');
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const listed = mock.issues
        .filter((issue) => !since || Date.parse(issue.updated_at) >= Date.parse(since))
        .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
      return reply(200, listed.slice((page - 1) * perPage, page * perPage));
    }
    if (request.method === 'POST' && url.pathname === `/repos/${repository}/pulls`) {
      const { title, head, base, body: text } = (body ?? {}) as Record<string, unknown>;
      if (typeof title !== 'string' || typeof head !== 'string' || typeof base !== 'string' || typeof text !== 'string')
        return reply(422, { message: 'Validation Failed', errors: [{ field: 'title/head/base/body', code: 'missing_field' }] });
      if (options.branchExists && !options.branchExists(head))
        return reply(422, { message: 'Validation Failed', errors: [{ field: 'head', code: 'invalid' }] });
      if (mock.pulls.some((pull) => pull.head.ref === head && pull.base.ref === base && pull.state === 'open'))
        return reply(422, { message: 'Validation Failed', errors: [{ message: `A pull request already exists for ${owner}:${head}.` }] });
      const number = mock.pulls.length + 1;
      const pull: MockPull = {
        number,
        html_url: `https://github.com/${repository}/pull/${number}`,
        title,
        head: { ref: head, label: `${owner}:${head}` },
        base: { ref: base },
        body: text,
        state: 'open',
      };
      mock.pulls.push(pull);
      return reply(201, pull);
    }
    const pullMatch = new RegExp(`^/repos/${repository}/pulls/(\\d+)$`).exec(url.pathname);
    if (request.method === 'PATCH' && pullMatch) {
      const pull = mock.pulls.find((candidate) => candidate.number === Number(pullMatch[1]));
      if (!pull) return reply(404, { message: 'Not Found' });
      Object.assign(pull, body as object);
      return reply(200, pull);
    }
    return reply(404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mock.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  mock.close = () => new Promise((resolve) => server.close(() => resolve()));
  return mock;
}
