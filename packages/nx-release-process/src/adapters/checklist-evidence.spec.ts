import { packageJson, TempRepo } from '../testing/temp-repo';
import { planGateRelease } from '../use-cases/plan-workspace';
import { gatherChecklistEvidence } from './checklist-evidence';

describe("the checklist's evidence for a batch of projects", () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = new TempRepo();
    repo.commit('chore: start', {
      'package.json': `${JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }, null, 2)}\n`,
      'nx.json': `${JSON.stringify({ release: { projectsRelationship: 'independent' } }, null, 2)}\n`,
      '.gitignore': 'node_modules\ndist\n.nx\n',
      'packages/a/package.json': packageJson('a', '1.0.0'),
      'packages/a/README.md': '# a\n',
      'packages/b/package.json': packageJson('b', '1.0.0'),
      'packages/b/README.md': '# b\n',
      'packages/new/package.json': packageJson('new', '0.1.0'),
      'release-signoffs.json': `${JSON.stringify([{ item: 'code-review', project: 'a', version: '1.0.0', by: 'Ana', date: '2026-12-01' }])}\n`,
    });
    repo.tag('a@1.0.0');
    repo.commit('docs(a): usage', { 'packages/a/README.md': '# a\n\nUsage.\n', 'packages/b/README.md': '# b\n\nBefore its release.\n' });
    repo.tag('b@1.0.0');
    repo.commit('docs: guides', { 'packages/a/docs/guide.md': '# Guide\n', 'packages/b/docs/guide.md': '# Guide\n' });
    repo.commit('fix(b): edge case', { 'packages/b/index.js': 'module.exports = 1;\n', 'packages/b/notes.txt': 'not documentation\n' });
  });
  afterAll(() => repo.remove());

  const evidence = async (project: string, docs?: string[]) =>
    gatherChecklistEvidence(await planGateRelease({ path: repo.root }), project, () => null, { docs });

  it("lists, for each project, the documentation files commits touched since that project's own last release", async () => {
    const release = await planGateRelease({ path: repo.root });
    const [a, b] = await Promise.all(['a', 'b'].map((project) => gatherChecklistEvidence(release, project, () => null, {})));
    expect(a.docsChanged).toEqual(['packages/a/README.md', 'packages/a/docs/guide.md']);
    // b's README changed before b's release: only the guide is new since
    expect(b.docsChanged).toEqual(['packages/b/docs/guide.md']);
  });

  it('takes the documentation paths the gate is given, and has no answer for a project never released', async () => {
    expect((await evidence('b', ['notes.txt'])).docsChanged).toEqual(['packages/b/notes.txt']);
    expect((await evidence('b', ['CHANGES.md'])).docsChanged).toEqual([]);
    expect((await evidence('new')).docsChanged).toBeNull();
  });

  it('reads the sign-offs file, and refuses one that is not a list, saying how to fix it', async () => {
    expect((await evidence('a')).signOffs).toEqual([expect.objectContaining({ item: 'code-review', by: 'Ana' })]);
    repo.commit('chore: sign-offs by hand', { 'release-signoffs.json': '{"a": "yes"}\n' });
    await expect(evidence('a')).rejects.toThrow(/release-signoffs.json is not a JSON list of sign-offs/);
  });
});
