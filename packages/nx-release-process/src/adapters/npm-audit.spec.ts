import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { AUDIT_SHARED_FOR_MS, auditWorkspace, sharedAuditPath } from './npm-audit';

/**
 * Stands in for the registry's advisory endpoint, which this machine's npm mirror refuses (405): npm itself
 * runs the audit against it and counts what it answers.
 */
interface AdvisoryRegistry {
  url: string;
  audits: Array<Record<string, string[]>>;
  answer: 'critical' | 'none' | 500;
  close(): Promise<void>;
}

async function startAdvisoryRegistry(): Promise<AdvisoryRegistry> {
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

function lockfile(leftPad: string): string {
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

describe('npm audit of the workspace', () => {
  let registry: AdvisoryRegistry;
  let root: string;
  beforeAll(async () => (registry = await startAdvisoryRegistry()));
  afterAll(() => registry.close());
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'npm-audit-'));
    writeFileSync(
      join(root, 'package.json'),
      JSON.stringify({ name: 'workspace', version: '1.0.0', dependencies: { 'left-pad': '1.3.0' } }),
    );
    writeFileSync(join(root, '.npmrc'), `registry=${registry.url}\n`);
    registry.audits = [];
    registry.answer = 'none';
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('does not start npm without a lockfile, and says how to make one', async () => {
    expect(await auditWorkspace(root, 'high')).toEqual({
      ran: false,
      ok: false,
      detail: 'npm audit could not run: no package-lock.json (create one with npm install --package-lock-only)',
    });
    expect(registry.audits).toEqual([]);
  });

  it('audits once for every gate task of the same lockfile, and fails at the severity floor', async () => {
    writeFileSync(join(root, 'package-lock.json'), lockfile('1.3.0'));
    registry.answer = 'critical';
    const first = await auditWorkspace(root, 'high');
    expect(first).toEqual({ ran: true, ok: false, detail: 'npm audit: 1 critical' });
    expect(registry.audits).toEqual([{ 'left-pad': ['1.3.0'] }]);

    registry.answer = 'none'; // were npm asked again, it would hear "no advisories"
    const second = await auditWorkspace(root, 'critical');
    expect(second).toMatchObject({ ran: true, ok: false });
    expect(second.detail).toMatch(/^npm audit: 1 critical \(run at \d{4}-\d\d-\d\dT[\d:.]+Z for this lockfile\)$/);
    expect(registry.audits).toHaveLength(1);
  });

  it('audits again when the lockfile changes or the shared answer is older than ten minutes', async () => {
    writeFileSync(join(root, 'package-lock.json'), lockfile('1.3.0'));
    const started = Date.now();
    expect(await auditWorkspace(root, 'high', started)).toEqual({
      ran: true,
      ok: true,
      detail: 'npm audit: no vulnerabilities at high or above',
    });
    writeFileSync(join(root, 'package-lock.json'), lockfile('1.1.0'));
    await auditWorkspace(root, 'high', started);
    expect(registry.audits).toEqual([{ 'left-pad': ['1.3.0'] }, { 'left-pad': ['1.1.0'] }]);

    await auditWorkspace(root, 'high', started + AUDIT_SHARED_FOR_MS - 1000);
    expect(registry.audits).toHaveLength(2);
    await auditWorkspace(root, 'high', started + AUDIT_SHARED_FOR_MS + 1000);
    expect(registry.audits).toHaveLength(3);
  });

  it('reports a registry that cannot audit, and keeps no answer so the next task tries again', async () => {
    writeFileSync(join(root, 'package-lock.json'), lockfile('1.3.0'));
    registry.answer = 500;
    const refused = await auditWorkspace(root, 'high');
    expect(refused).toMatchObject({ ran: false, ok: false });
    expect(refused.detail).toMatch(/^npm audit could not run: .*500/);
    expect(existsSync(sharedAuditPath(root))).toBe(false);

    registry.answer = 'none';
    expect(await auditWorkspace(root, 'high')).toMatchObject({ ran: true, ok: true });
    expect(registry.audits).toHaveLength(2);
  });
});
