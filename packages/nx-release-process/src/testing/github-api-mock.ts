import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export interface GitHubApiMock {
  url: string;
  requests: RecordedRequest[];
  /** Answer every release creation with this status until set back to null. */
  failCreateWith: number | null;
  close(): Promise<void>;
}

/**
 * Stands in for api.github.com (which this machine cannot reach): answers the release endpoints for one
 * repository and token the way GitHub does, and records every request for the test to check.
 */
export async function startGitHubApiMock(repository: string, token: string): Promise<GitHubApiMock> {
  const releases = new Map<string, unknown>();
  const mock: GitHubApiMock = { url: '', requests: [], failCreateWith: null, close: () => Promise.resolve() };
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    const path = request.url ?? '';
    mock.requests.push({ method: request.method ?? '', path, authorization: request.headers.authorization, body });
    const reply = (status: number, payload: unknown) => {
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
      const release = { ...(body as object), html_url: `https://github.com/${repository}/releases/tag/${encodeURIComponent(tag)}` };
      releases.set(tag, release);
      return reply(201, release);
    }
    return reply(404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mock.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  mock.close = () => new Promise((resolve) => server.close(() => resolve()));
  return mock;
}

function readBody(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    let data = '';
    request.on('data', (chunk) => (data += chunk));
    request.on('end', () => {
      try {
        resolve(data ? JSON.parse(data) : null);
      } catch {
        resolve(data);
      }
    });
  });
}
