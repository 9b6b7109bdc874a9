import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { startWebhookReceivers, type WebhookReceivers } from '../testing/webhook-receivers';
import { postWebhook } from './webhook';

describe('postWebhook', () => {
  let receivers: WebhookReceivers;
  beforeEach(async () => (receivers = await startWebhookReceivers()));
  afterEach(() => receivers.close());

  it('retries a 5xx and a 429 (waiting as Retry-After says), then delivers once', async () => {
    receivers.failNext('slack', 1, 503);
    receivers.failNext('slack', 1, 429, { 'Retry-After': '0' });
    const delivery = await postWebhook(receivers.urls.slack, { text: 'hello' }, { backoffMs: 10 });
    expect(delivery).toEqual({ ok: true, status: 200, attempts: 3 });
    expect(receivers.accepted).toHaveLength(1);
  });

  it('does not retry what a second try cannot fix (a 400 or 404), and says what the service answered', async () => {
    const refused = await postWebhook(receivers.urls.discord, { content: 'x'.repeat(2001) }, { backoffMs: 10 });
    expect(refused).toEqual({ ok: false, status: 400, attempts: 1, error: 'HTTP 400 ({"content": ["Must be 2000 or fewer in length."]})' });
    const missing = await postWebhook(receivers.urls.slack.replace('slacksecret', 'other'), { text: 'x' }, { backoffMs: 10 });
    expect(missing).toMatchObject({ ok: false, status: 404, attempts: 1 });
  });

  it('masks what a failing service echoes back: the URL path, its ?key= value, the bearer token', async () => {
    const echo = createHttpServer((request, response) => {
      response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end(`no route for ${request.url} with ${request.headers.authorization}\n\u001b[31mkey rejected\u001b[0m`);
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(echo.address() as { port: number }).port}/services/T0ABCDEF/B0GHIJKL/abcdefghijklmnopqrstuvwx?key=k3y-s3cret-v4lue`;
      const failed = await postWebhook(url, {}, { retries: 0, headers: { Authorization: 'Bearer tok-9f8e7d6c5b' } });
      expect(failed.error).toBe('HTTP 500 (no route for ***?key=*** with Bearer *** key rejected)');
    } finally {
      await new Promise((resolve) => echo.close(resolve));
    }
  });

  it('gives up after the retries, and reports a refused connection without the URL', async () => {
    receivers.failNext('teams', 5, 500);
    const failing = await postWebhook(receivers.urls.teams, {}, { retries: 2, backoffMs: 10 });
    expect(failing).toEqual({ ok: false, status: 500, attempts: 3, error: 'HTTP 500 (failing on purpose)' });

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = await postWebhook(`http://127.0.0.1:${port}/secret-path`, {}, { retries: 1, backoffMs: 10 });
    expect(unreachable).toEqual({ ok: false, status: null, attempts: 2, error: 'ECONNREFUSED' });
  });
});
