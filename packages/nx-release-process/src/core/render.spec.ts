import { DEFAULT_BUMP_RULES } from './bump';
import { planRelease } from './plan-release';
import { CHANGELOG_SECTIONS, renderChangelogSection } from './render-changelog';
import { renderReleaseNotes } from './render-release-notes';
import { repositoryLinks } from './repository-links';
import { classified } from '../testing/commits';

async function plannedEngine() {
  const commits = await classified(
    'feat(pricing): add greeks (#12)',
    'perf: vectorise the pricer',
    'fix: rounding of ticks',
    'docs: pricing guide',
    'chore: bump lint',
    'feat(api)!: rename quote to price\n\nBREAKING CHANGE: `quote()` is now `price()`',
    'fix(security): escape order ids',
  );
  const history = {
    name: 'pricing-engine',
    root: 'libs/pricing-engine',
    manifestVersion: '1.1.0',
    manifestFile: 'libs/pricing-engine/package.json',
    dependencies: ['gpu-kernels'],
    latest: { version: '1.1.0', tag: 'v1.1.0', commit: 'x' },
    latestStable: { version: '1.1.0', tag: 'v1.1.0', commit: 'x' },
    sinceLatest: commits,
    sinceStable: commits,
  };
  const kernels = {
    ...history,
    name: 'gpu-kernels',
    root: 'libs/gpu-kernels',
    dependencies: [],
    sinceLatest: await classified('fix: a'),
    sinceStable: await classified('fix: a'),
  };
  const plan = planRelease(
    [kernels, history],
    [{ name: 'all', projects: ['gpu-kernels', 'pricing-engine'], relationship: 'independent', tagPattern: 'v{version}' }],
    {
      rules: DEFAULT_BUMP_RULES,
    },
  );
  return { plan: plan.projects[1], versions: { 'gpu-kernels': '1.1.1', 'pricing-engine': '2.0.0' } };
}

describe('renderReleaseNotes', () => {
  it('fills the notes template sections and a migration guide for the breaking change', async () => {
    const { plan, versions } = await plannedEngine();
    const notes = await renderReleaseNotes(plan, { links: null, versions });
    expect(notes.startsWith('# Release v2.0.0\n')).toBe(true);
    const sections = notes.split('\n').filter((line) => line.startsWith('## '));
    expect(sections).toEqual([
      '## 🌟 New Features',
      '## 🔧 Improvements',
      '## 🐛 Bug Fixes',
      '## 📚 Documentation',
      '## 🔄 Migration Guide',
    ]);
    expect(notes).toMatch(
      /## 🌟 New Features\n- \*\*pricing:\*\* add greeks \(#12\) \([0-9a-f]{7}\)\n- \*\*api:\*\* rename quote to price \([0-9a-f]{7}\)\n\n/,
    );
    expect(notes).toContain('- update dependency gpu-kernels to 1.1.1\n');
    expect(notes).toContain('Steps to upgrade from 1.1.x to 2.0.0:\n- **api:** `quote()` is now `price()`');
    expect(notes).not.toContain('bump lint');
  });

  it('links commits and issues to GitHub', async () => {
    const { plan, versions } = await plannedEngine();
    const links = repositoryLinks('git@github.com:acme/trading.git');
    const notes = await renderReleaseNotes(plan, { links, versions });
    // `(#12)` in the subject is linked where it stands, not repeated as "closes #12"
    expect(notes).toMatch(
      /add greeks \(\[#12\]\(https:\/\/github\.com\/acme\/trading\/issues\/12\)\) \(\[[0-9a-f]{7}\]\(https:\/\/github\.com\/acme\/trading\/commit\/[0-9a-f]{40}\)\)\n/,
    );
    expect(notes).not.toContain('closes');
  });

  it('says so when nothing user-facing changed', async () => {
    const { plan, versions } = await plannedEngine();
    const notes = await renderReleaseNotes({ ...plan, commits: await classified('chore: a'), reasons: [] }, { links: null, versions });
    expect(notes).toContain('No user-facing changes.');
  });
});

describe('renderChangelogSection', () => {
  it('writes a Keep a Changelog section with BREAKING first', async () => {
    const { plan, versions } = await plannedEngine();
    const section = await renderChangelogSection(plan, { links: null, versions, date: '2026-11-24' });
    expect(section.startsWith('## [2.0.0] - 2026-11-24\n\n### BREAKING\n- **api:** `quote()` is now `price()`\n')).toBe(true);
    const headings = section
      .split('\n')
      .filter((line) => line.startsWith('### '))
      .map((line) => line.slice(4));
    expect(headings).toEqual(['BREAKING', 'Added', 'Changed', 'Fixed', 'Security']);
    expect(CHANGELOG_SECTIONS).toEqual(expect.arrayContaining(headings.slice(1)));
    expect(section).toMatch(/### Fixed\n- rounding of ticks \([0-9a-f]{7}\)\n\n### Security\n- \*\*security:\*\* escape order ids/);
  });
});

describe('repositoryLinks', () => {
  it.each([
    ['https://github.com/acme/trading.git', 'https://github.com/acme/trading/commit/abc'],
    ['git@github.com:acme/trading.git', 'https://github.com/acme/trading/commit/abc'],
    ['ssh://git@gitlab.com:2222/acme/sub/trading.git', 'https://gitlab.com/acme/sub/trading/-/commit/abc'],
    ['https://token@github.com/acme/trading', 'https://github.com/acme/trading/commit/abc'],
  ])('%s', (remote, commitLink) => {
    expect(repositoryLinks(remote)?.commit('abc')).toBe(commitLink);
  });

  it('gives no links for other hosts or local paths', () => {
    expect(repositoryLinks('/tmp/origin.git')).toBeNull();
    expect(repositoryLinks('https://example.org/acme/trading.git')).toBeNull();
  });
});
