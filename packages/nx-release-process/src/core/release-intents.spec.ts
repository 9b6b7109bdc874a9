import { DEFAULT_BUMP_RULES } from './bump';
import { planRelease, type ProjectHistory } from './plan-release';
import { intentsByProject, parseChangesetConfig, parseIntent, type ProjectIntent } from './release-intents';
import { renderChangelogSection } from './render-changelog';
import { renderReleaseNotes } from './render-release-notes';
import { repositoryLinks } from './repository-links';
import { classified } from '../testing/commits';

describe('parseIntent', () => {
  it('reads a changeset: quoted or bare names, each with its level, then the summary', () => {
    const intent = parseIntent({
      path: '.changeset/brave-dogs-dance.md',
      format: 'changeset',
      text: '---\n"@ws/core": minor\n\'@ws/cli\': patch\nplain-name: MAJOR\n---\n\nAdd a `--json` flag.\n\nMore words.\n',
    });
    expect(intent).toEqual({
      file: '.changeset/brave-dogs-dance.md',
      format: 'changeset',
      bumps: [
        { name: '@ws/core', bump: 'minor' },
        { name: '@ws/cli', bump: 'patch' },
        { name: 'plain-name', bump: 'major' },
      ],
      summary: 'Add a `--json` flag.\n\nMore words.',
    });
    // An empty changeset (`changeset --empty`) declares nothing.
    expect(parseIntent({ path: '.changeset/empty.md', format: 'changeset', text: '---\n---\n' }).bumps).toEqual([]);
    expect(parseIntent({ path: 'p.md', format: 'version-plan', text: '\uFEFF---\r\nmy-lib: patch\r\n---\r\nfix it\r\n' }).bumps).toEqual([
      { name: 'my-lib', bump: 'patch' },
    ]);
  });

  it.each([
    ['no front matter', 'just text', '.changeset/a.md has no front matter between --- lines'],
    ['an unclosed front matter', '---\n"a": patch\n', '.changeset/a.md has no front matter between --- lines'],
    [
      'an unknown level',
      '---\n"a": huge\n---\n',
      '.changeset/a.md asks for "huge" for a, which is no level. Use major, minor, patch (or none)',
    ],
    ['a line without a level', '---\n"a"\n---\n', '.changeset/a.md line 2 is not "name": level ("\\"a\\"")'],
  ])('refuses %s, naming the file', (_case, text, message) => {
    expect(() => parseIntent({ path: '.changeset/a.md', format: 'changeset', text })).toThrow(message);
  });
});

describe('parseChangesetConfig', () => {
  it('reads the sets, the ignore list and the settings', () => {
    const config = parseChangesetConfig(
      '.changeset/config.json',
      JSON.stringify({
        fixed: [['a', 'b']],
        linked: [],
        ignore: ['docs'],
        access: 'public',
        baseBranch: 'main',
        updateInternalDependencies: 'patch',
      }),
    );
    expect(config).toEqual({
      fixed: [['a', 'b']],
      linked: [],
      ignore: ['docs'],
      access: 'public',
      baseBranch: 'main',
      updateInternalDependencies: 'patch',
    });
  });

  it('refuses invalid JSON, and names every wrong field at once', () => {
    expect(() => parseChangesetConfig('.changeset/config.json', '{ fixed: ')).toThrow(/^\.changeset\/config\.json is not valid JSON/);
    expect(() =>
      parseChangesetConfig('.changeset/config.json', JSON.stringify({ fixed: 'a', access: 'open', updateInternalDependencies: 'major' })),
    ).toThrow(
      '.changeset/config.json: fixed must be a list of lists of package names; updateInternalDependencies must be "patch" or "minor"; access must be "public" or "restricted"',
    );
  });
});

describe('intentsByProject', () => {
  const intents = [
    parseIntent({ path: '.changeset/one.md', format: 'changeset', text: '---\n"@ws/a": minor\n"@ws/docs": patch\n---\nOne' }),
    parseIntent({ path: '.nx/version-plans/two.md', format: 'version-plan', text: '---\nlibs: patch\na: major\n---\nTwo' }),
  ];
  const resolve = (name: string) => ({ '@ws/a': ['a'], libs: ['a', 'b'], a: ['a'], '@ws/docs': [] as string[] })[name] ?? null;

  it('maps packages and groups to projects, one entry per file at its highest level', () => {
    const byProject = intentsByProject(intents, resolve, new Map([['.changeset/one.md', 'abc']]));
    expect(byProject.get('a')).toEqual([
      { file: '.changeset/one.md', bump: 'minor', summary: 'One', commit: 'abc' },
      { file: '.nx/version-plans/two.md', bump: 'major', summary: 'Two', commit: null },
    ]);
    expect(byProject.get('b')).toEqual([{ file: '.nx/version-plans/two.md', bump: 'patch', summary: 'Two', commit: null }]);
  });

  it('refuses a name nothing answers to, and skips ignored packages', () => {
    const unknown = [parseIntent({ path: '.changeset/x.md', format: 'changeset', text: '---\n"@ws/gone": patch\n---\n' })];
    expect(() => intentsByProject(unknown, resolve, new Map())).toThrow(
      '.changeset/x.md names @ws/gone, which is no package of this workspace. Fix the name (as in its package.json), or remove the file',
    );
    expect(intentsByProject(unknown, resolve, new Map(), new Set(['@ws/gone'])).size).toBe(0);
  });
});

describe('planRelease with intents', () => {
  async function history(name: string, version: string, messages: string[], intents?: ProjectIntent[], dependencies: string[] = []) {
    const commits = await classified(...messages);
    const latest = { version, tag: `${name}@${version}`, commit: 'x' };
    return {
      name,
      root: `packages/${name}`,
      manifestVersion: version,
      manifestFile: `packages/${name}/package.json`,
      dependencies,
      latest,
      latestStable: latest,
      sinceLatest: commits,
      sinceStable: commits,
      intents,
    } satisfies ProjectHistory;
  }
  const group = (projects: string[]) => [
    { name: 'all', projects, relationship: 'independent' as const, tagPattern: '{projectName}@{version}' },
  ];
  const intent = (file: string, bump: ProjectIntent['bump'], summary = 'x'): ProjectIntent => ({ file, bump, summary, commit: null });

  it('takes the highest declared level, as written (a major below 1.0.0 is 1.0.0), over what the commits say', async () => {
    const a = await history('a', '0.4.2', ['fix: small'], [intent('.changeset/1.md', 'patch'), intent('.changeset/2.md', 'major')]);
    const b = await history('b', '1.2.0', ['feat: new'], [intent('.changeset/3.md', 'patch')]);
    const plan = planRelease([a, b], group(['a', 'b']), { rules: DEFAULT_BUMP_RULES });
    expect(plan.projects.map((project) => [project.name, project.bump, project.nextVersion, project.decidedBy])).toEqual([
      ['a', 'major', '1.0.0', 'intent'],
      ['b', 'patch', '1.2.1', 'intent'],
    ]);
    expect(plan.projects[0].reasons).toEqual([
      { kind: 'intent', file: '.changeset/1.md', bump: 'patch', summary: 'x' },
      { kind: 'intent', file: '.changeset/2.md', bump: 'major', summary: 'x' },
    ]);
  });

  it('lets commits decide for projects without intents, unless intents are required; dependents follow', async () => {
    const a = await history('a', '1.0.0', ['fix: small'], [intent('.changeset/1.md', 'minor')]);
    const b = await history('b', '1.0.0', ['feat: new'], undefined, ['a']);
    const c = await history('c', '1.0.0', ['feat: other']);
    const free = planRelease([a, b, c], group(['a', 'b', 'c']), { rules: DEFAULT_BUMP_RULES });
    expect(free.projects.map((project) => [project.name, project.nextVersion, project.decidedBy])).toEqual([
      ['a', '1.1.0', 'intent'],
      ['b', '1.1.0', 'conventional feat'],
      ['c', '1.1.0', 'conventional feat'],
    ]);
    const required = planRelease([a, b, c], group(['a', 'b', 'c']), {
      rules: DEFAULT_BUMP_RULES,
      intents: { required: true, fixed: [], linked: [] },
    });
    expect(required.projects.map((project) => [project.name, project.nextVersion, project.decidedBy])).toEqual([
      ['a', '1.1.0', 'intent'],
      ['b', '1.0.1', 'dependency a updated'],
      ['c', null, 'no intent (intents are required)'],
    ]);
  });

  it('releases dependents as changesets does when asked: only when the new version leaves their range', async () => {
    const core = await history('core', '1.4.0', [], [intent('.changeset/1.md', 'minor')]);
    const inRange = { ...(await history('app', '2.0.0', [], undefined, ['core'])), dependencyRanges: { core: '^1.4.0' } };
    const pinned = { ...(await history('cli', '3.0.0', [], undefined, ['core'])), dependencyRanges: { core: '1.4.0' } };
    const tilde = { ...(await history('web', '1.0.0', [], undefined, ['core'])), dependencyRanges: { core: 'workspace:~' } };
    const star = { ...(await history('docs', '1.0.0', [], undefined, ['core'])), dependencyRanges: { core: 'workspace:*' } };
    const rules = { required: true, fixed: [], linked: [], dependents: 'out-of-range' as const };
    const plan = planRelease([core, inRange, pinned, tilde, star], group(['core', 'app', 'cli', 'web', 'docs']), {
      rules: DEFAULT_BUMP_RULES,
      intents: rules,
    });
    expect(plan.projects.map((project) => [project.name, project.nextVersion]).sort()).toEqual([
      ['app', null],
      ['cli', '3.0.1'],
      ['core', '1.5.0'],
      ['docs', null],
      ['web', '1.0.1'],
    ]);
    const always = planRelease([core, inRange], group(['core', 'app']), {
      rules: DEFAULT_BUMP_RULES,
      intents: { ...rules, dependents: 'always' },
    });
    expect(always.projects.map((project) => project.nextVersion)).toEqual(['1.5.0', '2.0.1']);
  });

  it("follows changesets' fixed and linked sets", async () => {
    const a = await history('a', '1.0.0', [], [intent('.changeset/1.md', 'minor')]);
    const b = await history('b', '1.0.0', []);
    const c = await history('c', '2.0.0', [], [intent('.changeset/2.md', 'patch')]);
    const d = await history('d', '3.0.0', []);
    const plan = planRelease([a, b, c, d], group(['a', 'b', 'c', 'd']), {
      rules: DEFAULT_BUMP_RULES,
      intents: { required: true, fixed: [['a', 'b']], linked: [['a', 'c', 'd']] },
    });
    expect(plan.projects.map((project) => [project.name, project.nextVersion])).toEqual([
      ['a', '1.1.0'],
      ['b', '1.1.0'], // fixed: released with a
      ['c', '2.1.0'], // linked: at the set's highest bump
      ['d', null], // linked: not released on its own
    ]);
    expect(plan.projects[1].reasons).toEqual([{ kind: 'intent-set', set: 'fixed', with: ['a'] }]);
  });
});

describe('notes and changelog from intents', () => {
  it('gives each intent an entry in its section, linked to the commit that added it, instead of that commit', async () => {
    const commits = await classified('feat: add streaming (internal wording)', 'fix: typo in docs build', 'chore: add changeset');
    const added = commits[2].hash;
    const latest = { version: '1.2.0', tag: 'api@1.2.0', commit: 'x' };
    const plan = planRelease(
      [
        {
          name: 'api',
          root: 'packages/api',
          manifestVersion: '1.2.0',
          manifestFile: 'packages/api/package.json',
          dependencies: [],
          latest,
          latestStable: latest,
          sinceLatest: commits,
          sinceStable: commits,
          intents: [
            { file: '.changeset/a.md', bump: 'minor', summary: 'Stream quotes over WebSocket', commit: added },
            { file: '.changeset/b.md', bump: 'patch', summary: 'docs: explain the stream', commit: commits[0].hash },
            { file: '.changeset/c.md', bump: 'major', summary: 'Drop Node 18.\n\nUpgrade to Node 20 first.', commit: null },
          ],
        },
      ],
      [{ name: 'api', projects: ['api'], relationship: 'independent', tagPattern: '{projectName}@{version}' }],
      { rules: DEFAULT_BUMP_RULES },
    ).projects[0];
    const links = repositoryLinks('https://github.com/acme/api.git');
    const notes = await renderReleaseNotes(plan, { links, versions: {} });
    expect(notes).toContain(
      `## 🌟 New Features\n- Stream quotes over WebSocket ([${added.slice(0, 7)}](https://github.com/acme/api/commit/${added}))\n- Drop Node 18.\n`,
    );
    expect(notes).toContain('## 🐛 Bug Fixes\n- typo in docs build');
    expect(notes).toContain('## 📚 Documentation\n- explain the stream');
    expect(notes).toContain('Steps to upgrade from 1.2.x to 2.0.0:\n- Drop Node 18. Upgrade to Node 20 first.');
    expect(notes).not.toContain('add streaming (internal wording)'); // the intent tells that change
    const section = await renderChangelogSection(plan, { links: null, versions: {}, date: '2026-12-05' });
    expect(section).toContain('### BREAKING\n- Drop Node 18. Upgrade to Node 20 first.');
    expect(section).toContain('### Added\n- Stream quotes over WebSocket');
  });
});
