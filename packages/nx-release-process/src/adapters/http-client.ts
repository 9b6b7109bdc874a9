import { withoutControls } from '../core/printable';
import { redactSecrets } from '../core/redact';

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON, with its content type. */
  json?: unknown;
  /** One attempt's limit (default 30 s). */
  timeoutMs?: number;
  /**
   * Attempts after the first, for what may pass on a second try (no answer, 408, 429, 5xx). Default: 2 for
   * GET and HEAD, 0 for anything else, whose retry could do the thing twice.
   */
  retries?: number;
  /** The first wait between attempts, doubled each time (default 500 ms); a 429's Retry-After wins, up to 10 s. */
  backoffMs?: number;
}

/** The last answer, its body unread, and how many attempts it took. */
export interface HttpAnswer {
  response: Response;
  attempts: number;
}

/** No answer at all after every attempt: the reason in a few words (never the URL, which may hold a secret). */
export class HttpUnreachable extends Error {
  constructor(
    readonly reason: string,
    readonly attempts: number,
  ) {
    super(reason);
  }
}

/**
 * The one HTTP client: every request to a forge, a webhook, Prometheus or a package index goes through
 * here, with a time limit, retries of what may pass on a second try, and a `User-Agent`.
 */
export async function httpRequest(url: string | URL, options: HttpOptions = {}): Promise<HttpAnswer> {
  const method = options.method ?? 'GET';
  const timeout = options.timeoutMs ?? 30_000;
  const retries = options.retries ?? (method === 'GET' || method === 'HEAD' ? 2 : 0);
  let wait = options.backoffMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    let retryAfter: number | null = null;
    try {
      const response = await fetch(url, {
        method,
        headers: {
          'User-Agent': 'nx-release-process',
          ...(options.json !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...options.headers,
        },
        body: options.json !== undefined ? JSON.stringify(options.json) : undefined,
        signal: AbortSignal.timeout(timeout),
      });
      if (attempt > retries || !retryable(response.status)) return { response, attempts: attempt };
      const seconds = Number(response.headers.get('retry-after'));
      if (response.status === 429 && response.headers.has('retry-after') && Number.isFinite(seconds) && seconds >= 0)
        retryAfter = Math.min(seconds * 1000, 10_000);
      await response.body?.cancel();
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeout / 1000} s` : networkReason(error);
      if (attempt > retries) throw new HttpUnreachable(reason, attempt);
    }
    await new Promise((resolve) => setTimeout(resolve, retryAfter ?? wait));
    wait *= 2;
  }
}

/** httpRequest, with no answer turned into the caller's own error, which names what it could not reach and what to check. */
export async function requestOrFail(url: string | URL, options: HttpOptions, unreachable: (reason: string) => Error): Promise<HttpAnswer> {
  try {
    return await httpRequest(url, options);
  } catch (error) {
    throw error instanceof HttpUnreachable ? unreachable(error.reason) : error;
  }
}

function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * What a server said, fit for a one-line error: its text without controls, the request's secrets masked
 * (a failing service may echo the path, the key, the token), whitespace folded, at most `limit` characters.
 */
export function answerSnippet(text: string, secrets: string[], limit = 300): string {
  return redactSecrets(withoutControls(text), secrets).replace(/\s+/g, ' ').trim().slice(0, limit);
}

/**
 * Why a `fetch` failed, in a few words: Node says "fetch failed" and keeps the reason (ECONNREFUSED,
 * ENOTFOUND) in its cause, sometimes inside an AggregateError of one attempt per address.
 */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } }).cause;
  return cause?.code ?? cause?.errors?.find((attempt) => attempt.code)?.code ?? cause?.message ?? (error as Error).name ?? String(error);
}
