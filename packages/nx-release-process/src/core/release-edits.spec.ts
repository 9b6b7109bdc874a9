import { DEFAULT_BUMP_RULES } from './bump';
import { planRelease, type ProjectHistory } from './plan-release';
import { planReleaseEdits } from './release-edits';
import { classified } from '../testing/commits';
import { memoryFiles } from '../testing/memory-files';

async function samplePlan(relationship: 'fixed' | 'independent' = 'independent') {
  const release = (name: string, version: string) => ({ version, tag: `${name}@${version}`, commit: name });
  const history = (
    name: string,
    version: string,
    commits: Awaited<ReturnType<typeof classified>>,
    dependencies: string[] = [],
  ): ProjectHistory => ({
    name,
    root: `packages/${name}`,
    manifestVersion: version,
    manifestFile: `packages/${name}/package.json`,
    dependencies,
    latest: release(name, version),
    latestStable: release(name, version),
    sinceLatest: commits,
    sinceStable: commits,
  });
  const histories = [
    history('gpu-kernels', '1.3.0', await classified('feat(kernels): fp8 gemm', 'fix: race')),
    history('pricing-engine', '2.1.0', await classified('perf: vectorise'), ['gpu-kernels']),
    history('docs-site', '1.0.0', await classified('docs: typo')),
  ];
  const tagPattern = relationship === 'fixed' ? 'v{version}' : '{projectName}@{version}';
  return planRelease(histories, [{ name: 'all', projects: ['gpu-kernels', 'pricing-engine', 'docs-site'], relationship, tagPattern }], {
    rules: DEFAULT_BUMP_RULES,
  });
}

const files = {
  'packages/gpu-kernels/package.json': '{\n  "name": "gpu-kernels",\n  "version": "1.3.0"\n}\n',
  'packages/gpu-kernels/gpu_kernels/version.py': "__version__ = '1.3.0'\n__release_date__ = '2026-10-15'\n",
  'packages/gpu-kernels/README.md': 'Install gpu-kernels 1.3.0\n',
  'packages/pricing-engine/package.json':
    '{\n  "name": "pricing-engine",\n  "version": "2.1.0",\n  "dependencies": { "gpu-kernels": "^1.3.0" }\n}\n',
  'packages/pricing-engine/CHANGELOG.md': '# Changelog\n\n## [2.1.0] - 2026-10-15\n\n### Fixed\n- old\n',
  'packages/docs-site/package.json': '{ "name": "docs-site", "version": "1.0.0" }\n',
};

const options = { date: '2026-11-24', links: null, versionFiles: true, changelog: true, releaseNotes: 'RELEASE_NOTES.md' };

describe('planReleaseEdits', () => {
  it('bumps every version file, dependency ranges, changelogs and notes of released projects only', async () => {
    const pattern = { projects: 'gpu-*', file: 'README.md', search: 'gpu-kernels {version}' };
    const { edits } = await planReleaseEdits(await samplePlan(), memoryFiles(files), {
      ...options,
      versionFilePatterns: [pattern],
      selectsProject: (patterns, project) => project.startsWith('gpu-') && patterns === 'gpu-*',
    });
    const byPath = Object.fromEntries(edits.map((edit) => [edit.path, edit.content]));
    expect(Object.keys(byPath).sort()).toEqual([
      'RELEASE_NOTES.md',
      'packages/gpu-kernels/CHANGELOG.md',
      'packages/gpu-kernels/README.md',
      'packages/gpu-kernels/gpu_kernels/version.py',
      'packages/gpu-kernels/package.json',
      'packages/pricing-engine/CHANGELOG.md',
      'packages/pricing-engine/package.json',
    ]);
    expect(byPath['packages/gpu-kernels/gpu_kernels/version.py']).toBe("__version__ = '1.4.0'\n__release_date__ = '2026-11-24'\n");
    expect(byPath['packages/gpu-kernels/README.md']).toBe('Install gpu-kernels 1.4.0\n');
    expect(JSON.parse(byPath['packages/pricing-engine/package.json'])).toMatchObject({
      version: '2.1.1',
      dependencies: { 'gpu-kernels': '^1.4.0' },
    });
    expect(byPath['packages/pricing-engine/CHANGELOG.md']).toMatch(
      /^# Changelog\n\n## \[2\.1\.1\] - 2026-11-24\n\n### Changed\n- vectorise .*\n- update dependency gpu-kernels to 1\.4\.0\n\n## \[2\.1\.0\]/,
    );
    expect(byPath['packages/gpu-kernels/CHANGELOG.md']).toContain('All notable changes to this project will be documented in this file.');
    expect(byPath['RELEASE_NOTES.md']).toMatch(/^# Release gpu-kernels@1\.4\.0\n[\s\S]*\n# Release pricing-engine@2\.1\.1\n/);
  });

  it('fails on a version file out of step, naming it, and edits nothing', async () => {
    const stale = { ...files, 'packages/gpu-kernels/gpu_kernels/version.py': "__version__ = '1.2.0'\n" };
    await expect(planReleaseEdits(await samplePlan(), memoryFiles(stale), options)).rejects.toThrow(
      'packages/gpu-kernels/gpu_kernels/version.py carries version 1.2.0, not the current 1.3.0',
    );
  });

  it('refuses to write a version below the one the manifest already carries (no silent downgrade)', async () => {
    const tagged = { version: '0.9.0', tag: 'a@0.9.0', commit: 'c0' };
    const commits = await classified('fix: leak');
    const history: ProjectHistory = {
      name: 'a',
      root: 'packages/a',
      manifestVersion: '1.0.0',
      manifestFile: 'packages/a/package.json',
      dependencies: [],
      latest: tagged,
      latestStable: tagged,
      sinceLatest: commits,
      sinceStable: commits,
    };
    const plan = planRelease(
      [history],
      [{ name: 'a', projects: ['a'], relationship: 'independent', tagPattern: '{projectName}@{version}' }],
      {
        rules: DEFAULT_BUMP_RULES,
      },
    );
    expect(plan.projects[0].nextVersion).toBe('0.9.1');
    const manifest = { 'packages/a/package.json': '{"name":"a","version":"1.0.0"}\n' };
    await expect(planReleaseEdits(plan, memoryFiles(manifest), options)).rejects.toThrow(
      'a: packages/a/package.json already says 1.0.0, ahead of 0.9.1 planned from the last release tag a@0.9.0; versions never go back',
    );
  });

  it('leaves a changelog that already has the version and says so', async () => {
    const done = { ...files, 'packages/gpu-kernels/CHANGELOG.md': '# Changelog\n\n## [1.4.0] - 2026-11-20\n' };
    const { edits, notices } = await planReleaseEdits(await samplePlan(), memoryFiles(done), {
      ...options,
      versionFiles: false,
      releaseNotes: null,
    });
    expect(edits.map((edit) => edit.path)).toEqual(['packages/pricing-engine/CHANGELOG.md']);
    expect(notices).toEqual(['packages/gpu-kernels/CHANGELOG.md already has a section for 1.4.0: left as it is']);
  });

  it('keeps package-lock.json in step: the released workspace packages and the ranges on them', async () => {
    const lock = {
      name: 'gpu-trading',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'gpu-trading', workspaces: ['packages/*'] },
        'node_modules/gpu-kernels': { resolved: 'packages/gpu-kernels', link: true },
        'node_modules/left-pad': { version: '1.3.0', dependencies: { 'gpu-kernels': '^1.3.0' } },
        'packages/gpu-kernels': { name: 'gpu-kernels', version: '1.3.0' },
        'packages/pricing-engine': { name: 'pricing-engine', version: '2.1.0', dependencies: { 'gpu-kernels': '^1.3.0' } },
        'packages/docs-site': { name: 'docs-site', version: '1.0.0' },
      },
    };
    const text = `${JSON.stringify(lock, null, 2)}\n`;
    const { edits } = await planReleaseEdits(await samplePlan(), memoryFiles({ ...files, 'package-lock.json': text }), options);
    const updated = JSON.parse(edits.find((edit) => edit.path === 'package-lock.json')!.content);
    expect(updated.packages['packages/gpu-kernels'].version).toBe('1.4.0');
    expect(updated.packages['packages/pricing-engine']).toEqual({
      name: 'pricing-engine',
      version: '2.1.1',
      dependencies: { 'gpu-kernels': '^1.4.0' },
    });
    expect(updated.packages['packages/docs-site'].version).toBe('1.0.0');
    expect(updated.packages['node_modules/left-pad']).toEqual(lock.packages['node_modules/left-pad']);
    // npm's own layout: two spaces, a final newline
    expect(edits.find((edit) => edit.path === 'package-lock.json')!.content).toBe(`${JSON.stringify(updated, null, 2)}\n`);
  });

  it('keeps the drafts of nx g changelog and nx g release-notes as they are, for the release commit to take', async () => {
    const plan = await samplePlan();
    const first = await planReleaseEdits(plan, memoryFiles(files), { ...options, versionFiles: false });
    const notes = first.edits.find((edit) => edit.path === 'RELEASE_NOTES.md')!.content;
    const drafted = {
      ...files,
      'packages/gpu-kernels/CHANGELOG.md': '# Changelog\n\n## [1.4.0] - 2026-11-20\n- edited by hand\n',
      'RELEASE_NOTES.md': `${notes}\nEdited by the release manager.\n`,
    };
    const { edits, drafts } = await planReleaseEdits(plan, memoryFiles(drafted), options);
    expect(drafts).toEqual(['packages/gpu-kernels/CHANGELOG.md', 'RELEASE_NOTES.md']);
    expect(edits.map((edit) => edit.path)).not.toContain('RELEASE_NOTES.md');
    // notes of an earlier release are not a draft of this one: they are replaced
    const stale = await planReleaseEdits(plan, memoryFiles({ ...files, 'RELEASE_NOTES.md': '# Release gpu-kernels@1.3.0\n' }), options);
    expect(stale.drafts).toEqual([]);
    expect(stale.edits.find((edit) => edit.path === 'RELEASE_NOTES.md')?.content).toBe(notes);
  });

  it('tells a fixed group in one release notes block and keeps a workspace changelog by tag', async () => {
    const plan = await samplePlan('fixed');
    const { edits } = await planReleaseEdits(plan, memoryFiles(files), {
      ...options,
      changelog: false,
      workspaceChangelog: 'CHANGELOG.md',
    });
    const byPath = Object.fromEntries(edits.map((edit) => [edit.path, edit.content]));
    const notes = byPath['RELEASE_NOTES.md'];
    expect(notes.match(/^# Release /gm)).toEqual(['# Release ']);
    expect(notes).toMatch(/^# Release v2\.2\.0\n/); // the group moves on from its highest member, 2.1.0
    expect(notes).toContain('fp8 gemm');
    expect(notes).toContain('vectorise');
    expect(notes).not.toContain('update dependency gpu-kernels');
    expect(byPath['CHANGELOG.md'].match(/^## \[v2\.2\.0\] - 2026-11-24$/gm)).toHaveLength(1);
  });
});
