import { requestSecrets } from '../core/redact';
import { answerSnippet, httpRequest, HttpUnreachable } from './http-client';

/** How one webhook delivery went: the last HTTP status, how many attempts it took, and why it failed. */
export interface Delivery {
  ok: boolean;
  status: number | null;
  attempts: number;
  /** Why the last attempt failed, without the URL (webhook URLs are secrets). */
  error?: string;
}

export interface DeliveryOptions {
  /** Attempts after the first (default 3). */
  retries?: number;
  /** The first wait between attempts, doubled each time (default 500 ms); a 429's Retry-After wins, up to 10 s. */
  backoffMs?: number;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

/**
 * POSTs JSON to a webhook, retrying what may pass on a second try (no answer, 408, 429, 5xx) and nothing
 * else: a 400 or 404 says the message or the URL is wrong, and stays wrong.
 */
export async function postWebhook(url: string, body: unknown, options: DeliveryOptions = {}): Promise<Delivery> {
  const secrets = requestSecrets(url, options.headers);
  try {
    const { response, attempts } = await httpRequest(url, {
      method: 'POST',
      headers: options.headers,
      json: body,
      timeoutMs: options.timeoutMs ?? 15_000,
      // A webhook's message is told once per delivery: a retry after no answer or a 5xx is what its services expect.
      retries: options.retries ?? 3,
      backoffMs: options.backoffMs,
    });
    if (response.ok) return { ok: true, status: response.status, attempts };
    const answer = answerSnippet(await response.text(), secrets, 200);
    return { ok: false, status: response.status, attempts, error: `HTTP ${response.status}${answer ? ` (${answer})` : ''}` };
  } catch (error) {
    if (!(error instanceof HttpUnreachable)) throw error;
    return { ok: false, status: null, attempts: error.attempts, error: error.reason };
  }
}
