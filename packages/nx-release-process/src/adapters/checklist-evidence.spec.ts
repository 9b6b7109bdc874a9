import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runNode } from '../testing/run-node';
import { packageJson, TempRepo } from '../testing/temp-repo';
import { lockfile, startAdvisoryRegistry } from '../testing/advisory-registry';

// In a process of its own, as a batch of gates reads it: reading an Nx workspace points Nx (and the working
// folder) at it for the life of the process. One plan answers every project asked, as in a batch.
const PROBE = `const { planGateRelease } = require(${JSON.stringify(join(__dirname, '../../dist/use-cases/plan-workspace.js'))});
const { gatherChecklistEvidence } = require(${JSON.stringify(join(__dirname, '../../dist/adapters/checklist-evidence.js'))});
const asked = JSON.parse(process.argv[2]);
planGateRelease({ path: process.cwd() })
  .then((release) => Promise.all(asked.map(({ project, docs }) => gatherChecklistEvidence(release, project, () => null, { docs }))))
  .then((evidence) => console.log(JSON.stringify(evidence)), (error) => console.log(JSON.stringify({ error: error.message })));
`;

describe("the checklist's evidence for a batch of projects", () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = new TempRepo();
    repo.commit('chore: start', {
      'package.json': `${JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }, null, 2)}\n`,
      'nx.json': `${JSON.stringify({ release: { projectsRelationship: 'independent' } }, null, 2)}\n`,
      '.gitignore': 'node_modules\ndist\n.nx\n.probe.js\n',
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
    writeFileSync(join(repo.root, '.probe.js'), PROBE);
  });
  afterAll(() => repo.remove());

  const evidence = async (asked: Array<{ project: string; docs?: string[] }>) => {
    const result = await runNode(join(repo.root, '.probe.js'), [JSON.stringify(asked)], repo.root);
    expect(result).toMatchObject({ code: 0 });
    return JSON.parse(result.stdout);
  };

  it("lists, for each project, the documentation files commits touched since that project's own last release", async () => {
    const [a, b, notes, changes, unreleased] = await evidence([
      { project: 'a' },
      { project: 'b' },
      { project: 'b', docs: ['notes.txt'] },
      { project: 'b', docs: ['CHANGES.md'] },
      { project: 'new' },
    ]);
    expect(a.docsChanged).toEqual(['packages/a/README.md', 'packages/a/docs/guide.md']);
    // b's README changed before b's release: only the guide is new since
    expect(b.docsChanged).toEqual(['packages/b/docs/guide.md']);
    // the documentation paths the gate is given
    expect(notes.docsChanged).toEqual(['packages/b/notes.txt']);
    expect(changes.docsChanged).toEqual([]);
    // no answer for a project never released
    expect(unreleased.docsChanged).toBeNull();
    expect(a.signOffs).toEqual([expect.objectContaining({ item: 'code-review', by: 'Ana' })]);
  });

  it('audits the workspace once for a batch of checklists, however many run at once', async () => {
    const registry = await startAdvisoryRegistry();
    try {
      registry.answer = 'critical';
      writeFileSync(join(repo.root, 'package-lock.json'), lockfile('1.3.0'));
      writeFileSync(join(repo.root, '.npmrc'), `registry=${registry.url}\n`);
      // the probe asks for all three at once, as a batch's checklists run side by side
      const checklists = await evidence([{ project: 'a' }, { project: 'b' }, { project: 'new' }]);
      expect(checklists.map((one: { audit: unknown }) => one.audit)).toEqual(
        Array(3).fill({ ran: true, ok: false, detail: 'npm audit: 1 critical' }),
      );
      expect(registry.audits).toEqual([{ 'left-pad': ['1.3.0'] }]);
    } finally {
      await registry.close();
    }
  });

  it('refuses a sign-offs file that is not a list, saying how to fix it', async () => {
    repo.commit('chore: sign-offs by hand', { 'release-signoffs.json': '{"a": "yes"}\n' });
    expect((await evidence([{ project: 'a' }])).error).toMatch(/release-signoffs.json is not a JSON list of sign-offs/);
  });
});
