import { httpRequest } from './http-client';
import { runProcess, type ProcessResult } from './process-runner';
import { ReleaseProcessError } from '../core/release-error';
import { redactSecrets, environmentSecrets } from '../core/redact';

export interface RegistryOptions {
  /** Registry URL; npm's configured registry when absent. */
  registry?: string;
}

export type ToolResult = ProcessResult;

// Reads pass --prefer-online: npm would otherwise answer from its cache for minutes, and a release or a
// rollback would see the registry as it was before its own publish or dist-tag move.
function npm(args: string[], cwd: string, registry?: string): Promise<ToolResult> {
  return runPackageTool('npm', args, cwd, registry);
}

/** The token that publishes: NPM_TOKEN, or NODE_AUTH_TOKEN as setup-node names it. */
export function registryToken(): string | undefined {
  return process.env.NPM_TOKEN ?? process.env.NODE_AUTH_TOKEN;
}

/**
 * Runs a package manager (npm, pnpm, yarn, bun) with the registry and its token: the token of NPM_TOKEN (or
 * NODE_AUTH_TOKEN) is handed over through npm's environment config, which each of them reads, never on a
 * command line. Never rejects: a missing program is code 127.
 */
export function runPackageTool(
  file: string,
  args: string[],
  cwd: string,
  registry?: string,
  /** yarn takes the registry and its token from its own variables, not from a flag or npm's config. */
  setting: { env?: NodeJS.ProcessEnv; registryFlag?: boolean } = {},
): Promise<ToolResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...setting.env };
  const token = registryToken();
  if (token && registry) env[`npm_config_${registryAuthKey(registry)}:_authToken`] = token;
  return runProcess(file, [...args, ...(registry && setting.registryFlag !== false ? ['--registry', registry] : [])], { cwd, env });
}

/**
 * The key npm files a registry's token under (its "nerf dart"): `//host:port/path/`, always with the
 * trailing slash, which users often leave out of `--registry` (npm then finds no token: ENEEDAUTH).
 */
export function registryAuthKey(registry: string): string {
  let url: URL;
  try {
    url = new URL(registry);
  } catch {
    throw new ReleaseProcessError(`--registry ${registry} is not a URL`, 'Give it as https://registry.example.com/');
  }
  return `//${url.host}${url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`}`;
}

/** Fails before anything is released when the registry does not answer. */
export async function verifyRegistry(cwd: string, options: RegistryOptions): Promise<void> {
  // No retries: a registry that is down should fail the check at once, not after a minute of backoff.
  const result = await npm(['ping', '--fetch-retries=0', '--fetch-timeout=15000'], cwd, options.registry);
  if (result.code !== 0) {
    throw new ReleaseProcessError(
      `the npm registry ${options.registry ?? '(npm config)'} does not answer: ${firstLine(result.stderr)}`,
      'Check the registry URL and the network, then run the release again',
    );
  }
}

/**
 * What the registry holds of a package, from one question: whether `version` is published, and where its
 * dist-tags point. A package the registry does not know has neither.
 */
export async function registryState(
  cwd: string,
  name: string,
  version: string,
  options: RegistryOptions,
): Promise<{ published: boolean; distTags: Record<string, string> }> {
  const asked = options.registry ? await packumentState(options.registry, name, version) : null;
  if (asked) return asked;
  const result = await npm(['view', name, 'dist-tags', 'versions', '--json', '--prefer-online'], cwd, options.registry);
  if (result.code !== 0) return { published: false, distTags: {} };
  try {
    const answer = JSON.parse(result.stdout || '{}') as { 'dist-tags'?: Record<string, string>; versions?: string[] | string };
    const versions = Array.isArray(answer.versions) ? answer.versions : answer.versions ? [answer.versions] : [];
    return { published: versions.includes(version), distTags: answer['dist-tags'] ?? {} };
  } catch {
    return { published: false, distTags: {} };
  }
}

/**
 * The package's versions and dist-tags from the registry's abbreviated document, one request in this
 * process instead of an npm process (a hundred packages ask a hundred times): with NPM_TOKEN when set.
 * Any other answer (a registry that wants npm's own credentials, a proxy's page, a scoped name's 404)
 * gives null, and npm is asked instead.
 */
async function packumentState(
  registry: string,
  name: string,
  version: string,
): Promise<{ published: boolean; distTags: Record<string, string> } | null> {
  const token = registryToken();
  try {
    const url = new URL(name.replace('/', '%2f'), registry.endsWith('/') ? registry : `${registry}/`);
    const { response } = await httpRequest(url, {
      headers: { Accept: 'application/vnd.npm.install-v1+json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    });
    // A private scoped package is a 404 to whoever may not read it: only npm, with its credentials, can say.
    if (response.status === 404) return name.startsWith('@') ? null : { published: false, distTags: {} };
    if (response.status !== 200) return null;
    const document = (await response.json()) as { 'dist-tags'?: Record<string, string>; versions?: Record<string, unknown> };
    return { published: version in (document.versions ?? {}), distTags: document['dist-tags'] ?? {} };
  } catch {
    return null;
  }
}

export async function isPublished(cwd: string, name: string, version: string, options: RegistryOptions): Promise<boolean> {
  const result = await npm(['view', `${name}@${version}`, 'version', '--json', '--prefer-online'], cwd, options.registry);
  return result.code === 0 && result.stdout.trim().length > 0;
}

/**
 * The files `npm publish` would put in the package in `dir` (its `files` list, `.npmignore` or, without
 * those, `.gitignore` decide), package-relative, as `npm pack --dry-run` lists them.
 */
export async function packedFiles(dir: string): Promise<string[]> {
  const result = await npm(['pack', '--dry-run', '--json', '--ignore-scripts'], dir);
  try {
    if (result.code !== 0) throw new Error(firstLine(result.stderr));
    return (JSON.parse(result.stdout) as Array<{ files: Array<{ path: string }> }>)[0].files.map((file) => file.path);
  } catch (error) {
    throw new ReleaseProcessError(
      `npm pack --dry-run in ${dir} failed: ${(error as Error).message}`,
      'Run it there to see why, fix it, then release again',
    );
  }
}

/**
 * Publishes the package in `dir` under a dist-tag: the one the release chose (core/dist-tags.ts), or for
 * `true`/`false`, `next` or `latest`. `provenance` adds `--provenance` (NPM_CONFIG_PROVENANCE reaches npm
 * through its own config either way); `access` is changesets' setting (`public` for scoped packages).
 */
export async function publishPackage(
  dir: string,
  tag: boolean | string,
  options: RegistryOptions & { provenance?: boolean; access?: 'public' | 'restricted' | null },
): Promise<void> {
  const flags = [
    '--tag',
    typeof tag === 'string' ? tag : tag ? 'next' : 'latest',
    ...(options.provenance ? ['--provenance'] : []),
    ...(options.access ? ['--access', options.access] : []),
  ];
  return publish(dir, flags, options);
}

/**
 * Publishes a staged copy of a package (a snapshot) under `distTag`. Its lifecycle scripts are not run
 * there: the copy has no node_modules, and the workspace's build has made what it ships.
 */
export async function publishStaged(dir: string, distTag: string, options: RegistryOptions): Promise<void> {
  return publish(dir, ['--tag', distTag, '--ignore-scripts'], options);
}

async function publish(dir: string, flags: string[], options: RegistryOptions): Promise<void> {
  const result = await npm(['publish', ...flags], dir, options.registry);
  if (result.code !== 0) {
    throw new ReleaseProcessError(
      `npm publish of ${dir} failed: ${firstLine(result.stderr)}`,
      'Fix the cause, then run the release again: it skips what is done',
    );
  }
}

/** The download URL of a published version, as the registry records it (`dist.tarball`). */
export async function tarballUrl(cwd: string, name: string, version: string, options: RegistryOptions): Promise<string> {
  const result = await npm(['view', `${name}@${version}`, 'dist.tarball', '--json', '--prefer-online'], cwd, options.registry);
  let url: unknown;
  try {
    url = JSON.parse(result.stdout || 'null');
  } catch {
    url = null;
  }
  if (result.code !== 0 || typeof url !== 'string') {
    throw new ReleaseProcessError(
      `cannot read where ${name}@${version} can be downloaded: ${firstLine(result.stderr) || 'the registry has no dist.tarball for it'}`,
      'Check that it is published on the registry, then run the release again',
    );
  }
  return url;
}

/** The package's dist-tags (`latest`, `next`, …) and the versions they point to; empty when it is not published. */
export async function distTags(cwd: string, name: string, options: RegistryOptions): Promise<Record<string, string>> {
  const result = await npm(['view', name, 'dist-tags', '--json', '--prefer-online'], cwd, options.registry);
  if (result.code !== 0) return {};
  try {
    return JSON.parse(result.stdout || '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

/** Points a dist-tag (`latest`) at a version: what users installing the package get. */
export async function setDistTag(cwd: string, name: string, version: string, channel: string, options: RegistryOptions): Promise<void> {
  const result = await npm(['dist-tag', 'add', `${name}@${version}`, channel], cwd, options.registry);
  if (result.code !== 0) {
    throw new ReleaseProcessError(
      `could not point ${name}@${channel} to ${version}: ${firstLine(result.stderr)}`,
      'Check NPM_TOKEN can publish the package, then run the rollback again: it skips what is done',
    );
  }
}

/** The deprecation message of a published version, or null when it is not deprecated. */
export async function deprecationOf(cwd: string, name: string, version: string, options: RegistryOptions): Promise<string | null> {
  const result = await npm(['view', `${name}@${version}`, 'deprecated', '--json', '--prefer-online'], cwd, options.registry);
  if (result.code !== 0 || !result.stdout.trim()) return null;
  try {
    const message = JSON.parse(result.stdout) as unknown;
    return typeof message === 'string' && message ? message : null;
  } catch {
    return null;
  }
}

/** Deprecates one published version with a message npm shows on every install of it. */
export async function deprecateVersion(
  cwd: string,
  name: string,
  version: string,
  message: string,
  options: RegistryOptions,
): Promise<void> {
  const result = await npm(['deprecate', `${name}@${version}`, message], cwd, options.registry);
  if (result.code !== 0) {
    throw new ReleaseProcessError(
      `could not deprecate ${name}@${version}: ${firstLine(result.stderr)}`,
      'Check NPM_TOKEN can publish the package, then run the rollback again: it skips what is done',
    );
  }
}

/**
 * npm's reason in one line: its error code with the first line that says why (`EUSAGE: Automatic provenance
 * generation not supported…`), not the code alone, nor the path of its log.
 */
export function firstLine(text: string): string {
  const lines = text
    .split('\n')
    .filter((candidate) => /\S/.test(candidate) && !/^(npm (warn|notice)|\s*WARN\b)/i.test(candidate))
    .map((line) => line.replace(/^npm (error|ERR!) /, '').trim());
  const code = lines.find((line) => /^code \S+$/.test(line))?.slice('code '.length);
  const why = lines.find((line) => !/^(code|errno|syscall) \S+$/.test(line) && !/^A complete log of this run/.test(line));
  const line = code && why ? `${code}: ${why}` : (why ?? (code ? `code ${code}` : text.trim()));
  return redactSecrets(line, environmentSecrets(process.env));
}
