import { nxProjectMatcher as nx } from '../adapters/project-matcher';
import { DEFAULT_GROUP, lastReleasesOf, matchProjects, resolveReleaseGroups, tagPatternHint, type ReleaseGroup } from './release-groups';

const projects = [
  { name: 'gpu-kernels', root: 'libs/gpu-kernels', tags: ['scope:compute'] },
  { name: 'pricing-engine', root: 'libs/pricing-engine', tags: ['scope:compute'] },
  { name: 'strategy-api', root: 'apps/strategy-api', tags: ['scope:api'] },
  { name: 'docs-site', root: 'apps/docs-site', tags: [] },
];

describe('resolveReleaseGroups', () => {
  it('defaults to one fixed group of every project tagged v{version}', () => {
    expect(resolveReleaseGroups({}, projects, nx)).toEqual([
      { name: DEFAULT_GROUP, projects: projects.map((p) => p.name), relationship: 'fixed', tagPattern: 'v{version}' },
    ]);
  });

  it('uses {projectName}@{version} for independent projects', () => {
    const [group] = resolveReleaseGroups({ projectsRelationship: 'independent', projects: ['*', '!docs-site'] }, projects, nx);
    expect(group).toMatchObject({ relationship: 'independent', tagPattern: '{projectName}@{version}' });
    expect(group.projects).toEqual(['gpu-kernels', 'pricing-engine', 'strategy-api']);
  });

  it('honours nx release groups with their own relationship and tag pattern', () => {
    const groups = resolveReleaseGroups(
      {
        releaseTagPattern: 'release/{version}',
        groups: {
          compute: { projects: 'tag:scope:compute', projectsRelationship: 'fixed', releaseTag: { pattern: 'compute-v{version}' } },
          rest: { projects: ['strategy-api', 'docs-site'], projectsRelationship: 'independent' },
        },
      },
      projects,
      nx,
    );
    expect(groups).toEqual([
      { name: 'compute', projects: ['gpu-kernels', 'pricing-engine'], relationship: 'fixed', tagPattern: 'compute-v{version}' },
      { name: 'rest', projects: ['strategy-api', 'docs-site'], relationship: 'independent', tagPattern: 'release/{version}' },
    ]);
  });

  it('refuses a project in two groups', () => {
    expect(() => resolveReleaseGroups({ groups: { a: { projects: ['gpu-kernels'] }, b: { projects: ['gpu-*'] } } }, projects, nx)).toThrow(
      'project "gpu-kernels" is in two release groups, "a" and "b"',
    );
  });
});

describe('matchProjects', () => {
  it('names an unknown project and lists the known ones', () => {
    expect(() => matchProjects(['pricing-engin'], projects, '--project', nx)).toThrow(
      /unknown project "pricing-engin" in --project.*gpu-kernels, pricing-engine/,
    );
  });

  it('accepts comma-separated patterns', () => {
    expect(matchProjects('strategy-api, gpu-*', projects, 'x', nx)).toEqual(['gpu-kernels', 'strategy-api']);
  });

  // create-nx-workspace --preset=npm: scoped libraries under packages/, the private workspace root at '.'
  const workspace = [
    { name: '@ws/source', root: '', tags: [] },
    { name: '@ws/core', root: 'packages/core', tags: [] },
    { name: '@ws/api', root: 'packages/api', tags: [] },
    { name: 'pyproj', root: 'packages/pyproj', tags: [] },
  ];

  it.each([
    [['packages/*'], ['@ws/api', '@ws/core', 'pyproj']],
    [['packages/**'], ['@ws/api', '@ws/core', 'pyproj']],
    [['!@ws/source'], ['@ws/api', '@ws/core', 'pyproj']],
    [
      ['@ws/*', '!@ws/source'],
      ['@ws/api', '@ws/core'],
    ],
  ])('selects %j as `nx show projects -p` does', (patterns, expected) => {
    expect(matchProjects(patterns, workspace, 'release.projects', nx).sort()).toEqual(expected);
  });

  it('puts the directory pattern of release.projects into the group', () => {
    const [group] = resolveReleaseGroups({ projects: ['packages/*'], projectsRelationship: 'independent' }, workspace, nx);
    expect(group.projects.sort()).toEqual(['@ws/api', '@ws/core', 'pyproj']);
  });
});

describe('tagPatternHint', () => {
  const group: ReleaseGroup = {
    name: DEFAULT_GROUP,
    projects: ['core', 'api'],
    relationship: 'independent',
    tagPattern: '{projectName}@{version}',
  };
  const hint = (names: string[]) => {
    const tags = names.map((name, index) => ({ name, commit: `c${index}` }));
    const releases = new Map(group.projects.map((project) => [project, lastReleasesOf(group, project, tags)]));
    return tagPatternHint([group], releases, tags);
  };

  it('says so when no tag matches the pattern while version tags of another one exist', () => {
    expect(hint(['v1.0.0', 'v1.1.0', 'v1.2.0-rc.0', 'v1.2.0', 'v1.2.0-rollback', 'docs'])).toBe(
      'no tag matches {projectName}@{version}, though 4 version tags of another pattern exist (v1.1.0, v1.2.0, v1.2.0-rc.0): every project is planned as a first release. ' +
        "If the pattern changed, set release.releaseTag.pattern in nx.json to the one those tags follow, or tag each project's last release under the new pattern",
    );
  });

  it('says nothing once a project has a release under the pattern, or when there are no version tags at all', () => {
    expect(hint(['v1.0.0', 'core@1.0.0'])).toBeNull();
    expect(hint(['docs', 'latest'])).toBeNull();
    expect(hint([])).toBeNull();
  });
});
