import { DEFAULT_GROUP, matchProjects, resolveReleaseGroups } from './release-groups';

const projects = [
  { name: 'gpu-kernels', tags: ['scope:compute'] },
  { name: 'pricing-engine', tags: ['scope:compute'] },
  { name: 'strategy-api', tags: ['scope:api'] },
  { name: 'docs-site', tags: [] },
];

describe('resolveReleaseGroups', () => {
  it('defaults to one fixed group of every project tagged v{version}', () => {
    expect(resolveReleaseGroups({}, projects)).toEqual([
      { name: DEFAULT_GROUP, projects: projects.map((p) => p.name), relationship: 'fixed', tagPattern: 'v{version}' },
    ]);
  });

  it('uses {projectName}@{version} for independent projects', () => {
    const [group] = resolveReleaseGroups({ projectsRelationship: 'independent', projects: ['*', '!docs-site'] }, projects);
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
    );
    expect(groups).toEqual([
      { name: 'compute', projects: ['gpu-kernels', 'pricing-engine'], relationship: 'fixed', tagPattern: 'compute-v{version}' },
      { name: 'rest', projects: ['strategy-api', 'docs-site'], relationship: 'independent', tagPattern: 'release/{version}' },
    ]);
  });

  it('refuses a project in two groups', () => {
    expect(() => resolveReleaseGroups({ groups: { a: { projects: ['gpu-kernels'] }, b: { projects: ['gpu-*'] } } }, projects)).toThrow(
      'project "gpu-kernels" is in two release groups, "a" and "b"',
    );
  });
});

describe('matchProjects', () => {
  it('names an unknown project and lists the known ones', () => {
    expect(() => matchProjects(['pricing-engin'], projects, '--project')).toThrow(
      /unknown project "pricing-engin" in --project.*gpu-kernels, pricing-engine/,
    );
  });

  it('accepts comma-separated patterns', () => {
    expect(matchProjects('strategy-api, gpu-*', projects, 'x')).toEqual(['gpu-kernels', 'strategy-api']);
  });
});
