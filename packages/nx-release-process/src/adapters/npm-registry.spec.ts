import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalRegistry, type LocalRegistry } from '../testing/verdaccio';
import { deprecateVersion, deprecationOf, distTags, publishPackage, registryAuthKey, registryState, setDistTag } from './npm-registry';

describe('npm registry: moving users back (Verdaccio)', () => {
  let registry: LocalRegistry;
  let dir: string;
  const token = process.env.NPM_TOKEN;
  const options = () => ({ registry: registry.url.replace(/\/$/, '') });

  beforeAll(async () => {
    registry = await startLocalRegistry();
    process.env.NPM_TOKEN = 'npm_fake_token_for_rollback';
    dir = mkdtempSync(join(tmpdir(), 'npm-package-'));
    for (const version of ['1.1.0', '1.2.0']) {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@ws/rolled', version, main: 'index.js' }));
      writeFileSync(join(dir, 'index.js'), `module.exports = '${version}';\n`);
      await publishPackage(dir, false, options());
    }
  });
  afterAll(async () => {
    await registry?.stop();
    if (token === undefined) delete process.env.NPM_TOKEN;
    else process.env.NPM_TOKEN = token;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('moves latest back to the previous version and deprecates the rolled-back one with the reason', async () => {
    expect((await distTags(dir, '@ws/rolled', options())).latest).toBe('1.2.0');
    expect(await deprecationOf(dir, '@ws/rolled', '1.2.0', options())).toBeNull();

    await setDistTag(dir, '@ws/rolled', '1.1.0', 'latest', options());
    await deprecateVersion(dir, '@ws/rolled', '1.2.0', '1.2.0 was rolled back: corrupts the cache; use 1.1.0', options());

    expect((await distTags(dir, '@ws/rolled', options())).latest).toBe('1.1.0');
    expect(await deprecationOf(dir, '@ws/rolled', '1.2.0', options())).toBe('1.2.0 was rolled back: corrupts the cache; use 1.1.0');
    expect(await deprecationOf(dir, '@ws/rolled', '1.1.0', options())).toBeNull();
    expect(await distTags(dir, '@ws/never-published', options())).toEqual({});
  });

  it('files the token under the registry with its trailing slash, however the URL is written', () => {
    expect(registryAuthKey('http://127.0.0.1:4873')).toBe('//127.0.0.1:4873/');
    expect(registryAuthKey('https://npm.example.com/api/npm/')).toBe('//npm.example.com/api/npm/');
    expect(() => registryAuthKey('not a url')).toThrow('--registry not a url is not a URL');
  });

  it('asks npm for provenance when told to: outside a CI with OIDC, npm itself refuses, and nothing is published', async () => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@ws/rolled', version: '1.3.0', main: 'index.js' }));
    const ci = { GITHUB_ACTIONS: process.env.GITHUB_ACTIONS, GITLAB_CI: process.env.GITLAB_CI };
    delete process.env.GITHUB_ACTIONS;
    delete process.env.GITLAB_CI;
    try {
      await expect(publishPackage(dir, 'latest', { ...options(), provenance: true })).rejects.toThrow(/provenance/i);
      expect((await registryState(dir, '@ws/rolled', '1.3.0', options())).published).toBe(false);
    } finally {
      for (const [name, value] of Object.entries(ci)) if (value !== undefined) process.env[name] = value;
    }
  });

  it("passes changesets' access through: npm refuses to restrict an unscoped package", async () => {
    const unscoped = mkdtempSync(join(tmpdir(), 'npm-unscoped-'));
    try {
      writeFileSync(join(unscoped, 'package.json'), JSON.stringify({ name: 'plain-package', version: '1.0.0' }));
      await expect(publishPackage(unscoped, 'latest', { ...options(), access: 'restricted' })).rejects.toThrow(/unscoped/i);
      await publishPackage(unscoped, 'latest', { ...options(), access: 'public' });
      expect((await registryState(unscoped, 'plain-package', '1.0.0', options())).published).toBe(true);
    } finally {
      rmSync(unscoped, { recursive: true, force: true });
    }
  });

  it('answers whether a version is published and where the dist-tags point, from one question', async () => {
    expect(await registryState(dir, '@ws/rolled', '1.1.0', options())).toMatchObject({
      published: true,
      distTags: { latest: expect.any(String) },
    });
    expect(await registryState(dir, '@ws/rolled', '9.9.9', options())).toMatchObject({ published: false });
    expect(await registryState(dir, '@ws/never-published', '1.0.0', options())).toEqual({ published: false, distTags: {} });
  });
});

describe('npm registry: is a version out already, asked in this process', () => {
  let server: Server;
  let registry: string;
  const seen: Array<{ path: string; agent: string; auth: string }> = [];
  const documents: Record<string, { status: number; body?: unknown }> = {
    '/lib': {
      status: 200,
      body: { name: 'lib', 'dist-tags': { latest: '1.2.0', '1.x': '1.1.3' }, versions: { '1.1.3': {}, '1.2.0': {} } },
    },
    '/fresh': { status: 404 },
    '/@ws%2fprivate': { status: 404 },
    '/guarded': { status: 401 },
  };
  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ path: request.url ?? '', agent: String(request.headers['user-agent']), auth: String(request.headers.authorization) });
      const answer = documents[request.url ?? ''] ?? { status: 404 };
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body ?? { error: 'not found' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (seen.length = 0));
  const npmAsked = () => seen.filter((request) => request.agent.startsWith('npm/')).map((request) => request.path);

  it('reads versions and dist-tags from the abbreviated document, with the token, without running npm', async () => {
    const previous = process.env.NPM_TOKEN;
    process.env.NPM_TOKEN = 'npm_token_for_the_document';
    try {
      expect(await registryState(tmpdir(), 'lib', '1.2.0', { registry })).toEqual({
        published: true,
        distTags: { latest: '1.2.0', '1.x': '1.1.3' },
      });
      expect(await registryState(tmpdir(), 'lib', '1.3.0', { registry })).toMatchObject({ published: false });
      expect(await registryState(tmpdir(), 'fresh', '0.1.0', { registry })).toEqual({ published: false, distTags: {} });
    } finally {
      if (previous === undefined) delete process.env.NPM_TOKEN;
      else process.env.NPM_TOKEN = previous;
    }
    expect(seen.map((request) => [request.path, request.auth])).toEqual([
      ['/lib', 'Bearer npm_token_for_the_document'],
      ['/lib', 'Bearer npm_token_for_the_document'],
      ['/fresh', 'Bearer npm_token_for_the_document'],
    ]);
    expect(npmAsked()).toEqual([]);
  });

  it("asks npm, with the user's own credentials, when the registry refuses or hides a scoped package", async () => {
    expect(await registryState(tmpdir(), 'guarded', '1.0.0', { registry })).toEqual({ published: false, distTags: {} });
    expect(await registryState(tmpdir(), '@ws/private', '1.0.0', { registry })).toEqual({ published: false, distTags: {} });
    expect(npmAsked()).toEqual(expect.arrayContaining(['/guarded', '/@ws%2fprivate']));
  });
});
