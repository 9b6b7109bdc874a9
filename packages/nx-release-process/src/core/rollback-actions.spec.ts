import { describeRollbackAction, planRollbackActions, type RollbackState } from './rollback-actions';

function state(overrides: Partial<RollbackState> = {}): RollbackState {
  return {
    tag: '@ws/core@1.2.0',
    version: '1.2.0',
    previous: '1.1.0',
    reason: 'corrupts\n  the cache',
    rollbackTag: { tag: '@ws/core@1.2.0-rollback', pushed: false },
    push: { remote: 'origin', branch: 'main' },
    packages: [{ name: '@ws/core', channel: 'latest', channelAt: '1.2.0', deprecated: false, previousPublished: true }],
    forge: { description: 'GitHub acme/ws', marked: false, rollbackReleased: false },
    ...overrides,
  };
}

const lines = (s: RollbackState) => planRollbackActions(s).map(describeRollbackAction);

describe('planRollbackActions', () => {
  it("plans the users' side: the revert pushed with its tag, npm moved back, the release marked", () => {
    expect(lines(state())).toEqual([
      'push main and @ws/core@1.2.0-rollback to origin (atomic)',
      'point @ws/core@latest back to 1.1.0',
      'deprecate @ws/core@1.2.0: "1.2.0 was rolled back: corrupts the cache; use 1.1.0"',
      'mark the GitHub acme/ws release @ws/core@1.2.0 rolled back',
      'create the GitHub acme/ws release @ws/core@1.2.0-rollback',
    ]);
    const release = planRollbackActions(state()).at(-1);
    expect(release).toEqual({
      kind: 'forge-rollback-release',
      forge: 'GitHub acme/ws',
      tag: '@ws/core@1.2.0-rollback',
      notes: '# Rollback of @ws/core@1.2.0\n\n1.2.0 was rolled back: corrupts the cache. Users are moved back to 1.1.0.',
    });
  });

  it('makes no release for a rollback tag that is not pushed', () => {
    expect(lines(state({ push: null })).at(-1)).toBe('mark the GitHub acme/ws release @ws/core@1.2.0 rolled back');
  });

  it('after a failure at npm, a rerun plans only what is left', () => {
    const rest = state({
      rollbackTag: { tag: '@ws/core@1.2.0-rollback', pushed: true },
      packages: [{ name: '@ws/core', channel: 'latest', channelAt: '1.1.0', deprecated: false, previousPublished: true }],
    });
    expect(lines(rest)).toEqual([
      'deprecate @ws/core@1.2.0: "1.2.0 was rolled back: corrupts the cache; use 1.1.0"',
      'mark the GitHub acme/ws release @ws/core@1.2.0 rolled back',
      'create the GitHub acme/ws release @ws/core@1.2.0-rollback',
    ]);
    expect(
      planRollbackActions({
        ...rest,
        packages: [{ ...rest.packages[0], deprecated: true }],
        forge: { description: 'GitHub acme/ws', marked: true, rollbackReleased: true },
      }),
    ).toEqual([]);
  });

  it('leaves a channel that moved on alone, and only deprecates a first release', () => {
    const movedOn = state({
      packages: [{ name: '@ws/core', channel: 'latest', channelAt: '1.2.1', deprecated: false, previousPublished: true }],
    });
    expect(lines(movedOn).some((line) => line.startsWith('point'))).toBe(false);
    const unpublished = state({
      packages: [{ name: '@ws/core', channel: 'latest', channelAt: '1.2.0', deprecated: false, previousPublished: false }],
    });
    expect(lines(unpublished).some((line) => line.startsWith('point'))).toBe(false);
    const first = state({ previous: null });
    expect(lines(first).filter((line) => line.startsWith('point') || line.startsWith('deprecate'))).toEqual([
      'deprecate @ws/core@1.2.0: "1.2.0 was rolled back: corrupts the cache"',
    ]);
  });
});
