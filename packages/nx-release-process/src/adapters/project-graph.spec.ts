import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageJson, TempRepo } from '../testing/temp-repo';
import { linkInstalledPackages } from '../../../../tools/demo/sample-monorepo';
import { runNode } from '../testing/run-node';
import type { WorkspaceProject } from './workspace';

// Each read is a process of its own, as each command is: Nx keeps the files it has seen for the life of a process.
const PROBE = `const { readWorkspace } = require(${JSON.stringify(join(__dirname, '../../dist/adapters/workspace.js'))});
readWorkspace(process.cwd(), process.cwd()).then((workspace) =>
  console.log(JSON.stringify({ projects: workspace.projects, isolation: process.env.NX_ISOLATE_PLUGINS ?? null })));
`;

describe('the project graph Nx cached, read while it holds', () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = new TempRepo('cached-graph-');
    repo.commit('chore: a workspace of two packages', {
      'package.json': `${JSON.stringify({ name: 'ws', private: true, workspaces: ['packages/*'] }, null, 2)}\n`,
      'nx.json': `${JSON.stringify({ plugins: ['nx-release-process'] }, null, 2)}\n`,
      '.gitignore': 'node_modules\n.nx\n',
      'packages/a/package.json': packageJson('a', '1.0.0'),
      'packages/b/package.json': packageJson('b', '1.0.0', { a: '^1.0.0' }),
    });
    // Nx 23's own context keeps a file's hash while its modification time, in whole seconds, is unchanged: the
    // edits below must not fall in the second of these writes, or Nx itself would miss them. A fixed day long
    // past keeps them apart without reading the clock.
    const longAgo = new Date('2020-01-01T00:00:00Z');
    for (const file of ['package.json', 'nx.json', '.gitignore', 'packages/a/package.json', 'packages/b/package.json']) {
      utimesSync(join(repo.root, file), longAgo, longAgo);
    }
    linkInstalledPackages(repo.root);
    writeFileSync(join(repo.root, 'node_modules/.read-workspace.js'), PROBE); // ignored, as node_modules is
  });
  afterAll(() => repo.remove());

  const cachedGraphFile = () => join(repo.root, '.nx/workspace-data/project-graph.json');
  /** Tags project a in the graph Nx cached, so that a graph read back from it can be told from one Nx made again. */
  const markCachedGraph = () => {
    const graph = JSON.parse(readFileSync(cachedGraphFile(), 'utf8'));
    graph.nodes.a.data.tags = ['read-from-the-cache'];
    writeFileSync(cachedGraphFile(), JSON.stringify(graph));
  };
  const readBack = async (env: NodeJS.ProcessEnv = {}): Promise<{ projects: WorkspaceProject[]; isolation: string | null }> => {
    const result = await runNode(join(repo.root, 'node_modules/.read-workspace.js'), [], repo.root, env);
    expect(result).toMatchObject({ code: 0 });
    return JSON.parse(result.stdout);
  };
  const projects = async () => (await readBack()).projects;
  const tagsOfA = async () => (await projects()).find((project) => project.name === 'a')?.tags;

  it('reads it back when no file Nx sees changed, and has Nx make it again after an edit, a new file or a removed one', async () => {
    expect((await projects()).map((project) => [project.name, project.dependencies])).toEqual([
      ['a', []],
      ['b', ['a']],
    ]);
    markCachedGraph();
    expect(await tagsOfA()).toEqual(['read-from-the-cache']);

    repo.write({ 'packages/b/package.json': packageJson('b', '1.0.0') }); // b no longer depends on a
    expect((await projects()).map((project) => [project.name, project.dependencies])).toEqual([
      ['a', []],
      ['b', []],
    ]);
    expect(await tagsOfA()).not.toContain('read-from-the-cache');

    markCachedGraph();
    repo.write({ 'packages/c/package.json': packageJson('c', '0.1.0') });
    expect((await projects()).map((project) => project.name)).toEqual(['a', 'b', 'c']);

    markCachedGraph();
    repo.git('clean', '-fdq', '--', 'packages/c');
    expect((await projects()).map((project) => project.name)).toEqual(['a', 'b']);
    expect(await tagsOfA()).not.toContain('read-from-the-cache');
  });

  it('does not read it back after an edit that kept the modification time Nx last saw', async () => {
    await projects();
    markCachedGraph();
    const manifest = join(repo.root, 'packages/a/package.json');
    const { mtime } = statSync(manifest);
    repo.write({ 'packages/a/package.json': packageJson('a', '1.0.1') });
    utimesSync(manifest, mtime, mtime);
    expect(await tagsOfA()).not.toContain('read-from-the-cache');
  });

  it('has Nx make it again when the cached graph is unreadable, and keeps Nx plugin isolation as the user set it', async () => {
    await projects();
    writeFileSync(cachedGraphFile(), '{"nodes": ');
    const { projects: read, isolation } = await readBack({ NX_ISOLATE_PLUGINS: 'true' });
    expect(read.map((project) => project.name)).toEqual(['a', 'b']);
    expect(isolation).toBe('true');
  });
});
