import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReleaseProcessError } from '../core/release-error';
import { firstLine, publishPackage, runPackageTool, type RegistryOptions } from './npm-registry';

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

/**
 * Which manager a workspace uses, as corepack and Nx decide: the root package.json's `packageManager`
 * field first, then the lockfile present, npm by default.
 */
export function detectPackageManager(root: string): PackageManager {
  const manifest = readRootManifest(root);
  const declared = typeof manifest.packageManager === 'string' ? /^(npm|pnpm|yarn|bun)@/.exec(manifest.packageManager)?.[1] : undefined;
  const lockfile = LOCKFILES.find(([file]) => existsSync(join(root, file)));
  if (declared) return managerOf(declared as PackageManagerName, 'packageManager in package.json', root);
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
      // yarn and bun publish through npm here, as before: fine for plain ranges, refused for `workspace:` ones.
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

/** pnpm: `pnpm publish` packs with `workspace:` and `catalog:` resolved; `pnpm install --lockfile-only` keeps the lock. */
const PNPM: Behaviour = {
  async verify(root) {
    const result = await runPackageTool('pnpm', ['--version'], root);
    if (result.code !== 0) {
      throw new ReleaseProcessError(
        `this workspace uses pnpm, and ${firstLine(result.stderr) || 'pnpm does not run'}`,
        'Install it (corepack enable, or npm install --global pnpm), then run again',
      );
    }
  },
  async publish(dir, tag, options) {
    const flags = [
      'publish',
      '--no-git-checks', // the release step has checked the tree and pushed; pnpm's own check would refuse a tag checkout
      '--tag',
      tag,
      ...(options.provenance ? ['--provenance'] : []),
      ...(options.access ? ['--access', options.access] : []),
    ];
    const result = await runPackageTool('pnpm', flags, dir, options.registry);
    if (result.code !== 0) {
      throw new ReleaseProcessError(
        `pnpm publish of ${dir} failed: ${firstLine(`${result.stderr}\n${result.stdout}`)}`,
        'Fix the cause, then run the release again: it skips what is done',
      );
    }
  },
  async updateLockfile(root) {
    if (!existsSync(join(root, 'pnpm-lock.yaml'))) return false;
    // Workspace versions only: nothing to fetch, and no script of any package runs.
    const result = await runPackageTool('pnpm', ['install', '--lockfile-only', '--ignore-scripts', '--prefer-offline'], root);
    if (result.code !== 0) {
      throw new ReleaseProcessError(
        `pnpm could not update pnpm-lock.yaml: ${firstLine(`${result.stderr}\n${result.stdout}`)}`,
        'Run `pnpm install` to see why, fix it, then run again',
      );
    }
    return true;
  },
};

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
  const token = process.env.NPM_TOKEN ?? process.env.NODE_AUTH_TOKEN;
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
const YARN: Behaviour = {
  async verify(root) {
    const result = await runPackageTool('yarn', ['--version'], root);
    if (result.code !== 0) {
      throw new ReleaseProcessError(
        `this workspace uses yarn, and ${firstLine(result.stderr) || 'yarn does not run'}`,
        'Install it (corepack enable), then run again',
      );
    }
  },
  async publish(dir, tag, options) {
    const flags = [
      'npm',
      'publish',
      '--tag',
      tag,
      ...(options.provenance ? ['--provenance'] : []),
      ...(options.access ? ['--access', options.access] : []),
    ];
    const result = await runPackageTool('yarn', flags, dir, options.registry, {
      env: yarnRegistryEnv(options.registry),
      registryFlag: false,
    });
    if (result.code !== 0) {
      throw new ReleaseProcessError(
        `yarn npm publish of ${dir} failed: ${firstLine(`${result.stdout}\n${result.stderr}`.replace(/^➤ YN\d+: /gm, ''))}`,
        'Fix the cause, then run the release again: it skips what is done',
      );
    }
  },
  async updateLockfile(root) {
    if (!existsSync(join(root, 'yarn.lock'))) return false;
    const result = await runPackageTool('yarn', ['install', '--mode', 'update-lockfile'], root);
    if (result.code !== 0) {
      throw new ReleaseProcessError(
        `yarn could not update yarn.lock: ${firstLine(`${result.stdout}\n${result.stderr}`.replace(/^➤ YN\d+: /gm, ''))}`,
        'Run `yarn install` to see why, fix it, then run again',
      );
    }
    return true;
  },
};

/** bun: `bun publish` packs with `workspace:` and `catalog:` resolved; `bun install --lockfile-only` keeps bun.lock. */
const BUN: Behaviour = {
  async verify(root) {
    const result = await runPackageTool('bun', ['--version'], root);
    if (result.code !== 0) {
      throw new ReleaseProcessError(
        `this workspace uses bun, and ${firstLine(result.stderr) || 'bun does not run'}`,
        'Install it (npm install --global bun, or its own installer), then run again',
      );
    }
  },
  async publish(dir, tag, options) {
    const flags = ['publish', '--tag', tag, ...(options.access ? ['--access', options.access] : [])];
    // bun takes the token from NPM_CONFIG_TOKEN; provenance is npm's and pnpm's, not bun's.
    const token = process.env.NPM_TOKEN ?? process.env.NODE_AUTH_TOKEN;
    const result = await runPackageTool('bun', flags, dir, options.registry, { env: token ? { NPM_CONFIG_TOKEN: token } : {} });
    if (result.code !== 0) {
      throw new ReleaseProcessError(
        `bun publish of ${dir} failed: ${firstLine(`${result.stderr}\n${result.stdout}`)}`,
        'Fix the cause, then run the release again: it skips what is done',
      );
    }
  },
  async updateLockfile(root) {
    if (!existsSync(join(root, 'bun.lock')) && !existsSync(join(root, 'bun.lockb'))) return false;
    const result = await runPackageTool('bun', ['install', '--lockfile-only', '--ignore-scripts'], root);
    if (result.code !== 0) {
      throw new ReleaseProcessError(
        `bun could not update its lockfile: ${firstLine(`${result.stderr}\n${result.stdout}`)}`,
        'Run `bun install` to see why, fix it, then run again',
      );
    }
    return true;
  },
};

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
