import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { linkInstalledPackages } from '../../../../tools/demo/sample-monorepo';
import { registryAuthKey } from '../adapters/npm-registry';
import { addBareOrigin } from '../testing/bare-origin';
import { runCli } from '../testing/run-cli';
import { runNx } from '../testing/run-nx';
import { TempRepo } from '../testing/temp-repo';
import { startLocalRegistry, type LocalRegistry } from '../testing/verdaccio';
import { passGates } from '../testing/gates';

const NPM_TOKEN = 'npm_fake_token_for_manager_workspaces';
const PREPACK = `node -e "require('fs').writeFileSync('prepacked', '')"`;
// The pinned pnpm, yarn and bun of this repository's devDependencies, first in PATH as a user's would be.
const BIN = resolve(__dirname, '../../../../node_modules/.bin');
const DEFAULT_PATH = `${BIN}:${process.env.PATH}`;

interface Manager {
  name: 'npm' | 'pnpm' | 'yarn' | 'bun';
  label: string;
  /** A version other than the repository's pinned one, installed for the test from the registry. */
  fromRegistry?: string;
  /** Root files that make the workspace this manager's. */
  files: Record<string, string>;
  /** How `a` names `b`: `workspace:^` where the manager has it. */
  range: string;
  /** How its users install (workspace links only: nothing to fetch), then lock and commit. */
  install: string[][];
  lockfile: string;
  /** The install CI runs on the release commit. */
  frozen: string[];
  /** `a` also names `c`, a package from the registry, through pnpm's `catalog:`. */
  catalog?: boolean;
}

/**
 * A pnpm workspace of that pnpm version: the same for 9 and 10 but for the packageManager field. `a` names
 * `c` from the registry through the workspace's catalog, as pnpm users share versions.
 */
function pnpm(version: string): Manager {
  return {
    name: 'pnpm',
    label: `pnpm ${version.split('.')[0]}`,
    files: {
      'package.json': `${JSON.stringify({ name: 'ws', private: true, packageManager: `pnpm@${version}` }, null, 2)}\n`,
      'pnpm-workspace.yaml': 'packages:\n  - packages/*\ncatalog:\n  c: ^1.0.0\n',
    },
    catalog: true,
    install: [['install', '--no-frozen-lockfile']],
    range: 'workspace:^',
    lockfile: 'pnpm-lock.yaml',
    frozen: ['install', '--frozen-lockfile', '--offline'],
  };
}

const MANAGERS: Manager[] = [
  {
    name: 'npm',
    label: 'npm 11',
    files: {
      'package.json': `${JSON.stringify({ name: 'ws', private: true, workspaces: ['packages/*'] }, null, 2)}\n`,
    },
    range: '^1.0.0',
    install: [['install', '--package-lock-only', '--no-audit', '--no-fund']],
    lockfile: 'package-lock.json',
    frozen: ['ci', '--no-audit', '--no-fund', '--offline'],
  },
  pnpm('10.34.8'),
  { ...pnpm('9.15.9'), fromRegistry: 'pnpm@9.15.9' },
  {
    name: 'yarn',
    label: 'yarn 4',
    files: {
      'package.json': `${JSON.stringify({ name: 'ws', private: true, packageManager: 'yarn@4.18.1', workspaces: ['packages/*'] }, null, 2)}\n`,
      '.yarnrc.yml': 'nodeLinker: node-modules\nenableTelemetry: false\nenableGlobalCache: false\n',
    },
    // As a developer runs it, not CI (which makes installs immutable): the lockfile is written.
    install: [['install', '--no-immutable']],
    range: 'workspace:^',
    lockfile: 'yarn.lock',
    frozen: ['install', '--immutable'],
  },
  {
    name: 'yarn',
    label: 'yarn 4 PnP',
    files: {
      'package.json': `${JSON.stringify({ name: 'ws', private: true, packageManager: 'yarn@4.18.1', workspaces: ['packages/*'] }, null, 2)}\n`,
      '.yarnrc.yml': 'nodeLinker: pnp\nenableTelemetry: false\nenableGlobalCache: false\n',
    },
    install: [['install', '--no-immutable']],
    range: 'workspace:^',
    lockfile: 'yarn.lock',
    frozen: ['install', '--immutable'],
  },
  {
    // Yarn 1 has no workspace: protocol and publishes as npm does; its lockfile lists no workspace package.
    name: 'yarn',
    label: 'yarn 1',
    fromRegistry: 'yarn@1.22.22',
    files: {
      'package.json': `${JSON.stringify({ name: 'ws', private: true, packageManager: 'yarn@1.22.22', workspaces: ['packages/*'] }, null, 2)}\n`,
    },
    install: [['install', '--non-interactive', '--no-progress']],
    range: '^1.0.0',
    lockfile: 'yarn.lock',
    frozen: ['install', '--frozen-lockfile', '--offline', '--non-interactive'],
  },
  {
    name: 'bun',
    label: 'bun 1.4',
    files: {
      'package.json': `${JSON.stringify({ name: 'ws', private: true, packageManager: 'bun@1.4.5', workspaces: ['packages/*'] }, null, 2)}\n`,
    },
    install: [['install']],
    range: 'workspace:^',
    lockfile: 'bun.lock',
    frozen: ['install', '--frozen-lockfile'],
  },
];

/**
 * A workspace as each manager's users keep one: `a` depends on `b` through `workspace:^`, the lockfile, the
 * `packageManager` field; released with the real manager (pinned) to a real registry (Verdaccio).
 */
describe.each(MANAGERS)('a $label workspace, released through it', (manager) => {
  let repo: TempRepo;
  let origin: ReturnType<typeof addBareOrigin>;
  let registry: LocalRegistry;
  let PATH = DEFAULT_PATH;
  let tools: string | null = null;
  const run = (args: string[], cwd: string) =>
    execFileSync(manager.name, args, { cwd, encoding: 'utf8', env: { ...process.env, PATH }, stdio: 'pipe' });

  beforeAll(async () => {
    if (manager.fromRegistry) {
      tools = mkdtempSync(join(tmpdir(), 'manager-'));
      execFileSync('npm', ['install', '--prefix', tools, '--no-audit', '--no-fund', manager.fromRegistry], { stdio: 'pipe' });
      PATH = `${join(tools, 'node_modules', '.bin')}:${DEFAULT_PATH}`;
    }
    registry = await startLocalRegistry();
    if (manager.catalog) publishToRegistry(registry, { name: 'c', version: '1.0.0', main: 'index.js' }, "module.exports = 'c';\n");
    repo = new TempRepo(`${manager.name}-ws-`);
    repo.commit(`chore: a ${manager.name} workspace`, {
      ...manager.files,
      ...(manager.catalog ? { '.npmrc': `registry=${registry.url}\n` } : {}),
      'nx.json': `${JSON.stringify({ release: { projectsRelationship: 'independent' }, plugins: ['nx-release-process'] }, null, 2)}\n`,
      '.gitignore': 'node_modules\ndist\n.nx/cache\n.nx/workspace-data\n.yarn\n.pnp.*\nprepacked\n',
      // Each manager runs the package's own prepack on publish: it leaves a mark for the test to find.
      'packages/b/package.json': `${JSON.stringify({ name: 'b', version: '1.0.0', main: 'index.js', scripts: { prepack: PREPACK } }, null, 2)}\n`,
      'packages/b/index.js': "module.exports = 'b';\n",
      'packages/a/package.json': `${JSON.stringify({ name: 'a', version: '1.0.0', main: 'index.js', dependencies: { b: manager.range, ...(manager.catalog ? { c: 'catalog:' } : {}) } }, null, 2)}\n`,
      'packages/a/index.js': "module.exports = `a+${require('b')}`;\n",
    });
    for (const args of manager.install) run(args, repo.root);
    repo.commit('chore: lockfile', { [manager.lockfile]: readFileSync(join(repo.root, manager.lockfile), 'utf8') });
    repo.tag('a@1.0.0').tag('b@1.0.0');
    repo.commit('feat(b): say more', { 'packages/b/index.js': "module.exports = 'b!';\n" });
    linkInstalledPackages(repo.root);
    origin = addBareOrigin(repo);
  });
  afterAll(async () => {
    await registry?.stop();
    repo?.remove();
    origin?.remove();
    if (tools) rmSync(tools, { recursive: true, force: true });
  });

  /** The commit checked out here passes the manager's frozen install on a fresh clone, as CI runs it. */
  const frozenInstallPasses = () => {
    const clone = mkdtempSync(join(tmpdir(), `${manager.name}-clone-`));
    try {
      execFileSync('git', ['clone', '-q', '--branch', repo.git('rev-parse', '--abbrev-ref', 'HEAD'), repo.root, clone]);
      run(manager.frozen, clone);
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  };

  it('names the manager in the plan, keeps workspace:^ in the repository, and publishes real ranges that install anywhere', async () => {
    const planned = await runCli(repo.root, ['plan', '--json'], { PATH });
    expect(planned.stderr).toBe('');
    expect(JSON.parse(planned.stdout).workspace.packageManager).toEqual({
      name: manager.name,
      evidence: manager.name === 'npm' ? 'package-lock.json' : 'packageManager in package.json',
    });

    const branch = await runNx(repo.root, ['g', 'nx-release-process:release-branch'], { PATH });
    expect(branch.stdout + branch.stderr).toContain('commit "chore: prepare release');
    expect(branch.code).toBe(0);
    // workspace: ranges stay as they are; a plain range is moved to the new version, in the manifest and the lock.
    expect(JSON.parse(readFileSync(join(repo.root, 'packages/a/package.json'), 'utf8'))).toMatchObject({
      version: '1.0.1',
      dependencies: { b: manager.range === 'workspace:^' ? 'workspace:^' : '^1.1.0', ...(manager.catalog ? { c: 'catalog:' } : {}) },
    });
    expect(repo.git('status', '--porcelain')).toBe('');
    frozenInstallPasses();

    await passGates(repo.root);
    const released = await runCli(repo.root, ['release', '--registry', registry.url], { PATH, NPM_TOKEN });
    expect(released.stderr).not.toContain(NPM_TOKEN);
    expect(released.code).toBe(0);
    const env = { ...process.env, [`npm_config_${registryAuthKey(registry.url)}:_authToken`]: NPM_TOKEN };
    const view = (args: string[]) =>
      execFileSync('npm', ['view', ...args, '--registry', registry.url, '--json'], { encoding: 'utf8', env }).trim();
    expect(existsSync(join(repo.root, 'packages/b/prepacked'))).toBe(true);
    expect(JSON.parse(view(['a@1.0.1', 'dependencies']))).toEqual({ b: '^1.1.0', ...(manager.catalog ? { c: '^1.0.0' } : {}) });

    // A user elsewhere installs a and gets b with it.
    const user = mkdtempSync(join(tmpdir(), `${manager.name}-user-`));
    try {
      writeFileSync(join(user, 'package.json'), '{ "name": "user", "version": "1.0.0", "private": true }\n');
      execFileSync('npm', ['install', 'a@1.0.1', '--registry', registry.url, '--no-audit', '--no-fund'], { cwd: user, env, stdio: 'pipe' });
      expect(execFileSync(process.execPath, ['-e', "process.stdout.write(require('a'))"], { cwd: user, encoding: 'utf8' })).toBe('a+b!');
    } finally {
      rmSync(user, { recursive: true, force: true });
    }
  });

  it('the hotfix commit and the rollback commit pass the frozen install too', async () => {
    repo.git('checkout', '-q', 'main');
    expect(repo.git('tag', '--list').split('\n')).toEqual(expect.arrayContaining(['b@1.1.0']));
    const fix = repo.commit('fix(b): guard the greeting', { 'packages/b/index.js': "module.exports = 'b!!';\n" });
    const hotfix = await runNx(repo.root, ['g', 'nx-release-process:hotfix', 'b@1.1.0', `--commits=${fix}`], { PATH });
    expect(hotfix.stdout + hotfix.stderr).toContain('ready on hotfix/');
    expect(hotfix.code).toBe(0);
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('hotfix/b@1.1.1');
    expect(repo.git('status', '--porcelain')).toBe('');
    frozenInstallPasses();
    await passGates(repo.root);
    expect((await runCli(repo.root, ['release', '--registry', registry.url], { PATH, NPM_TOKEN })).code).toBe(0);

    const rollback = await runNx(repo.root, ['g', 'nx-release-process:rollback', 'b@1.1.1', '--reason=greets twice'], { PATH });
    expect(rollback.stdout + rollback.stderr).toContain('Reverted b@1.1.1');
    expect(rollback.code).toBe(0);
    expect(repo.git('status', '--porcelain')).toBe('');
    frozenInstallPasses();
  });
});

/** Publishes a package from the registry's outside world, as another team would have. */
function publishToRegistry(registry: LocalRegistry, manifest: Record<string, string>, index: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'upstream-'));
  try {
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(join(dir, 'index.js'), index);
    const env = { ...process.env, [`npm_config_${registryAuthKey(registry.url)}:_authToken`]: NPM_TOKEN };
    execFileSync('npm', ['publish', '--registry', registry.url], { cwd: dir, env, stdio: 'pipe' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a workspace whose manager cannot resolve workspace: ranges', () => {
  it('refuses before anything is tagged, naming the package and its range', async () => {
    const repo = new TempRepo('npm-ws-');
    try {
      repo.commit('chore: an npm workspace with a workspace: range', {
        'package.json': `${JSON.stringify({ name: 'ws', private: true, workspaces: ['packages/*'] }, null, 2)}\n`,
        'nx.json': `${JSON.stringify({ release: { projectsRelationship: 'independent' }, plugins: ['nx-release-process'] }, null, 2)}\n`,
        'packages/b/package.json': `${JSON.stringify({ name: 'b', version: '1.0.1', main: 'index.js' }, null, 2)}\n`,
        'packages/b/index.js': "module.exports = 'b';\n",
        'packages/a/package.json': `${JSON.stringify({ name: 'a', version: '1.0.1', main: 'index.js', dependencies: { b: 'workspace:^' } }, null, 2)}\n`,
        'packages/a/index.js': "module.exports = 'a';\n",
      });
      linkInstalledPackages(repo.root);
      const origin = addBareOrigin(repo);
      try {
        await passGates(repo.root);
        const result = await runCli(repo.root, ['release', '--registry', 'http://127.0.0.1:9/']);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(
          'publishing through npm would ship workspace ranges as they are: a (b: workspace:^); nothing was released',
        );
        expect(repo.git('tag', '--list')).toBe('');
      } finally {
        origin.remove();
      }
    } finally {
      repo.remove();
    }
  });

  it('says which manager is missing, and which workspace: range names no package, before anything is written', async () => {
    const repo = new TempRepo('pnpm-missing-');
    try {
      repo.commit('chore: a pnpm workspace', {
        'package.json': `${JSON.stringify({ name: 'ws', private: true, packageManager: 'pnpm@10.34.8' }, null, 2)}\n`,
        'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
        'nx.json': `${JSON.stringify({ release: { projectsRelationship: 'independent' }, plugins: ['nx-release-process'] }, null, 2)}\n`,
        'packages/a/package.json': `${JSON.stringify({ name: 'a', version: '1.0.1', dependencies: { gone: 'workspace:^' } }, null, 2)}\n`,
      });
      linkInstalledPackages(repo.root);
      const origin = addBareOrigin(repo);
      try {
        // PATH with node and git but no pnpm.
        const bare = { PATH: `${dirname(process.execPath)}:/usr/bin:/bin` };
        await passGates(repo.root);
        const missing = await runCli(repo.root, ['release', '--registry', 'http://127.0.0.1:9/', '--dry-run'], bare);
        expect(missing.code).toBe(1);
        expect(missing.stderr).toContain(
          'this workspace uses pnpm, and pnpm is not on PATH. Install it (corepack enable, or npm install --global pnpm), then run again',
        );
        await passGates(repo.root);
        const dangling = await runCli(repo.root, ['release', '--registry', 'http://127.0.0.1:9/'], { PATH: DEFAULT_PATH });
        expect(dangling.code).toBe(1);
        expect(dangling.stderr).toContain('a (gone: workspace:^) names no package of this workspace; nothing was released');
        expect(repo.git('tag', '--list')).toBe('');
      } finally {
        origin.remove();
      }
    } finally {
      repo.remove();
    }
  });

  it('names a lockfile Nx cannot parse and the command that rewrites it, in one line, before anything is written', async () => {
    const repo = new TempRepo('pnpm-broken-');
    try {
      repo.commit('chore: a pnpm workspace with a damaged lockfile', {
        'package.json': `${JSON.stringify({ name: 'ws', private: true, packageManager: 'pnpm@10.34.8' }, null, 2)}\n`,
        'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
        'pnpm-lock.yaml': "lockfileVersion: '9.0'\nimporters: [\n  bad: {\n",
        '.gitignore': 'node_modules\n.nx\n',
        'nx.json': `${JSON.stringify({ release: { projectsRelationship: 'independent' }, plugins: ['nx-release-process'] }, null, 2)}\n`,
        'packages/a/package.json': `${JSON.stringify({ name: 'a', version: '1.0.1' }, null, 2)}\n`,
      });
      linkInstalledPackages(repo.root);
      for (const args of [['plan'], ['release', '--registry', 'http://127.0.0.1:9/']]) {
        const result = await runCli(repo.root, args, { PATH: DEFAULT_PATH });
        expect(result.code).toBe(1);
        expect(result.stderr.trim()).toMatch(
          /^release-process: pnpm-lock\.yaml is broken: unexpected end of the stream .*\. Rewrite it with `pnpm install --lockfile-only` \(or restore it from git\), commit it, then run again$/,
        );
      }
      expect(repo.git('status', '--porcelain')).toBe('');
      expect(repo.git('tag', '--list')).toBe('');
    } finally {
      repo.remove();
    }
  });
});
