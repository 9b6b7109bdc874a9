import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coerce, lt } from 'semver';
import { ReleaseProcessError } from '../core/release-error';
import { updateCargoLockfile, verifyCargo } from './cargo-crates';
import { updateUvLockfile, verifyUv } from './python-packages';
import { firstLine, publishPackage, registryToken, runPackageTool, type RegistryOptions } from './npm-registry';

export type PackageManagerName = 'npm' | 'pnpm' | 'yarn' | 'bun';

export interface PublishOptions extends RegistryOptions {
  provenance?: boolean;
  access?: 'public' | 'restricted' | null;
}

/**
 * The workspace's package manager, for everything that touches packages: it publishes them (so `workspace:`
 * and `catalog:` ranges are resolved in what is published, as the manager does) and writes the lockfile after
 * a version change (so a frozen install passes on the release commit).
 */
export interface PackageManager {
  name: PackageManagerName;
  /** What told it apart: `packageManager in package.json`, `pnpm-lock.yaml`, or `the default`. */
  evidence: string;
  /** Its lockfile, workspace-relative, when the workspace has one. */
  lockfile: string | null;
  /** Whether its publish resolves `workspace:` and `catalog:` ranges; where not, such a range stops the release. */
  resolvesProtocols: boolean;
  /** Whether the manager itself rewrites its lockfile after a version change (npm's is edited with the manifests). */
  updatesLockfile: boolean;
  /** Fails, saying what to install, when the manager is not on PATH. */
  verify(root: string): Promise<void>;
  publish(dir: string, tag: string, options: PublishOptions): Promise<void>;
  /** Rewrites the lockfile for the versions now in the manifests, installing nothing; false when it has none to keep. */
  updateLockfile(root: string): Promise<boolean>;
}

const LOCKFILES: Array<[string, PackageManagerName]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

/** The command that rewrites a manager's lockfile from the manifests, for the advice when it cannot be read. */
const REWRITE: Record<PackageManagerName, string> = {
  npm: 'npm install --package-lock-only',
  pnpm: 'pnpm install --lockfile-only',
  yarn: 'yarn install --mode update-lockfile',
  bun: 'bun install --lockfile-only',
};

/**
 * The one-line diagnosis of a lockfile that cannot be read (Nx parses lockfiles for the project graph and
 * reports them inside its aggregate error), or null when the failure is not a lockfile's.
 */
export function brokenLockfile(error: unknown): ReleaseProcessError | null {
  for (const [file, cause] of fileErrors(error)) {
    const owner = LOCKFILES.find(([lockfile]) => lockfile === file)?.[1];
    if (!owner) continue;
    const reason =
      String((cause as Error)?.message ?? cause)
        .split('\n')
        .find((line) => line.trim()) ?? 'it cannot be parsed';
    return new ReleaseProcessError(
      `${file} is broken: ${reason.trim()}`,
      `Rewrite it with \`${REWRITE[owner]}\` (or restore it from git), commit it, then run again`,
    );
  }
  return null;
}

/** `[file, error]` pairs of Nx's createNodes errors (AggregateCreateNodesError), at any depth. */
function fileErrors(error: unknown, depth = 0): Array<[string, unknown]> {
  if (typeof error !== 'object' || error === null || depth > 3) return [];
  const record = error as { errors?: unknown; getErrors?: () => unknown[] };
  const nested = typeof record.getErrors === 'function' ? record.getErrors() : Array.isArray(record.errors) ? record.errors : [];
  return nested.flatMap((entry): Array<[string, unknown]> =>
    Array.isArray(entry) && typeof entry[0] === 'string' ? [[entry[0], entry[1]]] : fileErrors(entry, depth + 1),
  );
}

/**
 * Which manager a workspace uses, as corepack and Nx decide: the root package.json's `packageManager`
 * field first, then nx.json's `cli.packageManager`, then the lockfile present, npm by default.
 */
export function detectPackageManager(root: string): PackageManager {
  const manifest = readRootManifest(root);
  const declared = typeof manifest.packageManager === 'string' ? /^(npm|pnpm|yarn|bun)@/.exec(manifest.packageManager)?.[1] : undefined;
  const lockfile = LOCKFILES.find(([file]) => existsSync(join(root, file)));
  if (declared) return managerOf(declared as PackageManagerName, 'packageManager in package.json', root);
  const configured = nxCliPackageManager(root);
  if (configured) return managerOf(configured, 'cli.packageManager in nx.json', root);
  if (lockfile) return managerOf(lockfile[1], lockfile[0], root);
  return managerOf('npm', 'the default', root);
}

function managerOf(name: PackageManagerName, evidence: string, root: string): PackageManager {
  const lockfile = LOCKFILES.find(([file, owner]) => owner === name && existsSync(join(root, file)))?.[0] ?? null;
  switch (name) {
    case 'pnpm':
      return { name, evidence, lockfile, resolvesProtocols: true, updatesLockfile: true, ...PNPM };
    case 'bun':
      return { name, evidence, lockfile, resolvesProtocols: true, updatesLockfile: true, ...BUN };
    case 'yarn':
      // Yarn 2 and later (berry) publish with `yarn npm publish`; yarn 1 publishes as npm does.
      if (isYarnBerry(root)) return { name, evidence, lockfile, resolvesProtocols: true, updatesLockfile: true, ...YARN };
      return { name, evidence, lockfile, resolvesProtocols: false, updatesLockfile: false, ...NPM };
    default:
      // npm cannot resolve `workspace:` ranges: a package with one is refused before anything is tagged.
      return { name, evidence, lockfile, resolvesProtocols: false, updatesLockfile: false, ...NPM };
  }
}

type Behaviour = Pick<PackageManager, 'verify' | 'publish' | 'updateLockfile'>;

/** npm: the lockfile's versions are edited with the manifests (core/version-files/package-lock.ts). */
const NPM: Behaviour = {
  verify: () => Promise.resolve(),
  publish: (dir, tag, options) => publishPackage(dir, tag, options),
  updateLockfile: () => Promise.resolve(false),
};

/** What tells one manager's publish and lockfile apart from another's; the rest is the same for all. */
interface ToolSpec {
  tool: 'pnpm' | 'yarn' | 'bun';
  /** How to install it, for the error when it is missing or too old. */
  install: string;
  /** The oldest version whose publish and lockfile commands are the ones used here. */
  minimum: string;
  publishArgs(tag: string, options: PublishOptions): string[];
  /** The registry and token as the tool reads them, when not from `--registry` and npm's config. */
  publishEnv?(options: PublishOptions): { env: NodeJS.ProcessEnv; registryFlag: boolean };
  lockfiles: string[];
  lockArgs: string[];
}

/** A manager that publishes and keeps its lockfile itself, from what sets it apart. */
function toolBehaviour(spec: ToolSpec): Behaviour {
  const reason = (result: { stdout: string; stderr: string }) =>
    firstLine(`${result.stderr}\n${result.stdout}`.replace(/^➤ YN\d+: /gm, ''));
  return {
    async verify(root) {
      const result = await runPackageTool(spec.tool, ['--version'], root);
      if (result.code !== 0) {
        throw new ReleaseProcessError(
          `this workspace uses ${spec.tool}, and ${firstLine(result.stderr) || `${spec.tool} does not run`}`,
          `Install it (${spec.install}), then run again`,
        );
      }
      const version = coerce(result.stdout.trim())?.version;
      if (version && lt(version, spec.minimum)) {
        throw new ReleaseProcessError(
          `this workspace uses ${spec.tool} ${version}, and releasing through it needs ${spec.tool} ${spec.minimum} or later`,
          `Update it (${spec.install}), then run again`,
        );
      }
    },
    async publish(dir, tag, options) {
      const result = await runPackageTool(spec.tool, spec.publishArgs(tag, options), dir, options.registry, spec.publishEnv?.(options));
      if (result.code !== 0) {
        throw new ReleaseProcessError(
          `${spec.tool} publish of ${dir} failed: ${reason(result)}`,
          'Fix the cause, then run the release again: it skips what is done',
        );
      }
    },
    async updateLockfile(root) {
      const lockfile = spec.lockfiles.find((file) => existsSync(join(root, file)));
      if (!lockfile) return false;
      const result = await runPackageTool(spec.tool, spec.lockArgs, root);
      if (result.code !== 0) {
        throw new ReleaseProcessError(
          `${spec.tool} could not update ${lockfile}: ${reason(result)}`,
          `Run \`${spec.tool} install\` to see why, fix it, then run again`,
        );
      }
      return true;
    },
  };
}

const accessFlags = (options: PublishOptions) => (options.access ? ['--access', options.access] : []);
const provenanceFlags = (options: PublishOptions) => (options.provenance ? ['--provenance'] : []);

/** pnpm: `pnpm publish` packs with `workspace:` and `catalog:` resolved; `pnpm install --lockfile-only` keeps the lock. */
const PNPM = toolBehaviour({
  tool: 'pnpm',
  install: 'corepack enable, or npm install --global pnpm',
  // `pnpm install --lockfile-only` with catalogs and lockfile v9.
  minimum: '9.0.0',
  // The release step has checked the tree and pushed; pnpm's own git check would refuse a tag's checkout.
  publishArgs: (tag, options) => ['publish', '--no-git-checks', '--tag', tag, ...provenanceFlags(options), ...accessFlags(options)],
  lockfiles: ['pnpm-lock.yaml'],
  // Workspace versions only: nothing to fetch, and no script of any package runs. In CI pnpm freezes the
  // lockfile by default; changing it is the point here.
  lockArgs: ['install', '--lockfile-only', '--no-frozen-lockfile', '--ignore-scripts', '--prefer-offline'],
});

/** yarn 2+: a `packageManager` of yarn@2 or later, a `.yarnrc.yml`, or a yarn.lock with berry's `__metadata`. */
function isYarnBerry(root: string): boolean {
  const declared = readRootManifest(root).packageManager;
  if (typeof declared === 'string' && /^yarn@/.test(declared)) return !/^yarn@1\./.test(declared);
  if (existsSync(join(root, '.yarnrc.yml'))) return true;
  try {
    return /^__metadata:/m.test(readFileSync(join(root, 'yarn.lock'), 'utf8'));
  } catch {
    return false;
  }
}

/** yarn reads the registry and its token from its own variables; plain http only for a loopback registry. */
function yarnRegistryEnv(registry: string | undefined): NodeJS.ProcessEnv {
  if (!registry) return {};
  const url = new URL(registry);
  const token = registryToken();
  return {
    YARN_NPM_REGISTRY_SERVER: registry,
    YARN_NPM_PUBLISH_REGISTRY: registry,
    ...(token ? { YARN_NPM_AUTH_TOKEN: token } : {}),
    ...(url.protocol === 'http:' && /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(url.hostname)
      ? { YARN_UNSAFE_HTTP_WHITELIST: url.hostname }
      : {}),
  };
}

/** yarn 2+: `yarn npm publish` packs with `workspace:` ranges resolved; `yarn install --mode update-lockfile` keeps yarn.lock. */
const YARN = toolBehaviour({
  tool: 'yarn',
  install: 'corepack enable',
  // `yarn install --mode update-lockfile`.
  minimum: '3.0.0',
  publishArgs: (tag, options) => ['npm', 'publish', '--tag', tag, ...provenanceFlags(options), ...accessFlags(options)],
  publishEnv: (options) => ({ env: yarnRegistryEnv(options.registry), registryFlag: false }),
  lockfiles: ['yarn.lock'],
  // In CI yarn makes installs immutable by default; changing the lockfile is the point here.
  lockArgs: ['install', '--mode', 'update-lockfile', '--no-immutable'],
});

/** bun: `bun publish` packs with `workspace:` and `catalog:` resolved; `bun install --lockfile-only` keeps bun.lock. */
const BUN = toolBehaviour({
  tool: 'bun',
  install: 'npm install --global bun, or its own installer',
  // `bun publish` and the text bun.lock.
  minimum: '1.2.0',
  // bun takes the token from NPM_CONFIG_TOKEN; provenance is npm's and pnpm's, not bun's.
  publishArgs: (tag, options) => ['publish', '--tag', tag, ...accessFlags(options)],
  publishEnv: () => {
    const token = registryToken();
    return { env: token ? { NPM_CONFIG_TOKEN: token } : {}, registryFlag: true };
  },
  lockfiles: ['bun.lock', 'bun.lockb'],
  lockArgs: ['install', '--lockfile-only', '--ignore-scripts'],
});

/** The manager nx.json's `cli.packageManager` names, as Nx's own commands use it. */
function nxCliPackageManager(root: string): PackageManagerName | undefined {
  try {
    const configured = (JSON.parse(readFileSync(join(root, 'nx.json'), 'utf8')) as { cli?: { packageManager?: unknown } }).cli
      ?.packageManager;
    return ['npm', 'pnpm', 'yarn', 'bun'].includes(configured as string) ? (configured as PackageManagerName) : undefined;
  } catch {
    return undefined;
  }
}

function readRootManifest(root: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * The `workspace:` and `catalog:` ranges of a package.json, which only the manager that wrote them can turn
 * into real ranges at publish time: `["b: workspace:^"]`.
 */
export function protocolRanges(manifest: Record<string, unknown>): string[] {
  const found: string[] = [];
  for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
    const declared = manifest[field];
    if (typeof declared !== 'object' || declared === null) continue;
    for (const [name, range] of Object.entries(declared as Record<string, unknown>)) {
      if (typeof range === 'string' && /^(workspace|catalog):/.test(range)) found.push(`${name}: ${range}`);
    }
  }
  return found;
}

/** A lockfile a version change must carry, and how its own tool rewrites it. */
export interface KeptLockfile {
  /** Workspace-relative. */
  path: string;
  /** Fails, saying what to install, when the tool that keeps it does not run. */
  verify(): Promise<void>;
  update(): Promise<boolean>;
}

/**
 * Every lockfile of the workspace that records its own versions: the JavaScript manager's, and the
 * Cargo.lock and uv.lock of the root and of each project given. Each commit
 * that changes versions carries them as their tools write them, so a frozen install passes.
 */
export function lockfilesToKeep(root: string, projectRoots: string[] = []): KeptLockfile[] {
  const kept: KeptLockfile[] = [];
  const manager = detectPackageManager(root);
  if (manager.updatesLockfile && manager.lockfile) {
    kept.push({ path: manager.lockfile, verify: () => manager.verify(root), update: () => manager.updateLockfile(root) });
  }
  for (const folder of new Set(['', ...projectRoots])) {
    const dir = join(root, folder);
    if (existsSync(join(dir, 'Cargo.lock')) && existsSync(join(dir, 'Cargo.toml'))) {
      const path = folder ? `${folder}/Cargo.lock` : 'Cargo.lock';
      kept.push({ path, verify: () => verifyCargo(dir), update: () => updateCargoLockfile(dir) });
    }
    // uv.lock records the project's own version too: rewritten by uv, offline.
    if (existsSync(join(dir, 'uv.lock')) && existsSync(join(dir, 'pyproject.toml'))) {
      const path = folder ? `${folder}/uv.lock` : 'uv.lock';
      kept.push({ path, verify: () => verifyUv(dir), update: () => updateUvLockfile(dir) });
    }
  }
  return kept;
}
