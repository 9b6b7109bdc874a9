import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/**
 * Stands in for the registry's advisory endpoint, which this machine's npm mirror refuses (405): npm itself
 * runs the audit against it and counts what it answers.
 */
export interface AdvisoryRegistry {
  url: string;
  audits: Array<Record<string, string[]>>;
  answer: 'critical' | 'none' | 500;
  close(): Promise<void>;
}

export async function startAdvisoryRegistry(): Promise<AdvisoryRegistry> {
  const registry: AdvisoryRegistry = { url: '', audits: [], answer: 'none', close: () => Promise.resolve() };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/-/npm/v1/security/advisories/bulk') {
        const body = Buffer.concat(chunks);
        registry.audits.push(JSON.parse(String(request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body)));
        if (registry.answer === 500) return response.writeHead(500).end('{}');
        const advisory = {
          id: 1,
          url: 'https://example.com/GHSA-1',
          title: 'prototype pollution',
          severity: 'critical',
          vulnerable_versions: '<2.0.0',
          cwe: [],
          cvss: { score: 9.8, vectorString: null },
        };
        return response
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end(JSON.stringify(registry.answer === 'critical' ? { 'left-pad': [advisory] } : {}));
      }
      response.writeHead(404, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registry.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  registry.close = () => new Promise((resolve) => server.close(() => resolve()));
  return registry;
}

/** A package-lock.json whose one dependency is left-pad at that version. */
export function lockfile(leftPad: string): string {
  return JSON.stringify({
    name: 'workspace',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'workspace', version: '1.0.0', dependencies: { 'left-pad': leftPad } },
      'node_modules/left-pad': { version: leftPad, resolved: `https://packages.example/left-pad/-/left-pad-${leftPad}.tgz` },
    },
  });
}
