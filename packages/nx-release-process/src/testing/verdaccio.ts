import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registryAuthKey } from '../adapters/npm-registry';
import { freePort, waitUntilServing } from './local-server';

export interface LocalRegistry {
  url: string;
  stop(): Promise<void>;
}

export interface LocalRegistryOptions {
  /** Serve packages it does not hold from this registry (npm's own by default), as a company registry does. */
  proxy?: boolean;
  /** Packages only this registry holds (never looked up upstream), e.g. the one under test. */
  local?: string[];
}

/** A real npm registry (Verdaccio) on a free loopback port, with throwaway storage and anonymous publish. */
export async function startLocalRegistry(options: LocalRegistryOptions = {}): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'verdaccio-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      `storage: ${join(dir, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${join(dir, 'htpasswd')}`,
      ...(options.proxy
        ? ['uplinks:', '  upstream:', `    url: ${upstreamRegistry()}`, '    timeout: 60s', '    maxage: 30m']
        : ['uplinks: {}']),
      'packages:',
      ...(options.local ?? []).flatMap((name) => [`  '${name}':`, '    access: $all', '    publish: $all', '    unpublish: $all']),
      "  '**':",
      '    access: $all',
      '    publish: $all',
      '    unpublish: $all',
      ...(options.proxy ? ['    proxy: upstream'] : []),
      'log: { type: stdout, format: pretty, level: error }',
      '',
    ].join('\n'),
  );
  const bin = require.resolve('verdaccio/bin/verdaccio');
  const child = spawn(process.execPath, [bin, '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = `http://127.0.0.1:${port}/`;
  await waitUntilServing(`${url}-/ping`, child, 'verdaccio');
  return {
    url,
    stop: async () => {
      child.kill();
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The registry npm is configured with here (the machine's own), which a proxying Verdaccio forwards to. */
function upstreamRegistry(): string {
  const configured = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim();
  if (!configured) throw new Error('npm has no registry configured: set one with `npm config set registry <url>`');
  return configured;
}

/** npm as a user of `registry` runs it, with `token` filed under that registry: its trimmed output, throwing on failure. */
export function npmOn(registry: LocalRegistry, token: string): (args: string[], cwd: string) => string {
  return (args, cwd) =>
    execFileSync('npm', [...args, '--registry', registry.url], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, [`npm_config_${registryAuthKey(registry.url)}:_authToken`]: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
}
