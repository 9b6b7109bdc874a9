import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { freePort } from '../testing/local-server';
import { answerSnippet, httpRequest, HttpUnreachable } from './http-client';

/** A server answering each request with the next of `answers`, recording what it was asked. */
async function serving(answers: Array<(response: ServerResponse) => void>) {
  const seen: Array<{ method: string; body: string; agent: string }> = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', body, agent: String(request.headers['user-agent']) });
      (answers[seen.length - 1] ?? answers[answers.length - 1])(response);
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/hooks/T0123/secretpart`, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}
const status =
  (code: number, headers: Record<string, string> = {}) =>
  (response: ServerResponse) =>
    response.writeHead(code, headers).end(`answer ${code}`);

describe('httpRequest, the one HTTP client', () => {
  it('retries a GET on 503 and answers with the first success, saying how many attempts it took', async () => {
    const server = await serving([status(503), status(200)]);
    try {
      const { response, attempts } = await httpRequest(server.url, { backoffMs: 1 });
      expect([response.status, await response.text(), attempts]).toEqual([200, 'answer 200', 2]);
      expect(server.seen[0].agent).toBe('nx-release-process');
    } finally {
      await server.close();
    }
  });

  it('never retries a refusal that stays wrong (400), nor a POST unless told to', async () => {
    const server = await serving([status(400), status(502), status(200)]);
    try {
      expect((await httpRequest(server.url, { backoffMs: 1 })).response.status).toBe(400);
      const post = await httpRequest(server.url, { method: 'POST', json: { text: 'hi' }, backoffMs: 1 });
      expect([post.response.status, post.attempts]).toEqual([502, 1]);
      expect(server.seen.map((request) => request.method)).toEqual(['GET', 'POST']);
      expect(server.seen[1].body).toBe('{"text":"hi"}');
      const told = await httpRequest(server.url, { method: 'POST', json: {}, retries: 1, backoffMs: 1 });
      expect([told.response.status, told.attempts]).toEqual([200, 1]);
    } finally {
      await server.close();
    }
  });

  it("waits as a 429's Retry-After says, and gives the last answer when every attempt is refused", async () => {
    const server = await serving([status(429, { 'Retry-After': '0' })]);
    try {
      const { response, attempts } = await httpRequest(server.url, { retries: 2, backoffMs: 60_000 });
      expect([response.status, attempts]).toEqual([429, 3]);
    } finally {
      await server.close();
    }
  });

  it('no answer at all is HttpUnreachable with the reason and the attempts, never the URL', async () => {
    const url = `http://127.0.0.1:${await freePort()}/hooks/T0123/secretpart`;
    const error = await httpRequest(url, { retries: 1, backoffMs: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpUnreachable);
    expect([(error as HttpUnreachable).reason, (error as HttpUnreachable).attempts]).toEqual(['ECONNREFUSED', 2]);
    expect((error as Error).message).not.toContain('secretpart');
  });

  it('a server that holds the request is given up after the time limit', async () => {
    const server = await serving([() => undefined]);
    try {
      const error = await httpRequest(server.url, { timeoutMs: 200, retries: 0 }).catch((caught: unknown) => caught);
      expect((error as HttpUnreachable).reason).toBe('no answer within 0.2 s');
    } finally {
      await server.close();
    }
  });
});

describe('answerSnippet', () => {
  it('masks the secrets, drops controls, folds whitespace and bounds the length', () => {
    const text = `no hook at /hooks/T0123/secretpart\n\n\u001b[31mbad\u001b[0m ${'x'.repeat(500)}`;
    const snippet = answerSnippet(text, ['secretpart'], 60);
    expect(snippet).not.toContain('secretpart');
    expect(snippet).not.toContain('\u001b');
    expect(snippet).toMatch(/^no hook at \/hooks\/T0123\/\S+ bad x+$/);
    expect(snippet).toHaveLength(60);
  });
});
