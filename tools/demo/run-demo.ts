import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publishPackage } from '../../packages/nx-release-process/src/adapters/npm-registry';
import { addBareOrigin } from '../../packages/nx-release-process/src/testing/bare-origin';
import { startGitHubApiMock } from '../../packages/nx-release-process/src/testing/github-api-mock';
import { hasPrometheus, startMetricsExporter, startPrometheus } from '../../packages/nx-release-process/src/testing/prometheus';
import { startLocalRegistry } from '../../packages/nx-release-process/src/testing/verdaccio';
import { SLACK_AND_WEBHOOK, startWebhookReceivers } from '../../packages/nx-release-process/src/testing/webhook-receivers';
import { addQualityEvidence, configurePlugin, createSampleMonorepo, signOff } from './sample-monorepo';

/**
 * `npm run demo`: builds the sample GPU trading monorepo in a temporary folder, with a bare repository as
 * its origin and a local npm registry, and runs the whole release process on it as a user would: the
 * built `release-process` CLI and `nx g` with the installed plugin. `--keep` leaves the folders.
 */
const CLI = join(__dirname, '../../packages/nx-release-process/bin/release-process.js');
const keep = process.argv.includes('--keep');
const started = Date.now();
const tty = process.stdout.isTTY;
const GITHUB_TOKEN = 'demo-github-token';
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  NPM_TOKEN: 'demo-token-for-the-local-registry',
};
process.env.NPM_TOKEN = env.NPM_TOKEN; // for the packages published before the demo starts

function step(title: string): void {
  process.stdout.write(tty ? `\n\x1b[1m== ${title}\x1b[0m\n\n` : `\n== ${title}\n\n`);
}

function show(command: string, output: string): void {
  process.stdout.write(`$ ${command}\n${output.endsWith('\n') || output === '' ? output : `${output}\n`}`);
}

/**
 * Runs a command and shows what it printed, progress (stderr) included; stops the demo if it fails. Not
 * spawnSync: the GitHub and webhook stand-ins answer from this process while the command runs.
 */
async function run(cwd: string, label: string, file: string, args: string[]): Promise<void> {
  const result = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  show(label, `${result.stdout}${result.stderr.replace(/^npm warn.*\n/gm, '')}`);
  if (result.status !== 0) throw new Error(`${label} exited with ${result.status}`);
}

async function main(): Promise<void> {
  const repo = createSampleMonorepo();
  const origin = addBareOrigin(repo);
  const registry = await startLocalRegistry();
  // Local stand-ins for what this machine cannot reach: the GitHub API, and Slack and a generic webhook.
  const github = await startGitHubApiMock('acme/gpu-trading', GITHUB_TOKEN);
  const hooks = await startWebhookReceivers();
  Object.assign(env, {
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: 'acme/gpu-trading',
    SLACK_WEBHOOK_URL: hooks.urls.slack,
    RELEASE_WEBHOOK_URL: hooks.urls.webhook,
  });
  configurePlugin(
    repo,
    {
      announcements: SLACK_AND_WEBHOOK,
    },
    'chore: announce releases on Slack and to the status service',
  );
  repo.git('push', '-q', 'origin', 'main');
  /** What the Slack stand-in received since `from`. */
  const slackSince = (from: number) =>
    hooks.accepted
      .slice(from)
      .filter((message) => message.kind === 'slack')
      .map((message) => (message.body as { text: string }).text)
      .join('\n---\n');
  const releaseProcess = (...args: string[]) => run(repo.root, `release-process ${args.join(' ')}`, process.execPath, [CLI, ...args]);
  const nx = (...args: string[]) =>
    run(repo.root, `nx ${args.join(' ')}`, process.execPath, [join(repo.root, 'node_modules/nx/dist/bin/nx.js'), ...args]);
  const git = (...args: string[]) => show(`git ${args.join(' ')}`, repo.git(...args));
  try {
    step('A sample monorepo: gpu-kernels <- pricing-engine <- strategy-api, and docs-site');
    process.stdout.write(`${repo.root} (origin: ${origin.path}, registry: ${registry.url})\n\n`);
    git('log', '--graph', '--oneline', '--decorate', tty ? '--color=always' : '--color=never');

    // The versions out already (the last release tags): what a rollback moves users back to.
    const published = [];
    for (const name of ['gpu-kernels', 'pricing-engine', 'strategy-api']) {
      await publishPackage(join(repo.root, 'packages', name), false, { registry: registry.url });
      published.push(`${name}@${JSON.parse(readFileSync(join(repo.root, 'packages', name, 'package.json'), 'utf8')).version}`);
    }
    process.stdout.write(`On the registry already: ${published.join(', ')}\n`);

    step('1. The release plan: bumps from conventional commits, dependents released with what they depend on');
    await releaseProcess('plan');

    step('2. The team adds smoke tests, a kernel benchmark and its sign-offs; the benchmark records a baseline');
    addQualityEvidence(repo);
    await nx('run', 'gpu-kernels:benchmark-gate', '--updateBaseline');
    repo.commit('test: record the kernel benchmark baseline');

    step('3. Prepare the release: a release branch, versions in every file, changelogs and release notes');
    await nx('g', 'nx-release-process:release-branch', '--dry-run');
    await nx('g', 'nx-release-process:release-branch');
    git('show', '--stat', '--format=%s', 'HEAD');
    git(
      'diff',
      'HEAD~1',
      '--',
      'packages/gpu-kernels/gpu_kernels/version.py',
      'packages/gpu-kernels/README.md',
      'packages/pricing-engine/src/version.ts',
    );
    show('cat RELEASE_NOTES.md', readFileSync(join(repo.root, 'RELEASE_NOTES.md'), 'utf8'));
    show('cat packages/strategy-api/CHANGELOG.md', readFileSync(join(repo.root, 'packages/strategy-api/CHANGELOG.md'), 'utf8'));

    step('4. Release gates in the project graph: version, tests, benchmark, checklist; then again, from the Nx cache');
    await nx('run-many', '-t', 'release-gate', '--output-style=static');
    await nx('run-many', '-t', 'release-gate');
    await releaseProcess('report');
    const dashboard = join(repo.root, 'dist/release-report/dashboard.html');
    process.stdout.write(`Dashboard: file://${dashboard}${keep ? '' : ' (use --keep to open it)'}\n`);

    step('5. Release: annotated tags with the notes, one atomic push to origin, npm packages published, GitHub releases, Slack told');
    let heard = hooks.accepted.length;
    await releaseProcess('release', '--registry', registry.url);
    show('(the Slack stand-in received)', slackSince(heard));
    show('git ls-remote --tags origin', origin.git('tag', '--list'));
    await run(repo.root, `npm view gpu-kernels versions --registry ${registry.url}`, 'npm', [
      'view',
      'gpu-kernels',
      'versions',
      '--registry',
      registry.url,
    ]);

    step('6. A hotfix: hotfix/gpu-kernels@1.4.1 from the tag, the fix cherry-picked, the patch released');
    const releaseBranch = repo.git('rev-parse', '--abbrev-ref', 'HEAD');
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--no-ff', releaseBranch, '-m', `Merge branch '${releaseBranch}'`);
    const fix = repo.commit('fix(kernels): guard against empty batches', {
      'packages/gpu-kernels/src/matmul.cu': '// tiled, synced, guarded\n',
    });
    repo.commit('feat(kernels): sparse attention (not for the hotfix)', { 'packages/gpu-kernels/src/sparse.cu': '// sparse\n' });
    await nx(
      'g',
      'nx-release-process:hotfix',
      'gpu-kernels@1.4.0',
      `--commits=${fix}`,
      '--description=guard the reduction kernel against empty batches',
    );
    git('log', '--oneline', 'gpu-kernels@1.4.0..HEAD');
    // The hotfix is signed off as the release was (its checklist asks for 1.4.1's own sign-offs).
    signOff(repo, 'gpu-kernels', '1.4.1');
    // The release step wants the gates' verdict on the hotfix's own code.
    await nx('run-many', '-t', 'release-gate', '-p', 'gpu-kernels');
    heard = hooks.accepted.length;
    await releaseProcess('release', '--registry', registry.url);
    show('(the Slack stand-in received)', slackSince(heard));

    step('7. A rollback: strategy-api@0.5.0 reverted on main, tagged strategy-api@0.5.0-rollback, its users moved back');
    repo.git('checkout', '-q', 'main');
    await nx('g', 'nx-release-process:rollback', 'strategy-api@0.5.0', '--reason=clients could not reconnect to the quote stream');
    git('log', '-1', '--format=%B');
    show(
      'head -12 packages/strategy-api/CHANGELOG.md',
      readFileSync(join(repo.root, 'packages/strategy-api/CHANGELOG.md'), 'utf8').split('\n').slice(0, 12).join('\n'),
    );
    // Users moved back: the revert and its tag pushed, npm's latest back where it was, 0.5.0 deprecated with the
    // reason, the GitHub release marked, the channels told, the status written.
    heard = hooks.accepted.length;
    await releaseProcess('rollback', 'strategy-api@0.5.0', '--registry', registry.url);
    show('git ls-remote --tags origin', origin.git('tag', '--list'));
    const npmView = (...args: string[]) =>
      run(repo.root, `npm view ${args.join(' ')}`, 'npm', ['view', ...args, '--registry', registry.url, '--prefer-online']);
    await npmView('strategy-api', 'dist-tags');
    await npmView('strategy-api@0.5.0', 'deprecated');
    const marked = github.requests.filter((request) => request.method === 'PATCH').at(-1);
    show('(the GitHub stand-in: the release edited)', (marked?.body as { body: string }).body.split('\n')[0]);
    show('(the Slack stand-in received)', slackSince(heard));
    await releaseProcess('report');
    const status = JSON.parse(readFileSync(join(repo.root, 'dist/release-history/status.json'), 'utf8'));
    show(
      'cat dist/release-history/status.json  # strategy-api',
      JSON.stringify(
        { ...status.projects.find((project: { project: string }) => project.project === 'strategy-api'), events: undefined },
        null,
        2,
      ),
    );

    step('8. The fix: strategy-api fixed and released (with the kernel work that waited on main), latest again, the incident closed');
    // The rollback took the smoke test out with the rest of 0.5.0: the fix brings its own back.
    const manifestPath = 'packages/strategy-api/package.json';
    const manifest = JSON.parse(readFileSync(join(repo.root, manifestPath), 'utf8'));
    repo.commit('fix(api): reconnect to the quote stream after a drop', {
      'packages/strategy-api/src/reconnect.ts': 'export const retry = true;\n',
      'packages/strategy-api/test.js':
        "require('node:assert').strictEqual(require('node:fs').existsSync(__dirname + '/src/reconnect.ts'), true);\n",
      [manifestPath]: `${JSON.stringify({ ...manifest, scripts: { ...manifest.scripts, test: 'node test.js' } }, null, 2)}\n`,
    });
    // The kernel work that waited on main (step 6) goes out with the fix: strategy-api's gates judge its
    // dependencies too, and a dependency with unreleased changes is not ready until it is prepared.
    await nx('g', 'nx-release-process:release-branch');
    for (const project of ['gpu-kernels', 'pricing-engine', 'strategy-api']) {
      const { version } = JSON.parse(readFileSync(join(repo.root, `packages/${project}/package.json`), 'utf8')) as { version: string };
      // pricing-engine only takes the new kernels: no documentation to change, and the team says so.
      signOff(repo, project, version, project === 'pricing-engine' ? ['documentation'] : []);
    }
    await nx('run-many', '-t', 'release-gate');
    heard = hooks.accepted.length;
    await releaseProcess('release', '--registry', registry.url);
    await npmView('strategy-api', 'dist-tags');
    show('(the Slack stand-in received)', slackSince(heard));

    step('9. Release health: strategy-api 0.5.1 checked against Prometheus (error rate, against 0.4.2) and GitHub issues');
    await healthStep(repo, github, releaseProcess);
    await releaseProcess('report', '--period', '30');
    process.stdout.write(`Dashboard: file://${dashboard}${keep ? '' : ' (use --keep to open it)'}\n`);

    process.stdout.write(
      `\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.${keep ? ` The sample stays in ${repo.root}, its origin in ${origin.path}.` : ''}\n`,
    );
  } finally {
    await registry.stop();
    await github.close();
    await hooks.close();
    if (!keep) {
      repo.remove();
      origin.remove();
    }
  }
}

/**
 * The service's metrics (a small exporter: requests and errors by version), scraped every second by a real
 * Prometheus the demo starts; the health check samples the error rate of 0.5.1 and compares it with 0.4.2.
 */
async function healthStep(
  repo: ReturnType<typeof createSampleMonorepo>,
  github: Awaited<ReturnType<typeof startGitHubApiMock>>,
  releaseProcess: (...args: string[]) => Promise<void>,
): Promise<void> {
  if (!hasPrometheus()) {
    process.stdout.write('Skipped: Prometheus is not installed (sudo apt-get install prometheus), so there is nothing to query.\n');
    return;
  }
  const errorRate = 'sum(rate(app_errors_total{version="{version}"}[5s])) / sum(rate(app_requests_total{version="{version}"}[5s]))';
  configurePlugin(
    repo,
    {
      health: {
        projects: {
          'strategy-api': {
            checks: [
              { name: 'error rate', query: errorRate, max: 0.02 },
              { name: 'error rate against the previous version', query: errorRate, noWorseThanPreviousBy: 25 },
            ],
            issues: { labels: ['bug'], max: 3 },
          },
        },
      },
    },
    'chore: release health checks for strategy-api',
  );
  const now = new Date().toISOString();
  github.issues.push({
    number: 51,
    title: 'quote stream drops once a day',
    body: 'seen on 0.5.1',
    labels: [{ name: 'bug' }],
    created_at: now,
    updated_at: now,
    html_url: 'https://github.com/acme/gpu-trading/issues/51',
  });
  const exporter = await startMetricsExporter({ '0.5.1': 0.005, '0.4.2': 0.01 });
  const prometheus = await startPrometheus([exporter.target]);
  try {
    env.PROMETHEUS_URL = prometheus.url;
    process.stdout.write(`Prometheus ${prometheus.url} scrapes the service's metrics every second; waiting for its first rates...\n`);
    await new Promise((resolve) => setTimeout(resolve, 7000));
    await releaseProcess('health', '--project', 'strategy-api', '--samples', '3', '--interval', '1');
  } finally {
    await prometheus.stop();
    await exporter.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`demo failed: ${error.message}\n`);
  process.exitCode = 1;
});
