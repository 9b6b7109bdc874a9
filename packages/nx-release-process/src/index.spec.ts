import { join } from 'node:path';
import { runCommand } from './testing/run-node';
import { packageJson, TempRepo } from './testing/temp-repo';
import * as entry from './index';
import { plannedVersions } from './core/plan-release';
import { planWorkspaceRelease } from './use-cases/plan-workspace';

describe('the package entry: the plugin Nx loads, and the library API', () => {
  let repo: TempRepo | undefined;
  afterEach(() => repo?.remove());

  it('loads no use case, no hook work, no planner and not all of semver: Nx loads it for every command of the workspace', async () => {
    // a process of its own, as Nx's plugin worker: this suite's process has loaded the use cases already
    const script = [
      `const entry = require(${JSON.stringify(join(__dirname, 'index.ts'))});`,
      // what only a use case, the hook's work or the library needs: semver's index loads all of semver
      'const heavy = /\\/(use-cases|adapters\\/gate-reports|core\\/plan-release)\\/?|\\/semver\\/index\\.js$/;',
      'const heavyModules = Object.keys(require.cache).filter((file) => heavy.test(file));',
      'console.log(JSON.stringify({ heavyModules, exports: Object.keys(entry).sort() }));',
    ].join('\n');
    const result = await runCommand(process.execPath, ['-r', require.resolve('@swc-node/register'), '-e', script], __dirname);
    expect(result.code).toBe(0);
    const loaded = JSON.parse(result.stdout) as { heavyModules: string[]; exports: string[] };
    expect(loaded.heavyModules).toEqual([]);
    expect(loaded.exports).toEqual(expect.arrayContaining(['createNodesV2', 'postTasksExecution', 'planWorkspaceRelease']));
  });

  it('plans the workspace as the use case does, the planner loaded on the first call', async () => {
    repo = new TempRepo();
    repo.commit('chore: start', { 'package.json': packageJson('lib', '1.0.0') });
    repo.tag('v1.0.0');
    repo.commit('fix: a bug', { 'index.js': 'module.exports = 1;\n' });
    const planned = await entry.planWorkspaceRelease({ path: repo.root });
    expect(planned.plan.projects.map((project) => [project.name, project.nextVersion])).toEqual([['lib', '1.0.1']]);
    expect(planned.plan).toEqual((await planWorkspaceRelease({ path: repo.root })).plan);
  });

  it("answers with the planning core's own functions, loaded on the first call", async () => {
    repo = new TempRepo();
    repo.commit('chore: start', { 'package.json': packageJson('lib', '1.0.0') });
    repo.tag('v1.0.0');
    repo.commit('feat: a feature', { 'index.js': 'module.exports = 1;\n' });
    const { plan } = await planWorkspaceRelease({ path: repo.root });
    expect(entry.plannedVersions(plan)).toEqual({ lib: '1.1.0' });
    expect(entry.plannedVersions(plan)).toEqual(plannedVersions(plan));
  });
});
