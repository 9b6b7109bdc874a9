import { withoutControls } from '../core/printable';
import { redactSecrets, requestSecrets } from '../core/redact';
import { networkReason } from './network-error';

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
  const retries = options.retries ?? 3;
  let wait = options.backoffMs ?? 500;
  let last: Delivery = { ok: false, status: null, attempts: 0 };
  const secrets = requestSecrets(url, options.headers);
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    let retryAfter: number | null = null;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'nx-release-process', ...options.headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
      // A failing service may echo the request (its path, its key, the bearer token): masked before anyone sees it.
      const answer = redactSecrets(withoutControls(await response.text()), secrets)
        .slice(0, 200)
        .replace(/\s+/g, ' ')
        .trim();
      if (response.ok) return { ok: true, status: response.status, attempts: attempt };
      last = { ok: false, status: response.status, attempts: attempt, error: `HTTP ${response.status}${answer ? ` (${answer})` : ''}` };
      if (!(response.status === 408 || response.status === 429 || response.status >= 500)) return last;
      const seconds = Number(response.headers.get('retry-after'));
      if (response.status === 429 && Number.isFinite(seconds) && seconds >= 0) retryAfter = Math.min(seconds * 1000, 10_000);
    } catch (error) {
      last = { ok: false, status: null, attempts: attempt, error: networkReason(error) };
    }
    if (attempt <= retries) {
      await new Promise((resolve) => setTimeout(resolve, retryAfter ?? wait));
      wait *= 2;
    }
  }
  return last;
}
