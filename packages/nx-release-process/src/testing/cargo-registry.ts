import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CargoRegistry {
  /** `sparse+http://…/index/`, for `CARGO_REGISTRIES_<NAME>_INDEX`. */
  index: string;
  /** Each publish the registry took, `name@version`, in order (a second publish of one version is refused). */
  published: string[];
  /** Each publish asked for, taken or refused, so a test sees one tried twice. */
  attempted: string[];
  yanked: string[];
  /** Publishes taken before the registry starts holding the next ones unanswered (as a stalled upload is). */
  holdPublishesAfter: number;
  close(): Promise<void>;
}

interface IndexEntry {
  name: string;
  vers: string;
  deps: unknown[];
  cksum: string;
  features: Record<string, string[]>;
  yanked: boolean;
  links?: string | null;
}

/** Where the sparse index keeps a crate's file: `1/a`, `2/ab`, `3/a/abc`, `ab/cd/abcd…`. */
function indexPath(name: string): string {
  const lower = name.toLowerCase();
  if (lower.length <= 2) return `${lower.length}/${lower}`;
  if (lower.length === 3) return `3/${lower[0]}/${lower}`;
  return `${lower.slice(0, 2)}/${lower.slice(2, 4)}/${lower}`;
}

function body(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * A Cargo registry on loopback: a sparse index, downloads, and the web API's publish and yank as cargo
 * calls them (the publish body is a length-prefixed JSON manifest and the `.crate`), with a token.
 */
export async function startCargoRegistry(token: string): Promise<CargoRegistry> {
  const entries = new Map<string, IndexEntry[]>();
  const crates = new Map<string, Buffer>();
  const registry: CargoRegistry = {
    index: '',
    published: [],
    attempted: [],
    yanked: [],
    holdPublishesAfter: Number.POSITIVE_INFINITY,
    close: () => Promise.resolve(),
  };
  let base = '';
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', base);
    const json = (status: number, value: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    const refuse = (status: number, detail: string) => json(status, { errors: [{ detail }] });
    if (url.pathname === '/index/config.json') return json(200, { dl: `${base}api/v1/crates`, api: base.replace(/\/$/, '') });
    if (request.method === 'GET' && url.pathname.startsWith('/index/')) {
      const name = url.pathname.split('/').pop() as string;
      const known = entries.get(name.toLowerCase());
      if (!known || url.pathname !== `/index/${indexPath(name)}`) return response.writeHead(404).end();
      return response.writeHead(200).end(known.map((entry) => JSON.stringify(entry)).join('\n') + '\n');
    }
    const download = /^\/api\/v1\/crates\/([^/]+)\/([^/]+)\/download$/.exec(url.pathname);
    if (request.method === 'GET' && download) {
      const crate = crates.get(`${download[1]}@${download[2]}`);
      return crate ? response.writeHead(200).end(crate) : response.writeHead(404).end();
    }
    if (request.headers.authorization !== token) return refuse(403, 'invalid token');
    if (request.method === 'PUT' && url.pathname === '/api/v1/crates/new') {
      const payload = await body(request);
      const metaLength = payload.readUInt32LE(0);
      const meta = JSON.parse(payload.subarray(4, 4 + metaLength).toString('utf8'));
      const crateLength = payload.readUInt32LE(4 + metaLength);
      const crate = payload.subarray(8 + metaLength, 8 + metaLength + crateLength);
      const key = `${meta.name}@${meta.vers}`;
      registry.attempted.push(key);
      if (registry.published.length >= registry.holdPublishesAfter) return; // left unanswered
      if (crates.has(key)) return refuse(400, `crate version \`${meta.vers}\` is already uploaded`);
      crates.set(key, crate);
      const list = entries.get(meta.name.toLowerCase()) ?? [];
      list.push({
        name: meta.name,
        vers: meta.vers,
        deps: (meta.deps ?? []).map((dep: Record<string, unknown>) => ({
          name: dep.explicit_name_in_toml ?? dep.name,
          req: dep.version_req,
          features: dep.features ?? [],
          optional: dep.optional ?? false,
          default_features: dep.default_features ?? true,
          target: dep.target ?? null,
          kind: dep.kind ?? 'normal',
          registry: dep.registry ?? null,
          ...(dep.explicit_name_in_toml ? { package: dep.name } : {}),
        })),
        cksum: createHash('sha256').update(crate).digest('hex'),
        features: meta.features ?? {},
        yanked: false,
        links: meta.links ?? null,
      });
      entries.set(meta.name.toLowerCase(), list);
      registry.published.push(key);
      return json(200, { warnings: { invalid_categories: [], invalid_badges: [], other: [] } });
    }
    const yank = /^\/api\/v1\/crates\/([^/]+)\/([^/]+)\/(yank|unyank)$/.exec(url.pathname);
    if (yank && (request.method === 'DELETE' || request.method === 'PUT')) {
      const entry = entries.get(yank[1].toLowerCase())?.find((candidate) => candidate.vers === yank[2]);
      if (!entry) return refuse(404, 'no such version');
      entry.yanked = yank[3] === 'yank';
      if (entry.yanked) registry.yanked.push(`${yank[1]}@${yank[2]}`);
      return json(200, { ok: true });
    }
    return refuse(404, `no route for ${request.method} ${url.pathname}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  registry.index = `sparse+${base}index/`;
  registry.close = () => new Promise((resolve) => server.close(() => resolve()));
  return registry;
}
