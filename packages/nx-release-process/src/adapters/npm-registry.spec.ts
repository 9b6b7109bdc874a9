import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
