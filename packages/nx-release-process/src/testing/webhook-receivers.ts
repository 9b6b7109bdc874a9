import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './request-body';

export type ReceiverKind = 'slack' | 'teams' | 'discord' | 'webhook';

/** The `announcements` option of the tests and the demo: Slack and a generic webhook, their URLs in the environment. */
export const SLACK_AND_WEBHOOK = {
  channels: [
    { type: 'slack', webhookEnv: 'SLACK_WEBHOOK_URL' },
    { type: 'webhook', webhookEnv: 'RELEASE_WEBHOOK_URL' },
  ],
};

export interface ReceivedMessage {
  kind: ReceiverKind;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export interface WebhookReceivers {
  /** One secret-looking URL per kind, as the services hand them out. */
  urls: Record<ReceiverKind, string>;
  /** Messages each service accepted. */
  accepted: ReceivedMessage[];
  /** Every request, accepted or not. */
  attempts: ReceivedMessage[];
  /**
   * The next `times` requests to that kind are answered with `status` (and its headers); with `echo`, the
   * answer repeats the request's path and authorization, as some services' error pages do.
   */
  failNext(kind: ReceiverKind, times: number, status: number, headers?: Record<string, string>, options?: { echo?: boolean }): void;
  close(): Promise<void>;
}

/**
 * Local stand-ins for Slack and Teams incoming webhooks, a Discord webhook and a generic JSON endpoint: each
 * checks the body the way its service does (Slack: `text`; Teams: an Adaptive Card message; Discord:
 * `content` of at most 2,000 characters; the generic one: JSON with the bearer token given) and answers as
 * it does (200 "ok", 202, 204, 200); a body it would refuse gets its 400.
 */
export async function startWebhookReceivers(options: { bearer?: string } = {}): Promise<WebhookReceivers> {
  const failures = new Map<ReceiverKind, Array<{ status: number; headers: Record<string, string>; echo: boolean }>>();
  const receivers: WebhookReceivers = {
    urls: {} as Record<ReceiverKind, string>,
    accepted: [],
    attempts: [],
    failNext: (kind, times, status, headers = {}, { echo = false } = {}) =>
      failures.set(kind, [...(failures.get(kind) ?? []), ...Array.from({ length: times }, () => ({ status, headers, echo }))]),
    close: () => Promise.resolve(),
  };
  const paths: Record<string, ReceiverKind> = {
    '/services/T000/B000/slacksecret': 'slack',
    '/workflows/teams/triggers/manual/paths/invoke?sig=teamssecret': 'teams',
    '/api/webhooks/1234/discordsecret': 'discord',
    '/hooks/release-events': 'webhook',
  };
  const server: Server = createServer(async (request, response) => {
    const path = request.url ?? '';
    const kind = paths[path];
    const json = /application\/json/.test(request.headers['content-type'] ?? '');
    const body = await readBody(request);
    const reply = (status: number, text = '', headers: Record<string, string> = {}) => {
      response.writeHead(status, headers);
      response.end(text);
    };
    if (!kind || request.method !== 'POST') return reply(404, 'no such webhook');
    const message = { kind, path, authorization: request.headers.authorization, body };
    receivers.attempts.push(message);
    const failure = failures.get(kind)?.shift();
    if (failure)
      return reply(
        failure.status,
        failure.echo
          ? `failing on purpose: POST ${path} (authorization: ${request.headers.authorization ?? 'none'})`
          : 'failing on purpose',
        failure.headers,
      );
    if (!json) return reply(400, 'invalid_payload');
    const problem = refusal(kind, body, request.headers.authorization, options.bearer);
    if (problem) return reply(400, problem);
    receivers.accepted.push(message);
    if (kind === 'slack') return reply(200, 'ok');
    if (kind === 'teams') return reply(202);
    if (kind === 'discord') return reply(204);
    return reply(200, '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const [path, kind] of Object.entries(paths)) receivers.urls[kind] = `${base}${path}`;
  receivers.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receivers;
}

function refusal(kind: ReceiverKind, body: unknown, authorization: string | undefined, bearer: string | undefined): string | null {
  const payload = (body ?? {}) as Record<string, unknown>;
  switch (kind) {
    case 'slack':
      return typeof payload.text === 'string' && payload.text.trim() ? null : 'no_text';
    case 'teams': {
      const attachment = (payload.attachments as Array<Record<string, unknown>> | undefined)?.[0];
      const card = attachment?.content as { type?: string; body?: unknown[] } | undefined;
      return payload.type === 'message' &&
        attachment?.contentType === 'application/vnd.microsoft.card.adaptive' &&
        card?.type === 'AdaptiveCard' &&
        Array.isArray(card.body) &&
        card.body.length > 0
        ? null
        : 'invalid adaptive card message';
    }
    case 'discord':
      return typeof payload.content === 'string' && payload.content.length > 0 && payload.content.length <= 2000
        ? null
        : '{"content": ["Must be 2000 or fewer in length."]}';
    case 'webhook':
      return bearer && authorization !== `Bearer ${bearer}` ? 'unauthorized' : null;
  }
}
