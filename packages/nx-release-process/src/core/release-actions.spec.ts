import { describeReleaseAction, planReleaseActions, type ReleaseState } from './release-actions';

const head = 'c0ffee0000000000000000000000000000000000';

function state(overrides: Partial<ReleaseState> = {}): ReleaseState {
  return {
    head,
    branch: 'release/v1.4.0',
    tags: [
      { tag: 'a@1.4.0', notes: '# a', prerelease: false, made: false },
      { tag: 'b@2.0.0-rc.0', notes: '# b', prerelease: true, made: false },
    ],
    push: { remote: 'origin', remoteTags: new Map() },
    packages: [
      { project: 'a', name: '@ws/a', version: '1.4.0', dir: '/ws/packages/a', prerelease: false, published: false },
      { project: 'b', name: '@ws/b', version: '2.0.0-rc.0', dir: '/ws/packages/b', prerelease: true, published: false },
    ],
    forge: { description: 'GitHub acme/ws', existing: new Set() },
    ...overrides,
  };
}

/** The part of the state after tagging and the push went through. */
function tagsPushed(): Pick<ReleaseState, 'tags' | 'push'> {
  const tags = state().tags.map((tag) => ({ ...tag, made: true }));
  return { tags, push: { remote: 'origin', remoteTags: new Map(tags.map((tag) => [tag.tag, head])) } };
}

const lines = (s: ReleaseState) => planReleaseActions(s).map((action) => describeReleaseAction(action));

describe('planReleaseActions', () => {
  it('orders a fresh release: tags, one atomic push, packages, forge releases', () => {
    expect(lines(state())).toEqual([
      'tag a@1.4.0 at c0ffee0',
      'tag b@2.0.0-rc.0 at c0ffee0',
      'push release/v1.4.0 and a@1.4.0, b@2.0.0-rc.0 to origin (atomic)',
      'publish @ws/a@1.4.0',
      'publish @ws/b@2.0.0-rc.0',
      'create the GitHub acme/ws release a@1.4.0',
      'create the GitHub acme/ws release b@2.0.0-rc.0',
    ]);
  });

  it('after a run killed mid-publish, plans only what is missing', () => {
    const interrupted = state({
      ...tagsPushed(),
      packages: state().packages.map((pkg) => ({ ...pkg, published: pkg.project === 'a' })),
    });
    expect(lines(interrupted)).toEqual([
      'publish @ws/b@2.0.0-rc.0',
      'create the GitHub acme/ws release a@1.4.0',
      'create the GitHub acme/ws release b@2.0.0-rc.0',
    ]);
  });

  it('pushes only the tags the remote lacks, and nothing without a push', () => {
    const half = state({ push: { remote: 'origin', remoteTags: new Map([['a@1.4.0', head]]) } });
    expect(lines(half)).toContain('push release/v1.4.0 and b@2.0.0-rc.0 to origin (atomic)');
    expect(lines(state({ push: null })).some((line) => line.startsWith('push'))).toBe(false);
  });

  it("takes a tag another clone pushed for this commit instead of making its own, and replaces the interrupted run's own", () => {
    const half = state({ push: { remote: 'origin', remoteTags: new Map([['a@1.4.0', head]]) } });
    expect(lines(half).slice(0, 3)).toEqual([
      'take the tag a@1.4.0 from origin (another run released this commit there first)',
      'tag b@2.0.0-rc.0 at c0ffee0',
      'push release/v1.4.0 and b@2.0.0-rc.0 to origin (atomic)',
    ]);
    const ours = state({ ...tagsPushed(), tags: tagsPushed().tags.map((tag) => ({ ...tag, replaceWithRemote: tag.tag === 'a@1.4.0' })) });
    expect(lines(ours)[0]).toBe("replace the tag a@1.4.0 made here with origin's (another run released this commit there first)");
    // At another commit the remote's tag is no release of this commit: the step refuses before planning (release.ts).
    const elsewhere = state({ push: { remote: 'origin', remoteTags: new Map([['a@1.4.0', 'f'.repeat(40)]]) } });
    expect(lines(elsewhere)[0]).toBe('tag a@1.4.0 at c0ffee0');
  });

  it('deploys the documentation last, and not again once the release is complete', () => {
    const deployDocs = { target: 'docs-deploy', projects: ['a'] };
    expect(lines(state({ deployDocs })).at(-1)).toBe('deploy the documentation: nx run-many -t docs-deploy -p a');
    const done = state({
      ...tagsPushed(),
      packages: state().packages.map((pkg) => ({ ...pkg, published: true })),
      forge: { description: 'GitHub acme/ws', existing: new Set(['a@1.4.0', 'b@2.0.0-rc.0']) },
      deployDocs,
    });
    expect(planReleaseActions(done)).toEqual([]);
    expect(lines(state({ deployDocs: { target: 'docs-deploy', projects: [] } })).join()).not.toContain('deploy');
  });

  it('plans nothing for a release that is complete', () => {
    const done = state({
      ...tagsPushed(),
      packages: state().packages.map((pkg) => ({ ...pkg, published: true })),
      forge: { description: 'GitHub acme/ws', existing: new Set(['a@1.4.0', 'b@2.0.0-rc.0']) },
    });
    expect(planReleaseActions(done)).toEqual([]);
  });

  it('carries the notes and the prerelease flag to the forge release', () => {
    const forge = planReleaseActions(state()).filter((action) => action.kind === 'forge-release');
    expect(forge).toEqual([
      { kind: 'forge-release', forge: 'GitHub acme/ws', tag: 'a@1.4.0', notes: '# a', prerelease: false, latest: true, packages: [] },
      { kind: 'forge-release', forge: 'GitHub acme/ws', tag: 'b@2.0.0-rc.0', notes: '# b', prerelease: true, latest: true, packages: [] },
    ]);
  });

  it('links the packages of each tag from a forge that keeps links, including ones published before', () => {
    const tags = state().tags.map((tag) => ({ ...tag, projects: [tag.tag.split('@')[0]] }));
    const packages = state().packages.map((pkg) => ({ ...pkg, published: pkg.project === 'a' }));
    const gitlab = { description: 'GitLab grp/ws', existing: new Set<string>(), linksPackages: true };
    expect(lines(state({ tags, packages, forge: gitlab })).slice(-2)).toEqual([
      'create the GitLab grp/ws release a@1.4.0 linking @ws/a@1.4.0',
      'create the GitLab grp/ws release b@2.0.0-rc.0 linking @ws/b@2.0.0-rc.0',
    ]);
    // GitHub keeps uploaded files, not links: its releases carry none.
    expect(lines(state({ tags, packages })).slice(-1)).toEqual(['create the GitHub acme/ws release b@2.0.0-rc.0']);
  });
});
