import { ReleaseProcessError } from '../../core/release-error';

/**
 * One JSON request to a forge's REST API (GitHub, GitLab): the caller's auth headers, a 30 s limit, and a
 * network failure turned into an error that names the API and the variable that points at it.
 */
export async function forgeRequest(
  forge: { name: string; apiUrl: string; apiVariable: string; headers: Record<string, string> },
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  try {
    return await fetch(`${forge.apiUrl}${path}`, {
      method,
      headers: { ...forge.headers, 'User-Agent': 'nx-release-process', ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new ReleaseProcessError(
      `cannot reach the ${forge.name} API at ${forge.apiUrl}: ${(error as Error).message}`,
      `Check the network, or ${forge.apiVariable}`,
    );
  }
}
