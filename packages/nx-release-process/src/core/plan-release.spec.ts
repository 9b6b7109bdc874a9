import { DEFAULT_BUMP_RULES } from './bump';
import type { ClassifiedCommit } from './commit-classification';
import { planRelease, type ProjectHistory } from './plan-release';
import type { ReleaseGroup } from './release-groups';
import { classified } from '../testing/commits';

function history(name: string, version: string | null, commits: ClassifiedCommit[], dependencies: string[] = []): ProjectHistory {
  const release = version ? { version, tag: `${name}@${version}`, commit: `${name}-tag` } : null;
  return {
    name,
    root: `libs/${name}`,
    manifestVersion: version ?? '0.1.0',
    manifestFile: `libs/${name}/package.json`,
    dependencies,
    latest: release,
    latestStable: release,
    sinceLatest: commits,
    sinceStable: commits,
  };
}

const independent = (...projects: string[]): ReleaseGroup[] => [
  { name: 'all', projects, relationship: 'independent', tagPattern: '{projectName}@{version}' },
];

describe('planRelease', () => {
  it('releases the transitive dependents of a fixed leaf with a patch and says why', async () => {
    const histories = [
      history('gpu-kernels', '1.3.0', await classified('fix(cuda): race in reduction')),
      history('pricing-engine', '2.1.0', [], ['gpu-kernels']),
      history('strategy-api', '0.4.2', await classified('docs: api guide'), ['pricing-engine']),
      history('docs-site', '1.0.0', await classified('docs: typo')),
    ];
    const plan = planRelease(histories, independent('gpu-kernels', 'pricing-engine', 'strategy-api', 'docs-site'), {
      rules: DEFAULT_BUMP_RULES,
    });
    const summary = Object.fromEntries(plan.projects.map((p) => [p.name, [p.bump, p.nextVersion, p.nextTag]]));
    expect(summary).toEqual({
      'gpu-kernels': ['patch', '1.3.1', 'gpu-kernels@1.3.1'],
      'pricing-engine': ['patch', '2.1.1', 'pricing-engine@2.1.1'],
      'strategy-api': ['patch', '0.4.3', 'strategy-api@0.4.3'],
      'docs-site': ['none', null, null],
    });
    expect(plan.projects.map((p) => p.name)).toEqual(['docs-site', 'gpu-kernels', 'pricing-engine', 'strategy-api']);
    const strategy = plan.projects.find((p) => p.name === 'strategy-api');
    expect(strategy?.reasons).toEqual([{ kind: 'dependency', dependency: 'pricing-engine' }]);
  });

  it('keeps a dependent its own higher bump and adds the dependency reason', async () => {
    const histories = [
      history('core', '1.0.0', await classified('fix: a')),
      history('app', '1.0.0', await classified('feat: b'), ['core']),
    ];
    const plan = planRelease(histories, independent('core', 'app'), { rules: DEFAULT_BUMP_RULES });
    const app = plan.projects.find((p) => p.name === 'app');
    expect(app).toMatchObject({ bump: 'minor', nextVersion: '1.1.0' });
    expect(app?.reasons.map((reason) => reason.kind)).toEqual(['commit', 'dependency']);
  });

  it('releases a fixed group together on one version from its highest bump', async () => {
    const histories = [history('a', '2.0.0', await classified('feat: a')), history('b', '2.0.0', []), history('c', '1.0.0', [], ['b'])];
    const groups: ReleaseGroup[] = [
      { name: 'core', projects: ['a', 'b'], relationship: 'fixed', tagPattern: 'v{version}' },
      { name: 'apps', projects: ['c'], relationship: 'independent', tagPattern: '{projectName}@{version}' },
    ];
    const plan = planRelease(histories, groups, { rules: DEFAULT_BUMP_RULES });
    expect(plan.projects.map((p) => [p.name, p.nextVersion, p.nextTag])).toEqual([
      ['a', '2.1.0', 'v2.1.0'],
      ['b', '2.1.0', 'v2.1.0'],
      ['c', '1.0.1', 'c@1.0.1'],
    ]);
    expect(plan.projects[1].reasons).toEqual([{ kind: 'group', group: 'core' }]);
  });

  it('plans only the selected projects and what depends on them', async () => {
    const histories = [
      history('lib', '1.0.0', await classified('fix: a')),
      history('app', '1.0.0', [], ['lib']),
      history('other', '1.0.0', await classified('feat: b')),
    ];
    const plan = planRelease(histories, independent('lib', 'app', 'other'), { rules: DEFAULT_BUMP_RULES, selected: ['lib'] });
    expect(plan.projects.map((p) => [p.name, p.nextVersion])).toEqual([
      ['lib', '1.0.1'],
      ['app', '1.0.1'],
    ]);
  });

  it('gives a dependent pulled in by a selected project the bump its own commits ask for', async () => {
    const histories = [
      history('lib', '1.0.0', await classified('fix: a')),
      history('app', '0.4.2', await classified('feat(api)!: stream quotes'), ['lib']),
    ];
    const plan = planRelease(histories, independent('lib', 'app'), { rules: DEFAULT_BUMP_RULES, selected: ['lib'] });
    const app = plan.projects.find((p) => p.name === 'app');
    expect(app).toMatchObject({ bump: 'minor', nextVersion: '0.5.0' });
    expect(app?.reasons.map((reason) => reason.kind)).toEqual(['commit', 'dependency']);
  });

  it('releases a project never released at its manifest version', () => {
    const plan = planRelease([history('fresh', null, [])], independent('fresh'), { rules: DEFAULT_BUMP_RULES });
    expect(plan.projects[0]).toMatchObject({ nextVersion: '0.1.0', lastTag: null, reasons: [{ kind: 'first-release' }] });
  });

  it('runs a candidate sequence: rc.0, rc.1 after a fix, nothing without change, then the promotion', async () => {
    const feature = await classified('feat: faster greeks');
    const fix = await classified('fix: rounding');
    const rules = DEFAULT_BUMP_RULES;
    const groups = independent('engine');
    const stable = { version: '1.1.0', tag: 'engine@1.1.0', commit: 's' };
    const rc0 = { version: '1.2.0-rc.0', tag: 'engine@1.2.0-rc.0', commit: 'r0' };
    const base = history('engine', '1.1.0', feature);

    expect(planRelease([base], groups, { rules, preid: 'rc' }).projects[0].nextVersion).toBe('1.2.0-rc.0');

    const afterRc0 = { ...base, latest: rc0, latestStable: stable, sinceLatest: fix, sinceStable: [...fix, ...feature] };
    const rc1 = planRelease([afterRc0], groups, { rules, preid: 'rc' }).projects[0];
    expect(rc1.nextVersion).toBe('1.2.0-rc.1');
    // rc.1 tells what changed since rc.0, not rc.0's changes again
    expect(rc1.commits.map((commit) => commit.subject)).toEqual(['rounding']);

    const nothingNew = { ...afterRc0, sinceLatest: [] };
    expect(planRelease([nothingNew], groups, { rules, preid: 'rc' }).projects[0].nextVersion).toBeNull();

    const promoted = planRelease([nothingNew], groups, { rules, promote: true }).projects[0];
    expect(promoted).toMatchObject({ nextVersion: '1.2.0', nextTag: 'engine@1.2.0' });
    expect(promoted.reasons[0]).toEqual({ kind: 'promote', from: '1.2.0-rc.0' });
    expect(promoted.commits.map((commit) => commit.subject)).toEqual(['rounding', 'faster greeks']);
    expect(promoted.bump).toBe('minor');
    // the step from the last stable release, even when the commits since it no longer read as releasing
    expect(planRelease([{ ...nothingNew, sinceStable: [] }], groups, { rules, promote: true }).projects[0].bump).toBe('minor');
  });

  it('forces the asked bump on the selected projects, with or without commits', async () => {
    const histories = [history('lib', '1.2.3', await classified('docs: only docs')), history('app', '1.0.0', [], ['lib'])];
    const plan = planRelease(histories, independent('lib', 'app'), { rules: DEFAULT_BUMP_RULES, selected: ['lib'], forceBump: 'major' });
    expect(plan.projects.map((p) => [p.name, p.bump, p.nextVersion])).toEqual([
      ['lib', 'major', '2.0.0'],
      ['app', 'patch', '1.0.1'],
    ]);
    expect(plan.projects[0].reasons[0]).toEqual({ kind: 'forced', bump: 'major' });
  });

  it('refuses --promote when no selected project is a candidate', () => {
    expect(() => planRelease([history('a', '1.0.0', [])], independent('a'), { rules: DEFAULT_BUMP_RULES, promote: true })).toThrow(
      /nothing to promote/,
    );
  });
});
