import { ReleaseProcessError } from '../../core/release-error';
import { answerSnippet, requestOrFail } from '../http-client';

/** How long one request to a forge may take before the command gives up on it. */
export const FORGE_TIMEOUT_MS = 30_000;

export interface ForgeApi {
  /** "GitHub", "GitLab". */
  name: string;
  apiUrl: string;
  /** The variable that points at the API, for the error that cannot reach it: GITHUB_API_URL. */
  apiVariable: string;
  headers: Record<string, string>;
  timeoutMs?: number;
}

/**
 * One JSON request to a forge's REST API (GitHub, GitLab): the caller's auth headers, a time limit, and a
 * network failure or timeout turned into an error that names the API and the variable that points at it.
 */
export async function forgeRequest(forge: ForgeApi, method: string, path: string, body?: unknown): Promise<Response> {
  const timeout = forge.timeoutMs ?? FORGE_TIMEOUT_MS;
  const answer = await requestOrFail(
    `${forge.apiUrl}${path}`,
    { method, headers: forge.headers, json: body, timeoutMs: timeout },
    (reason) =>
      new ReleaseProcessError(
        `cannot reach the ${forge.name} API at ${forge.apiUrl}: ${reason}`,
        `Check the network, or ${forge.apiVariable}, then run the command again`,
      ),
  );
  return answer.response;
}

/** What to tell the user for each kind of refusal; `other` covers 5xx and anything unexpected. */
export interface FailureFixes {
  401: string;
  403: string;
  conflict: string;
  other?: string;
}

/**
 * A forge's refusal as one line: what failed, the status, the forge's own message (redacted of the
 * request's secrets, without controls, bounded), and what to do.
 */
export async function forgeFailure(forge: ForgeApi, response: Response, what: string, fixes: FailureFixes): Promise<ReleaseProcessError> {
  const text = await response.text().catch(() => '');
  const secrets = Object.values(forge.headers).map((value) => value.replace(/^(Bearer|token) /, ''));
  const detail = answerSnippet(messageOf(text), secrets);
  const fix =
    response.status === 401
      ? fixes[401]
      : response.status === 403 || response.status === 404
        ? fixes[403]
        : response.status === 409 || response.status === 422
          ? fixes.conflict
          : (fixes.other ?? `${forge.name} had an error: run the command again later (it resumes where it stopped)`);
  return new ReleaseProcessError(`${what}: ${forge.name} answered ${response.status}${detail ? ` (${detail})` : ''}`, fix);
}

/** GitHub's `{message, errors[]}` and GitLab's `{message}` (a string, a list or an object) or `{error}`. */
function messageOf(text: string): string {
  try {
    const parsed = JSON.parse(text) as {
      message?: unknown;
      error?: unknown;
      errors?: Array<{ code?: string; field?: string; message?: string }>;
    };
    const message = typeof parsed.message === 'string' ? parsed.message : parsed.message ? JSON.stringify(parsed.message) : '';
    const errors = Array.isArray(parsed.errors) ? parsed.errors.map((error) => error.message ?? `${error.field} ${error.code}`) : [];
    return [message || (typeof parsed.error === 'string' ? parsed.error : ''), ...errors].filter(Boolean).join('; ');
  } catch {
    return text.slice(0, 200);
  }
}
