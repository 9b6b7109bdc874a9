import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gateReport, type JudgedContent } from '../core/gates/gate-report';
import { TempRepo } from '../testing/temp-repo';
import {
  benchmarkHistoryPath,
  driftSinceJudged,
  gateReportPath,
  readBenchmarkHistory,
  readGateReport,
  readProjectGateReports,
  stampJudgedContent,
} from './gate-reports';

const AT = '2026-12-01T00:00:00.000Z';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function workspaceWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'gate-reports-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const report = (gate: string, project: string) =>
  `${JSON.stringify(gateReport(gate, project, [{ name: 'c', status: 'pass', detail: '' }], undefined, AT))}\n`;

describe('gate reports of scoped projects', () => {
  it('reads the reports of @ws/core from its nested folder, and keeps them apart from a project named @ws', () => {
    const root = workspaceWith({
      'dist/release-gates/@ws/core/test-gate.json': report('test-gate', '@ws/core'),
      'dist/release-gates/@ws/core/version-gate.json': report('version-gate', '@ws/core'),
      'dist/release-gates/@ws/test-gate.json': report('test-gate', '@ws'),
    });
    expect(
      readProjectGateReports(root, '@ws/core')
        .map((r) => r.gate)
        .sort(),
    ).toEqual(['test-gate', 'version-gate']);
    expect(readProjectGateReports(root, '@ws').map((r) => `${r.project} ${r.gate}`)).toEqual(['@ws test-gate']);
    expect(readProjectGateReports(root, '@ws/api')).toEqual([]);
  });

  it('reads the benchmark history of a scoped project and skips a line cut short', () => {
    const root = workspaceWith({
      'dist/release-history/@ws/core.benchmarks.jsonl':
        '{"at":"2026-11-24","commit":"a","project":"@ws/core","runs":3,"medians":{}}\n{"at":"20',
    });
    expect(readBenchmarkHistory(root, '@ws/core').map((entry) => entry.commit)).toEqual(['a']);
    expect(benchmarkHistoryPath(root, '@ws/core')).toBe(join(root, 'dist/release-history/@ws/core.benchmarks.jsonl'));
  });

  it('refuses a project name that leads out of the workspace', () => {
    expect(() => gateReportPath(workspaceWith({}), '../../../outside', 'test-gate')).toThrow(/outside/);
  });
});

describe('the content a release gate judged', () => {
  const passing = (project: string) =>
    `${JSON.stringify(gateReport('release-gate', project, [{ name: 'version-gate', status: 'pass', detail: 'pass' }], undefined, AT))}\n`;

  it('is stamped with HEAD and the uncommitted files under its folders, and drifts only when what it judged changes', async () => {
    const repo = new TempRepo('judged-');
    try {
      repo.commit('chore: start', { 'packages/core/a.ts': 'a\n', 'packages/api/b.ts': 'b\n', '.gitignore': 'dist\n' });
      writeFileSync(join(repo.root, 'packages/core/a.ts'), 'a, edited before the gates ran\n');
      writeFileSync(join(repo.root, 'packages/api/b.ts'), 'b, edited too\n');
      mkdirSync(join(repo.root, 'dist/release-gates/core'), { recursive: true });
      writeFileSync(gateReportPath(repo.root, 'core', 'release-gate'), passing('core'));
      await stampJudgedContent(repo.root, ['core'], () => ['packages/core']);
      const judged = readGateReport(repo.root, 'core', 'release-gate')?.judged as JudgedContent;
      expect(judged).toEqual({
        commit: repo.git('rev-parse', 'HEAD'),
        roots: ['packages/core'],
        uncommitted: { 'packages/core/a.ts': repo.git('hash-object', 'packages/core/a.ts') },
        trees: { 'packages/core': repo.git('rev-parse', 'HEAD:packages/core') },
      });

      // The edit the gates judged, committed: the same content, so no drift.
      repo.git('add', '-A');
      repo.git('commit', '-qm', 'fix: the edit');
      expect(await driftSinceJudged(repo, judged, repo.git('rev-parse', 'HEAD'))).toEqual([]);
      // A change elsewhere is not what this gate judged.
      const elsewhere = repo.commit('docs: elsewhere', { 'packages/api/b.ts': 'b again\n', 'README.md': 'x\n' });
      expect(await driftSinceJudged(repo, judged, elsewhere)).toEqual([]);
      // A change under its folder is: named.
      const changed = repo.commit('fix: after the gates', { 'packages/core/a.ts': 'a, changed after\n', 'packages/core/new.ts': 'n\n' });
      expect(await driftSinceJudged(repo, judged, changed)).toEqual(['packages/core/a.ts', 'packages/core/new.ts']);
      // A report from another clone judged a commit this one does not have: its trees say what it judged.
      const foreign = {
        ...judged,
        commit: 'f'.repeat(40),
        uncommitted: {},
        trees: { 'packages/core': repo.git('rev-parse', `${changed}:packages/core`) },
      };
      expect(await driftSinceJudged(repo, foreign, changed)).toEqual([]);
      expect(await driftSinceJudged(repo, foreign, elsewhere)).toEqual(['packages/core/']);
      // Without trees (a report of an older version), nothing says what it judged.
      expect(await driftSinceJudged(repo, { ...foreign, trees: undefined }, changed)).toBeNull();
    } finally {
      repo.remove();
    }
  });

  it('leaves a report stamped at HEAD, or whose stamp still holds, as it is, reads no graph for it, and moves any other stamp to HEAD', async () => {
    const repo = new TempRepo('judged-at-head-');
    try {
      const first = repo.commit('chore: start', { 'packages/core/a.ts': 'a\n', '.gitignore': 'dist\n' });
      const treeAt = (commit: string) => ({ 'packages/core': repo.git('rev-parse', `${commit}:packages/core`) });
      const stamp = { commit: first, roots: ['packages/core'], uncommitted: {}, trees: treeAt(first) };
      const stamped = { ...JSON.parse(passing('core')), judged: stamp };
      const path = gateReportPath(repo.root, 'core', 'release-gate');
      mkdirSync(dirname(path), { recursive: true });
      // As Nx restores it from the cache: stamped by the run that judged those very files.
      const restore = (judged: unknown = stamp) => writeFileSync(path, `${JSON.stringify({ ...stamped, judged })}\n`);
      const { judged: _judged, ...unstamped } = stamped;
      restore();
      const foldersOf = jest.fn(() => ['packages/other']);
      await stampJudgedContent(repo.root, ['core'], foldersOf);
      expect(readGateReport(repo.root, 'core', 'release-gate')?.judged?.commit).toBe(first);

      // HEAD moved, nothing under the folder did (the usual CI run): the stamp still says what the files are.
      repo.commit('docs: elsewhere', { 'README.md': 'x\n' });
      const restored = readFileSync(path, 'utf8');
      await stampJudgedContent(repo.root, ['core'], foldersOf);
      expect(readFileSync(path, 'utf8')).toBe(restored);

      // Restored from a cache another clone filled, at a commit this repository does not have, over the
      // same files: the same trees, so the stamp holds too.
      restore({ ...stamp, commit: 'f'.repeat(40) });
      const fromElsewhere = readFileSync(path, 'utf8');
      await stampJudgedContent(repo.root, ['core'], foldersOf);
      expect(readFileSync(path, 'utf8')).toBe(fromElsewhere);

      // A file under the folder that Nx's inputs leave out changed: the report Nx restored is stamped at HEAD,
      // over the folders its stamp names (its dependencies are in its task's hash).
      const third = repo.commit('docs: under the folder', { 'packages/core/NOTES.md': 'n\n' });
      const atThird = { commit: third, roots: ['packages/core'], uncommitted: {}, trees: treeAt(third) };
      await stampJudgedContent(repo.root, ['core'], foldersOf);
      expect(readGateReport(repo.root, 'core', 'release-gate')?.judged).toEqual(atThird);

      // The same from another clone's cache, and a stamp without trees (an older version's): moved to HEAD.
      restore({ ...stamp, commit: 'f'.repeat(40) });
      await stampJudgedContent(repo.root, ['core'], foldersOf);
      expect(readGateReport(repo.root, 'core', 'release-gate')?.judged).toEqual(atThird);
      restore({ ...atThird, commit: first, trees: undefined });
      await stampJudgedContent(repo.root, ['core'], foldersOf);
      expect(readGateReport(repo.root, 'core', 'release-gate')?.judged).toEqual(atThird);

      // An uncommitted file under the folder now: in the new stamp.
      restore();
      writeFileSync(join(repo.root, 'packages/core/a.ts'), 'a, edited\n');
      await stampJudgedContent(repo.root, ['core'], foldersOf);
      expect(readGateReport(repo.root, 'core', 'release-gate')?.judged).toEqual({
        ...atThird,
        uncommitted: { 'packages/core/a.ts': repo.git('hash-object', 'packages/core/a.ts') },
      });
      expect(foldersOf).not.toHaveBeenCalled();

      // Unstamped (a gate in a process of its own, read by no later task): the graph names its folders.
      writeFileSync(path, `${JSON.stringify(unstamped)}\n`);
      await stampJudgedContent(repo.root, ['core'], foldersOf);
      expect(foldersOf).toHaveBeenCalledWith('core');
      expect(readGateReport(repo.root, 'core', 'release-gate')?.judged).toMatchObject({
        roots: ['packages/other'],
        trees: { 'packages/other': null },
      });
    } finally {
      repo.remove();
    }
  });

  it('leaves a report unstamped outside a repository, or when nothing says which folders it judged', async () => {
    const outside = workspaceWith({ 'dist/release-gates/core/release-gate.json': passing('core') });
    await stampJudgedContent(outside, ['core'], () => ['packages/core']);
    expect(readGateReport(outside, 'core', 'release-gate')?.judged).toBeUndefined();

    const repo = new TempRepo('judged-unknown-');
    try {
      repo.commit('chore: start', { 'a.ts': 'a\n', '.gitignore': 'dist\n' });
      mkdirSync(join(repo.root, 'dist/release-gates/core'), { recursive: true });
      writeFileSync(gateReportPath(repo.root, 'core', 'release-gate'), passing('core'));
      await stampJudgedContent(repo.root, ['core'], () => null);
      expect(readGateReport(repo.root, 'core', 'release-gate')?.judged).toBeUndefined();
    } finally {
      repo.remove();
    }
  });

  it('leaves a failed report unstamped', async () => {
    const repo = new TempRepo('judged-failed-');
    try {
      repo.commit('chore: start', { 'a.ts': 'a\n' });
      const failed = `${JSON.stringify(gateReport('release-gate', 'core', [{ name: 'checklist-gate', status: 'fail', detail: 'fail' }], undefined, AT))}\n`;
      mkdirSync(join(repo.root, 'dist/release-gates/core'), { recursive: true });
      writeFileSync(gateReportPath(repo.root, 'core', 'release-gate'), failed);
      await stampJudgedContent(repo.root, ['core'], () => ['']);
      expect(readGateReport(repo.root, 'core', 'release-gate')?.judged).toBeUndefined();
    } finally {
      repo.remove();
    }
  });
});
