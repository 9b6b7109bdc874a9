import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageJson, TempRepo } from '../../packages/nx-release-process/src/testing/temp-repo';

const PLUGIN_DIR = resolve(__dirname, '../../packages/nx-release-process');
const NODE_MODULES = resolve(__dirname, '../../node_modules');

/**
 * A small GPU trading system as an Nx workspace (npm workspaces) with a real history of conventional
 * commits and earlier release tags:
 *   gpu-kernels <- pricing-engine <- strategy-api, and docs-site on its own.
 * Since the last releases: a feature in gpu-kernels, a perf change in pricing-engine, a breaking change in
 * strategy-api (still 0.x), docs only in docs-site, and a non-conventional commit at the root.
 */
export function createSampleMonorepo(): TempRepo {
  const repo = new TempRepo('gpu-trading-');
  repo.commit('chore: scaffold the gpu trading monorepo', {
    'package.json': `${JSON.stringify(
      { name: 'gpu-trading', private: true, workspaces: ['packages/*'], devDependencies: { nx: '23.2.1', 'nx-release-process': '0.1.0' } },
      null,
      2,
    )}\n`,
    'nx.json': `${JSON.stringify(
      {
        $schema: './node_modules/nx/schemas/nx-schema.json',
        release: { projectsRelationship: 'independent' },
        plugins: [
          {
            plugin: 'nx-release-process',
            options: {
              releaseTypes: ['feat', 'fix', 'perf', 'revert'],
              // bump2version-style: any file, by pattern.
              versionFiles: [{ projects: 'gpu-kernels', file: 'README.md', search: 'pip install gpu-kernels=={version}' }],
            },
          },
        ],
      },
      null,
      2,
    )}\n`,
    '.gitignore': 'node_modules\n.nx\ndist\n',
    'README.md': '# GPU trading system\n',
    'packages/gpu-kernels/package.json': packageJson('gpu-kernels', '1.2.0'),
    'packages/gpu-kernels/gpu_kernels/version.py': "__version__ = '1.2.0'\n__release_date__ = '2026-09-01'\n",
    'packages/gpu-kernels/pyproject.toml': '[project]\nname = "gpu-kernels"\nversion = "1.2.0"\n',
    'packages/gpu-kernels/README.md': '# gpu-kernels\n\n    pip install gpu-kernels==1.2.0\n',
    'packages/gpu-kernels/src/matmul.cu': '// tiled matrix multiply\n',
    'packages/pricing-engine/package.json': packageJson('pricing-engine', '2.0.0', { 'gpu-kernels': '^1.2.0' }),
    'packages/pricing-engine/src/black-scholes.ts': 'export const price = () => 0;\n',
    'packages/pricing-engine/src/version.ts': "export const VERSION = '2.0.0';\n",
    'packages/strategy-api/package.json': packageJson('strategy-api', '0.4.0', { 'pricing-engine': '^2.0.0' }),
    'packages/strategy-api/src/server.ts': 'export const routes = [];\n',
    // The docs site publishes the pages it builds into site/; its markdown sources are not shipped as they are.
    'packages/docs-site/package.json': `${JSON.stringify({ name: 'docs-site', version: '1.0.0', files: ['site'] }, null, 2)}\n`,
    'packages/docs-site/index.md': '# Docs\n',
    'packages/docs-site/site/index.html': '<h1>Docs</h1>\n',
  });
  repo.tag('gpu-kernels@1.2.0').tag('pricing-engine@2.0.0').tag('strategy-api@0.4.0').tag('docs-site@1.0.0');

  repo.commit('feat(kernels): add fused attention kernel', { 'packages/gpu-kernels/src/attention.cu': '// fused attention\n' });
  repo.commit('fix(pricing): clamp negative volatility', {
    'packages/pricing-engine/src/black-scholes.ts': 'export const price = () => 1;\n',
  });
  repo.commit('fix(api): reject orders without a symbol', { 'packages/strategy-api/src/server.ts': 'export const routes = ["orders"];\n' });
  repo.commit('chore(release): publish gpu-kernels@1.3.0, pricing-engine@2.1.0, strategy-api@0.4.2', {
    'packages/gpu-kernels/package.json': packageJson('gpu-kernels', '1.3.0'),
    'packages/gpu-kernels/gpu_kernels/version.py': "__version__ = '1.3.0'\n__release_date__ = '2026-10-15'\n",
    'packages/gpu-kernels/pyproject.toml': '[project]\nname = "gpu-kernels"\nversion = "1.3.0"\n',
    'packages/gpu-kernels/README.md': '# gpu-kernels\n\n    pip install gpu-kernels==1.3.0\n',
    'packages/pricing-engine/package.json': packageJson('pricing-engine', '2.1.0', { 'gpu-kernels': '^1.3.0' }),
    'packages/pricing-engine/src/version.ts': "export const VERSION = '2.1.0';\n",
    'packages/strategy-api/package.json': packageJson('strategy-api', '0.4.2', { 'pricing-engine': '^2.1.0' }),
  });
  repo.tag('gpu-kernels@1.3.0').tag('pricing-engine@2.1.0').tag('strategy-api@0.4.2');

  repo.commit('feat(kernels): add FP8 GEMM kernel for Hopper GPUs\n\nCloses #41', {
    'packages/gpu-kernels/src/fp8-gemm.cu': '// fp8 gemm\n',
  });
  repo.commit('fix(kernels): race condition in the reduction kernel (#44)', {
    'packages/gpu-kernels/src/matmul.cu': '// tiled matrix multiply, synced\n',
  });
  repo.commit('perf(pricing): vectorise Monte Carlo path generation', {
    'packages/pricing-engine/src/monte-carlo.ts': 'export const paths = 1e6;\n',
  });
  repo.git('checkout', '-q', '-b', 'feature/order-api');
  repo.commit('feat(api)!: stream quotes over WebSocket\n\nBREAKING CHANGE: GET /quotes is gone; subscribe to /ws/quotes instead.', {
    'packages/strategy-api/src/quotes.ts': 'export const channel = "/ws/quotes";\n',
  });
  repo.commit('docs(api): document the quote stream', { 'packages/strategy-api/README.md': '# Quotes over WebSocket\n' });
  repo.git('checkout', '-q', 'main');
  repo.git('merge', '-q', '--no-ff', 'feature/order-api', '-m', "Merge branch 'feature/order-api'");
  repo.commit('docs(site): add architecture overview', { 'packages/docs-site/architecture.md': '# Architecture\n' });
  repo.commit('Update README', { 'README.md': '# GPU trading system\n\nKernels, pricing and strategies.\n' });
  linkInstalledPackages(repo.root);
  return repo;
}

/** The versions the sample's next release gives the projects it releases. */
export const NEXT_VERSIONS = { 'gpu-kernels': '1.4.0', 'pricing-engine': '2.1.1', 'strategy-api': '0.5.0' };

// A fixed amount of CPU work, timed in CPU time (steadier than wall time on a busy machine).
const KERNEL_BENCHMARK = `const start = process.cpuUsage();
let x = 0;
for (let i = 0; i < 3e7; i++) x += Math.sqrt(i) % 7;
const used = process.cpuUsage(start);
console.error(\`checksum \${Math.round(x) % 2}\`); // uses the result, so the loop cannot be optimised away
console.log(JSON.stringify({ processing_time: (used.user + used.system) / 1000 }));
`;

/**
 * What the release gates look for, committed as a team would: a smoke test per released project, a
 * kernel benchmark with limits, docs, and the sign-offs of the next release (security audit, code review,
 * dependencies reviewed).
 */
export function addQualityEvidence(repo: TempRepo): void {
  const files: Record<string, string> = {
    'packages/pricing-engine/README.md': '# pricing-engine\n',
    'packages/gpu-kernels/bench.js': KERNEL_BENCHMARK,
  };
  for (const project of Object.keys(NEXT_VERSIONS)) {
    const manifestPath = `packages/${project}/package.json`;
    const manifest = JSON.parse(readFileSync(join(repo.root, manifestPath), 'utf8'));
    files[manifestPath] = `${JSON.stringify({ ...manifest, scripts: { test: 'node test.js' } }, null, 2)}\n`;
    files[`packages/${project}/test.js`] = "require('node:assert').strictEqual(1 + 1, 2);\nconsole.log('smoke test passed');\n";
  }
  const signOffs = Object.entries(NEXT_VERSIONS).flatMap(([project, version]) => signOffsOf(project, version));
  files['release-signoffs.json'] = `${JSON.stringify(signOffs, null, 2)}\n`;
  const nxJson = JSON.parse(readFileSync(join(repo.root, 'nx.json'), 'utf8'));
  nxJson.plugins[0].options.gates = {
    benchmarks: {
      'gpu-kernels': {
        command: 'node packages/gpu-kernels/bench.js',
        runs: 5,
        limits: { processing_time: { max: 5000 }, peak_rss: { max: 512 }, gpu_utilization: { min: 80 } },
        regression: { metrics: ['processing_time'], threshold: 0.15 },
      },
    },
  };
  // The smoke tests are cached as a team caches its tests (@nx/jest and @nx/vite infer them so): the test gate
  // depends on them and reuses their result.
  nxJson.targetDefaults = { test: { cache: true, inputs: ['default', '^default'] } };
  files['nx.json'] = `${JSON.stringify(nxJson, null, 2)}\n`;
  repo.commit('test: smoke tests, a kernel benchmark and release sign-offs', files);
}

/** The sign-offs the checklist gate asks of a release: security audit, code review, dependencies reviewed. */
function signOffsOf(project: string, version: string, more: string[] = []) {
  return ['security-audit', 'code-review', 'dependencies-reviewed', ...more].map((item) => ({
    item,
    project,
    version,
    by: 'Release Bot',
    date: '2026-11-24',
  }));
}

/** Signs a release off in release-signoffs.json and commits it (and `more` items, where a check has nothing to look at). */
export function signOff(repo: TempRepo, project: string, version: string, more: string[] = []): void {
  const path = join(repo.root, 'release-signoffs.json');
  const signOffs = [...(JSON.parse(readFileSync(path, 'utf8')) as unknown[]), ...signOffsOf(project, version, more)];
  repo.commit(`chore: sign off ${project} ${version}`, { 'release-signoffs.json': `${JSON.stringify(signOffs, null, 2)}\n` });
}

/** Stands in for `npm install`: the workspace sees nx and the plugin as if installed (node_modules is ignored by git). */
export function linkInstalledPackages(root: string): void {
  mkdirSync(join(root, 'node_modules', '@nx'), { recursive: true });
  symlinkSync(PLUGIN_DIR, join(root, 'node_modules', 'nx-release-process'), 'dir');
  symlinkSync(join(NODE_MODULES, 'nx'), join(root, 'node_modules', 'nx'), 'dir');
  symlinkSync(join(NODE_MODULES, '@nx', 'devkit'), join(root, 'node_modules', '@nx', 'devkit'), 'dir');
  // nx release's own version actions, for the benchmark's side-by-side runs.
  symlinkSync(join(NODE_MODULES, '@nx', 'js'), join(root, 'node_modules', '@nx', 'js'), 'dir');
}

/** Sets options of the plugin in the sample's nx.json and commits it: tests and the demo configure announcements and health so. */
export function configurePlugin(repo: TempRepo, options: Record<string, unknown>, message: string): void {
  const nxJson = JSON.parse(readFileSync(join(repo.root, 'nx.json'), 'utf8'));
  nxJson.plugins[0].options = { ...nxJson.plugins[0].options, ...options };
  repo.commit(message, { 'nx.json': `${JSON.stringify(nxJson, null, 2)}\n` });
}
