import { DEFAULT_BUMP_RULES } from './bump';
import { planRelease } from './plan-release';
import { renderChangelogSection } from './render-changelog';
import { renderReleaseNotes } from './render-release-notes';
import { forgeRepositoryOf, linkReferences, repositoryLinks } from './repository-links';
import { classified } from '../testing/commits';

const gitlab = repositoryLinks('git@gitlab.com:grp/sub/proj.git');
const github = repositoryLinks('https://github.com/acme/trading.git');

describe('linkReferences', () => {
  it.each([
    ['fix: crash (!12)', 'fix: crash ([!12](https://gitlab.com/grp/sub/proj/-/merge_requests/12))'],
    ['see #3', 'see [#3](https://gitlab.com/grp/sub/proj/-/issues/3)'],
    ['with grp/sub/proj!4', 'with [grp/sub/proj!4](https://gitlab.com/grp/sub/proj/-/merge_requests/4)'],
    ['after a/b/c/other#9', 'after [a/b/c/other#9](https://gitlab.com/a/b/c/other/-/issues/9)'],
    ['#7 first', '[#7](https://gitlab.com/grp/sub/proj/-/issues/7) first'],
    ['a!b and C# and a!12 and x#3 stay', 'a!b and C# and a!12 and x#3 stay'],
    ['#12abc and !4x stay', '#12abc and !4x stay'],
    ['https://host/a/b#12 stays', 'https://host/a/b#12 stays'],
  ])('GitLab: %s', (text, linked) => {
    expect(linkReferences(text, gitlab as NonNullable<typeof gitlab>)).toBe(linked);
  });

  it.each([
    ['fix: crash (#12)', 'fix: crash ([#12](https://github.com/acme/trading/issues/12))'],
    ['fixes acme/other#7', 'fixes [acme/other#7](https://github.com/acme/other/issues/7)'],
    // GitHub reads neither `!12` nor a three-part path as a reference.
    ['merge request !12 and a/b/c#3', 'merge request !12 and a/b/c#3'],
  ])('GitHub: %s', (text, linked) => {
    expect(linkReferences(text, github as NonNullable<typeof github>)).toBe(linked);
  });

  it('stays linear on hostile input', () => {
    const long = `${'a/'.repeat(50_000)}x`;
    expect(linkReferences(` ${long}`, gitlab as NonNullable<typeof gitlab>)).toBe(` ${long}`);
  });
});

describe('forge links', () => {
  it('compares two tags on each forge', () => {
    expect(gitlab?.compare('core@1.1.0', 'core@1.2.0')).toBe('https://gitlab.com/grp/sub/proj/-/compare/core%401.1.0...core%401.2.0');
    expect(github?.compare('v1.1.0', 'v1.2.0')).toBe('https://github.com/acme/trading/compare/v1.1.0...v1.2.0');
  });

  it('knows a self-managed GitLab by the hosts the environment names', () => {
    expect(forgeRepositoryOf('https://git.acme.dev/platform/tools/release.git')).toBeNull();
    expect(forgeRepositoryOf('https://git.acme.dev/platform/tools/release.git', { gitlab: ['git.acme.dev'] })).toEqual({
      forge: 'gitlab',
      host: 'git.acme.dev',
      path: 'platform/tools/release',
    });
    expect(repositoryLinks('ssh://git@git.acme.dev:2222/platform/release.git', { gitlab: ['git.acme.dev'] })?.commit('abc')).toBe(
      'https://git.acme.dev/platform/release/-/commit/abc',
    );
  });
});

describe('notes and changelog on GitLab', () => {
  async function plan() {
    const commits = await classified(
      'feat(api): stream quotes (!21)',
      'fix: rounding, see grp/sub/other!4 and #3\n\nCloses grp/sub/other#8',
      'docs: C# bindings, a!b',
    );
    const history = {
      name: 'api',
      root: 'libs/api',
      manifestVersion: '1.1.0',
      manifestFile: 'libs/api/package.json',
      dependencies: [],
      latest: { version: '1.1.0', tag: 'api@1.1.0', commit: 'x' },
      latestStable: { version: '1.1.0', tag: 'api@1.1.0', commit: 'x' },
      sinceLatest: commits,
      sinceStable: commits,
    };
    const planned = planRelease(
      [history],
      [{ name: 'api', projects: ['api'], relationship: 'independent', tagPattern: '{projectName}@{version}' }],
      { rules: DEFAULT_BUMP_RULES },
    );
    return planned.projects[0];
  }

  it('links merge requests, issues, nested groups and the comparison', async () => {
    const api = await plan();
    const notes = await renderReleaseNotes(api, { links: gitlab, versions: {} });
    expect(notes).toContain('stream quotes ([!21](https://gitlab.com/grp/sub/proj/-/merge_requests/21))');
    expect(notes).toContain(
      'rounding, see [grp/sub/other!4](https://gitlab.com/grp/sub/other/-/merge_requests/4) and [#3](https://gitlab.com/grp/sub/proj/-/issues/3)',
    );
    expect(notes).toContain('closes [grp/sub/other#8](https://gitlab.com/grp/sub/other/-/issues/8)');
    expect(notes).toContain('C# bindings, a!b (');
    expect(notes).toContain(
      '**Full changelog**: [api@1.1.0...api@1.2.0](https://gitlab.com/grp/sub/proj/-/compare/api%401.1.0...api%401.2.0)',
    );

    const section = await renderChangelogSection(api, { links: gitlab, versions: {}, date: '2026-12-05' });
    expect(section.startsWith('## [1.2.0] - 2026-12-05\n')).toBe(true);
    expect(section).toContain('[1.2.0]: https://gitlab.com/grp/sub/proj/-/compare/api%401.1.0...api%401.2.0\n');
  });

  it('has no comparison without a forge', async () => {
    const notes = await renderReleaseNotes(await plan(), { links: null, versions: {} });
    expect(notes).not.toContain('Full changelog');
    expect(notes).toContain('stream quotes (!21)');
  });
});
