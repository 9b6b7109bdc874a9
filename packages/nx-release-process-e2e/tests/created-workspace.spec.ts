import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishPackage } from '../../nx-release-process/src/adapters/npm-registry';
import { addBareOrigin } from '../../nx-release-process/src/testing/bare-origin';
import { runCommand, runNode, type ProcessResult } from '../../nx-release-process/src/testing/run-node';
import { GIT_ENV, TempRepo } from '../../nx-release-process/src/testing/temp-repo';
import { startGitHubApiMock, type GitHubApiMock } from '../../nx-release-process/src/testing/github-api-mock';
import { startLocalRegistry, type LocalRegistry } from '../../nx-release-process/src/testing/verdaccio';
import { SLACK_AND_WEBHOOK, startWebhookReceivers, type WebhookReceivers } from '../../nx-release-process/src/testing/webhook-receivers';
import { everyItemSignedOff } from '../../nx-release-process/src/testing/sign-offs';

const PLUGIN_DIR = join(__dirname, '../../nx-release-process');
const PLUGIN_VERSION = JSON.parse(readFileSync(join(PLUGIN_DIR, 'package.json'), 'utf8')).version as string;
const NX_VERSION = '23.2.1';
const SETUP_TIMEOUT = 15 * 60_000;
// A test here builds, releases and publishes a workspace: over a minute while the other suites run beside it.
jest.setTimeout(4 * 60_000);

/**
 * A new user's workspace, start to finish: `create-nx-workspace --preset=ts`, two scoped TypeScript
 * libraries made by `@nx/js:library` (`@ws/api` depends on `@ws/core`), a Python project whose pyproject
 * says `dynamic = ["version"]` (the version lives in `src/pyproj/version.py`, bump2version lists its README),
 * the plugin installed from a registry (Verdaccio), `release.projects: ["packages/*"]`, then the README's
 * commands in order: plan, changelog, release-notes, release-branch, the gates, the report and the release;
 * then a rollback of @ws/core for its users (npm, the GitHub stand-in, webhooks, the dashboard) and its fix.
 */
describe('a workspace made by create-nx-workspace, released with the README commands', () => {
  let registry: LocalRegistry;
  let parent: string;
  let repo: TempRepo;
  let origin: ReturnType<typeof addBareOrigin>;
  let github: GitHubApiMock;
  let hooks: WebhookReceivers;
  const env = () => ({
    ...GIT_ENV,
    GITHUB_TOKEN: 'e2e-github-token',
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: 'acme/ws',
    SLACK_WEBHOOK_URL: hooks.urls.slack,
    RELEASE_WEBHOOK_URL: hooks.urls.webhook,
    NPM_TOKEN: 'e2e-token',
    npm_config_registry: registry.url,
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    NX_ISOLATE_PLUGINS: 'true', // Nx's default, as users have it
  });
  const must = async (what: string, result: Promise<ProcessResult>) => {
    const done = await result;
    if (done.code !== 0) throw new Error(`${what} failed (${done.code}):\n${done.stdout.slice(-3000)}\n${done.stderr.slice(-3000)}`);
    return done;
  };
  const nx = (...args: string[]) => runNode(join(repo.root, 'node_modules/nx/dist/bin/nx.js'), args, repo.root, env());
  const releaseProcess = (...args: string[]) => runCommand(join(repo.root, 'node_modules/.bin/release-process'), args, repo.root, env());
  const read = (path: string) => readFileSync(join(repo.root, path), 'utf8');
  const json = (path: string) => JSON.parse(read(path));
  const editJson = (path: string, edit: (value: Record<string, unknown>) => void) => {
    const value = json(path);
    edit(value);
    writeFileSync(join(repo.root, path), `${JSON.stringify(value, null, 2)}\n`);
  };

  beforeAll(async () => {
    registry = await startLocalRegistry({ proxy: true, local: ['nx-release-process', '@ws/*'] });
    github = await startGitHubApiMock('acme/ws', 'e2e-github-token');
    hooks = await startWebhookReceivers();
    process.env.NPM_TOKEN = 'e2e-token';
    await publishPackage(PLUGIN_DIR, false, { registry: registry.url });

    parent = mkdtempSync(join(tmpdir(), 'created-workspace-'));
    await must(
      'create-nx-workspace',
      runCommand(
        'npx',
        ['-y', `create-nx-workspace@${NX_VERSION}`, 'ws', '--preset=ts', '--nxCloud=skip', '--no-interactive'],
        parent,
        env(),
      ),
    );
    repo = new TempRepo('', join(parent, 'ws'));
    repo.git('branch', '-M', 'main');
    for (const name of ['core', 'api']) {
      await must(
        `nx g @nx/js:library packages/${name}`,
        nx('g', '@nx/js:library', `packages/${name}`, '--bundler=tsc', '--unitTestRunner=none', '--linter=none', '--no-interactive'),
      );
      // @nx/js makes private libraries; these two are to be published.
      editJson(`packages/${name}/package.json`, (manifest) => delete manifest.private);
    }
    // @ws/core documents its API and deploys its docs through its own Nx targets.
    editJson('packages/core/package.json', (manifest) => {
      manifest.nx = {
        targets: {
          'api-docs': {
            cache: true,
            command: "node -e \"require('fs').mkdirSync('dist/api',{recursive:true})\"",
            options: { cwd: 'packages/core' },
          },
          'docs-deploy': {
            command: "node -e \"require('fs').writeFileSync('dist/deployed.txt', require('./package.json').version)\"",
            options: { cwd: 'packages/core' },
          },
        },
      };
    });
    editJson('packages/api/package.json', (manifest) => {
      manifest.dependencies = { ...(manifest.dependencies as object), '@ws/core': '^0.0.1' };
    });
    repo.write({
      'packages/api/src/lib/api.ts':
        "import { core } from '@ws/core';\n\nexport function api(): string {\n  return `api on ${core()}`;\n}\n",
      'packages/pyproj/project.json': `${JSON.stringify({ name: 'pyproj', $schema: '../../node_modules/nx/schemas/project-schema.json' }, null, 2)}\n`,
      'packages/pyproj/pyproject.toml':
        '[project]\nname = "pyproj"\ndynamic = ["version"]\n\n[tool.setuptools.dynamic]\nversion = { attr = "pyproj.version.__version__" }\n',
      'packages/pyproj/src/pyproj/__init__.py': 'from .version import __version__\n',
      'packages/pyproj/src/pyproj/version.py': '__version__ = "0.4.0"\n',
      'packages/pyproj/README.md': '# pyproj\n\nInstall with `pip install pyproj==0.4.0`.\n',
      'packages/pyproj/.bumpversion.cfg':
        '[bumpversion]\ncurrent_version = 0.4.0\n\n[bumpversion:file:README.md]\nsearch = pyproj=={current_version}\n',
    });
    await must('npm install', runCommand('npm', ['install', '--save-dev', `nx-release-process@${PLUGIN_VERSION}`], repo.root, env()));
    // What Nx asks for once @ws/api imports @ws/core: the TypeScript project references.
    await must('nx sync', nx('sync'));
    repo.commit('chore: libraries core and api, and the pyproj package');
    for (const tag of ['@ws/core@0.0.1', '@ws/api@0.0.1', 'pyproj@0.4.0']) repo.tag(tag);
    await publishPackage(join(repo.root, 'packages/core'), false, { registry: registry.url }); // what users have before

    await must('nx g nx-release-process:init', nx('g', 'nx-release-process:init'));
    // init formats what it writes: the workspace's own Prettier check stays clean.
    await must(
      'prettier --check .',
      runNode(join(repo.root, 'node_modules/prettier/bin/prettier.cjs'), ['--check', '.'], repo.root, env()),
    );
    editJson('nx.json', (nxJson) => {
      (nxJson.release as Record<string, unknown>).projects = ['packages/*'];
      // An nx release setup's workspace changelog carries over.
      (nxJson.release as Record<string, unknown>).changelog = { workspaceChangelog: true };
      const plugin = (nxJson.plugins as Array<{ plugin: string; options?: Record<string, unknown> }>).find(
        (entry) => entry.plugin === 'nx-release-process',
      )!;
      plugin.options = {
        ...plugin.options,
        docsDeployTarget: 'docs-deploy',
        announcements: SLACK_AND_WEBHOOK,
      };
    });
    repo.commit('chore: set up nx-release-process');
    repo.commit('feat(core): greet by name (#12)', {
      'packages/core/src/lib/core.ts': "export function core(name = 'core'): string {\n  return `hello ${name}`;\n}\n",
    });
    repo.commit('fix(api): say which core it runs on', {
      'packages/api/src/lib/api.ts':
        "import { core } from '@ws/core';\n\nexport function api(): string {\n  return `api 1 on ${core()}`;\n}\n",
    });
    repo.commit('feat(pyproj): faster solver', { 'packages/pyproj/src/pyproj/solver.py': 'def solve():\n    return 42\n' });
    origin = addBareOrigin(repo);
  }, SETUP_TIMEOUT);

  afterAll(async () => {
    await registry?.stop();
    await github?.close();
    await hooks?.close();
    if (parent) rmSync(parent, { recursive: true, force: true });
    origin?.remove();
  });

  it('plans the three projects under packages/ and leaves out the private workspace root', async () => {
    const plan = JSON.parse((await must('plan', releaseProcess('plan', '--json'))).stdout) as {
      projects: Array<{ name: string; nextVersion: string | null }>;
    };
    expect(Object.fromEntries(plan.projects.map((project) => [project.name, project.nextVersion]))).toEqual({
      '@ws/api': '0.0.2',
      '@ws/core': '0.0.2',
      pyproj: '0.4.1',
    });
    // init registered the plugin once; run again, it changes nothing
    expect(json('nx.json').plugins).toEqual(expect.arrayContaining([expect.objectContaining({ plugin: 'nx-release-process' })]));
    const nxJson = read('nx.json');
    await must('nx g nx-release-process:init again', nx('g', 'nx-release-process:init'));
    expect(read('nx.json')).toBe(nxJson);
    const withGates = await must('nx show projects', nx('show', 'projects', '--with-target', 'release-gate', '--json'));
    expect(JSON.parse(withGates.stdout).sort()).toEqual(['@ws/api', '@ws/core', 'pyproj']);
  });

  it('prepares the release in the README order, and the release commit takes the drafts', async () => {
    await must('nx g changelog', nx('g', 'changelog'));
    await must('nx g release-notes', nx('g', 'release-notes'));
    writeFileSync(join(repo.root, 'RELEASE_NOTES.md'), `${read('RELEASE_NOTES.md')}\nReviewed by the release manager.\n`);
    const branch = await must('nx g release-branch', nx('g', 'release-branch'));
    expect(branch.stdout + branch.stderr).toContain('release-branch will create release/@ws/core@0.0.2+2 from main');
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('release/@ws/core@0.0.2+2');
    expect(repo.git('status', '--porcelain')).toBe('');
    const committed = repo.git('show', '--name-only', '--format=', 'HEAD').split('\n').sort();
    expect(committed).toEqual([
      'CHANGELOG.md',
      'RELEASE_NOTES.md',
      'package-lock.json',
      'packages/api/CHANGELOG.md',
      'packages/api/package.json',
      'packages/core/CHANGELOG.md',
      'packages/core/package.json',
      'packages/pyproj/.bumpversion.cfg',
      'packages/pyproj/CHANGELOG.md',
      'packages/pyproj/README.md',
      'packages/pyproj/src/pyproj/version.py',
    ]);
    expect(read('RELEASE_NOTES.md')).toContain('Reviewed by the release manager.');
    for (const tag of ['@ws/core@0.0.2', '@ws/api@0.0.2', 'pyproj@0.4.1']) expect(read('CHANGELOG.md')).toContain(`## [${tag}]`);
    expect(read('packages/core/CHANGELOG.md')).toMatch(/- \*\*core:\*\* greet by name \(#12\) \([0-9a-f]{7}\)\n/);
    expect(read('packages/pyproj/src/pyproj/version.py')).toBe('__version__ = "0.4.1"\n');
    expect(read('packages/pyproj/README.md')).toContain('pip install pyproj==0.4.1');
    expect(json('package-lock.json').packages['packages/api']).toMatchObject({ version: '0.0.2', dependencies: { '@ws/core': '^0.0.2' } });
  });

  it('passes the gates of the three projects, and the dashboard shows each scoped project', async () => {
    repo.commit('chore: release sign-offs', { 'release-signoffs.json': everyItemSignedOff() });
    const gates = await nx('run-many', '-t', 'release-gate', '--output-style=static');
    expect(gates.stdout + gates.stderr).toContain('Successfully ran target release-gate for 3 projects');
    expect(json('dist/release-gates/@ws/core/release-gate.json').status).toBe('pass');
    const checklist = (project: string) =>
      Object.fromEntries(
        (json(`dist/release-gates/${project}/checklist-gate.json`).checks as Array<{ name: string; status: string }>).map((check) => [
          check.name,
          check.status,
        ]),
      );
    expect(checklist('@ws/core')['API documentation']).toBe('pass'); // its api-docs target ran first
    expect(checklist('@ws/api')['API documentation']).toBe('skip');
    const again = await nx('run-many', '-t', 'release-gate');
    expect(again.stdout).toMatch(/Nx read the output from the cache instead of running the command for (\d+) out of \1 tasks/);

    await must('report', releaseProcess('report'));
    const html = read('dist/release-report/dashboard.html');
    for (const project of ['@ws/core', '@ws/api', 'pyproj']) {
      const row = new RegExp(`<tr data-project="${project.replace('/', '\\/')}">(.*?)</tr>`).exec(html)?.[1] ?? '';
      expect(row).toMatch(/<td class="pass"[^>]*>pass<\/td>/);
      expect(row).not.toContain('not run');
    }
  });

  it('builds before publishing, and refuses a package npm would publish without its build', async () => {
    // The registry without its trailing slash, as users type it: the token still reaches npm.
    const release = () => releaseProcess('release', '--registry', registry.url.replace(/\/$/, ''));
    const refused = await release();
    expect(refused.stderr).toContain('build @ws/core, @ws/api (nx run-many -t build)');
    // @nx/js:library writes no "files" list, and .gitignore names dist: npm would leave the build out.
    expect(refused.stderr).toContain(
      'not publishing unbuilt packages: @ws/core would be published without dist/index.d.ts, dist/index.js (its files list, .npmignore or .gitignore leave them out)',
    );
    expect(refused.code).toBe(1);
    expect(repo.git('tag', '--points-at', 'HEAD')).toBe('');

    for (const name of ['core', 'api'])
      editJson(`packages/${name}/package.json`, (manifest) => (manifest.files = ['dist', '!**/*.tsbuildinfo']));
    repo.commit('build: publish the built files');
    // The gates passed on the manifests as they were: the release names what changed since, and waits for them.
    const stale = await release();
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/@ws\/core: its release gate judged [0-9a-f]{7}, and packages\/core\/package\.json changed since/);
    expect(origin.git('tag', '--list')).toBe('');
    await must('gates again', nx('run-many', '-t', 'release-gate'));
    const result = await release();
    expect(result.stderr).toContain('Released @ws/core@0.0.2, @ws/api@0.0.2, pyproj@0.4.1.');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('deploy the documentation: nx run-many -t docs-deploy -p @ws/core');
    expect(read('packages/core/dist/deployed.txt')).toBe('0.0.2');
    expect(origin.git('tag', '--list').split('\n').sort()).toEqual(['@ws/api@0.0.2', '@ws/core@0.0.2', 'pyproj@0.4.1']);
    const packed = mkdtempSync(join(tmpdir(), 'packed-'));
    try {
      execFileSync('npm', ['pack', '@ws/core@0.0.2', '--registry', registry.url], { cwd: packed, env: { ...process.env, ...env() } });
      const files = execFileSync('tar', ['-tzf', join(packed, 'ws-core-0.0.2.tgz')], { encoding: 'utf8' }).split('\n');
      expect(files).toEqual(expect.arrayContaining(['package/package.json', 'package/dist/index.js', 'package/dist/index.d.ts']));
    } finally {
      rmSync(packed, { recursive: true, force: true });
    }
    expect(
      github.requests.filter((request) => request.method === 'POST').map((request) => (request.body as { tag_name: string }).tag_name),
    ).toEqual(['@ws/core@0.0.2', '@ws/api@0.0.2', 'pyproj@0.4.1']);
  });

  it('rolls @ws/core 0.0.2 back for its users: the code goes, npm and GitHub move back, the channels and the dashboard tell', async () => {
    const npmView = (...args: string[]) =>
      execFileSync('npm', ['view', ...args, '--registry', registry.url, '--prefer-online'], {
        encoding: 'utf8',
        env: { ...process.env, ...env() },
      }).trim();
    expect(npmView('@ws/core', 'dist-tags.latest')).toBe('0.0.2');
    await must('nx g rollback', nx('g', 'rollback', '@ws/core@0.0.2', '--reason=greets the wrong user'));
    expect(read('packages/core/src/lib/core.ts')).not.toContain('greet by name'); // the feature's code is gone
    expect(read('packages/core/src/lib/core.ts')).not.toContain('hello ${name}');
    expect(json('packages/core/package.json').version).toBe('0.0.1');

    const rollback = await must('release-process rollback', releaseProcess('rollback', '@ws/core@0.0.2', '--registry', registry.url));
    expect(rollback.stderr).toContain('Rolled back @ws/core@0.0.2 for its users.');
    expect(origin.git('tag', '--list', '*-rollback')).toBe('@ws/core@0.0.2-rollback');
    expect(npmView('@ws/core', 'dist-tags.latest')).toBe('0.0.1');
    expect(npmView('@ws/core@0.0.2', 'deprecated')).toBe('0.0.2 was rolled back: greets the wrong user; use 0.0.1');
    const edit = github.requests.find((request) => request.method === 'PATCH');
    expect(edit?.path).toMatch(/^\/repos\/acme\/ws\/releases\/\d+$/);
    expect(edit?.body).toMatchObject({
      make_latest: 'false',
      body: expect.stringMatching(/^> \*\*Rolled back\*\* .*greets the wrong user/),
    });
    const told = hooks.accepted.filter((message) => JSON.stringify(message.body).includes('Rolled back'));
    expect(told.map((message) => message.kind).sort()).toEqual(['slack', 'webhook']);
    expect(told.find((message) => message.kind === 'webhook')?.body).toMatchObject({ event: 'rollback', reason: 'greets the wrong user' });

    await must('report', releaseProcess('report'));
    expect(read('dist/release-report/dashboard.html')).toContain('<b>Incident:</b> @ws/core 0.0.2 rolled back');
  });

  it('then a fixed @ws/core 0.0.3 waits for its gates: the failing checklist stops it, --skip-gates --reason releases it on the record', async () => {
    // The rollback reverted every commit of 0.0.2 in packages/core, its "files" list too: the fix brings it back.
    expect(json('packages/core/package.json').files).toBeUndefined();
    editJson('packages/core/package.json', (manifest) => (manifest.files = ['dist', '!**/*.tsbuildinfo']));
    repo.git('rm', '-q', 'release-signoffs.json'); // nobody has signed off this fix
    repo.commit('fix(core): greet the right user', {
      'packages/core/src/lib/core.ts': "export function core(name = 'core'): string {\n  return `hello, ${name}`;\n}\n",
    });
    await must('nx g release-branch', nx('g', 'release-branch', '--project=@ws/core'));
    expect(json('packages/core/package.json').version).toBe('0.0.3');
    const latest = () =>
      execFileSync('npm', ['view', '@ws/core', 'dist-tags.latest', '--registry', registry.url, '--prefer-online'], {
        encoding: 'utf8',
        env: { ...process.env, ...env() },
      }).trim();

    expect((await nx('run-many', '-t', 'release-gate', '-p', '@ws/core')).code).not.toBe(0);
    expect(json('dist/release-gates/@ws/core/release-gate.json').status).toBe('fail');
    const refused = await releaseProcess('release', '--project', '@ws/core', '--registry', registry.url);
    expect(refused.code).toBe(1);
    // The release gate ran the checklist itself; its report names the checklist's failing items.
    expect(refused.stderr).toMatch(
      /the gates do not clear this release: @ws\/core: its release gate failed: checklist-gate \(fail: [^)]*Code review completed[^)]*\)/,
    );
    expect(refused.stderr).toContain('--skip-gates --reason');
    expect(origin.git('tag', '--list', '@ws/core@0.0.3')).toBe('');
    expect(latest()).toBe('0.0.1');

    const reason = 'the fix is signed off in the incident call';
    const skipped = await must(
      'release --skip-gates',
      releaseProcess('release', '--project', '@ws/core', '--registry', registry.url, '--skip-gates', '--reason', reason, '--json'),
    );
    expect(JSON.parse(skipped.stdout).gatesSkipped).toMatchObject({ reason, objections: [{ project: '@ws/core' }] });
    expect(latest()).toBe('0.0.3');
    expect(origin.git('for-each-ref', '--format=%(contents)', 'refs/tags/@ws/core@0.0.3')).toContain(`Gates-Skipped: ${reason}`);
    const created = github.requests.filter((request) => request.method === 'POST').at(-1);
    expect((created?.body as { body: string }).body).toContain(`> **Released with its gates skipped:** ${reason}`);
    await must('report', releaseProcess('report'));
    const dashboard = read('dist/release-report/dashboard.html');
    expect(dashboard).not.toContain('<b>Incident:</b>');
    expect(dashboard).toContain(`<b>Gates skipped:</b> @ws/core 0.0.3 (@ws/core@0.0.3) went out without its gates clearing it: ${reason}`);
    expect(read('dist/release-report/summary.md')).toContain(
      `## Released with gates skipped\n\n- **\`@ws/core\`** 0.0.3 (\`@ws/core\`@0.0.3): ${reason}`,
    );
    expect(
      JSON.parse(read('dist/release-history/status.json')).projects.find((status: { project: string }) => status.project === '@ws/core'),
    ).toMatchObject({
      state: 'released',
      version: '0.0.3',
      incident: null,
    });
  });
});
