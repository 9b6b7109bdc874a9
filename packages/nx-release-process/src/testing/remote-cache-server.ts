import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RemoteCacheServer {
  url: string;
  /** Every request: method, hash and answer status. */
  requests: Array<{ method: string; hash: string; status: number }>;
  /** Hashes stored. */
  entries(): string[];
  close(): Promise<void>;
}

/**
 * A self-hosted Nx remote cache as Nx's open API specifies it (`/v1/cache/{hash}`, Nx ≥ 20.8 through
 * NX_SELF_HOSTED_REMOTE_CACHE_SERVER): PUT stores a task's tar archive (409 for a hash stored already),
 * GET answers it or 404; every request needs the bearer token (401 without it, 403 with another one).
 * In memory: a test's server, not a product.
 */
export async function startRemoteCacheServer(token: string): Promise<RemoteCacheServer> {
  const store = new Map<string, Buffer>();
  const requests: RemoteCacheServer['requests'] = [];
  const server: Server = createServer((request, response) => {
    const match = /^\/v1\/cache\/([A-Za-z0-9_-]+)$/.exec(request.url ?? '');
    const answer = (status: number, body?: Buffer | string) => {
      requests.push({ method: request.method ?? '', hash: match?.[1] ?? '', status });
      response.writeHead(status, body instanceof Buffer ? { 'Content-Type': 'application/octet-stream' } : {});
      response.end(body);
    };
    if (!match) return answer(404, 'not found');
    const auth = request.headers.authorization;
    if (!auth) return answer(401, 'missing token');
    if (auth !== `Bearer ${token}`) return answer(403, 'access forbidden');
    const hash = match[1];
    if (request.method === 'GET') return store.has(hash) ? answer(200, store.get(hash)) : answer(404, 'not found');
    if (request.method === 'PUT') {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (store.has(hash)) return answer(409, 'cannot override an existing record');
        store.set(hash, Buffer.concat(chunks));
        answer(200);
      });
      return;
    }
    answer(405, 'method not allowed');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    entries: () => [...store.keys()],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
