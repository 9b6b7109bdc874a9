import type { ReleaseGroup } from './release-groups';
import { releaseStatus, rollbackReason, rollbackTagSubject } from './release-status';
import type { TagRecord } from './tag-pattern';

const independent: ReleaseGroup = {
  name: '__default__',
  projects: ['core', 'api'],
  relationship: 'independent',
  tagPattern: '{projectName}@{version}',
};

const tag = (name: string, date: string, subject = `Release ${name}`, kind: string | null = null): TagRecord => ({
  name,
  commit: name.replace(/\W/g, '').padEnd(40, '0'),
  date,
  subject,
  kind,
});

describe('releaseStatus', () => {
  it('follows a release, its rollback (an open incident with the reason) and the fixed release that closes it', () => {
    const released = [tag('core@1.1.0', '2026-01-05T10:00:00Z'), tag('core@1.2.0', '2026-02-01T10:00:00Z')];
    const rolledBack = [...released, tag('core@1.2.0-rollback', '2026-02-01T12:00:00Z', 'Rollback to 1.1.0: p99 latency doubled')];
    const [core, api] = releaseStatus([independent], rolledBack);
    expect(core).toMatchObject({
      project: 'core',
      state: 'rolled back',
      version: '1.1.0',
      channel: 'latest',
      incident: { tag: 'core@1.2.0-rollback', version: '1.2.0', reason: 'p99 latency doubled', since: '2026-02-01T12:00:00Z' },
    });
    expect(core.events.map((event) => `${event.kind} ${event.version}`)).toEqual(['release 1.1.0', 'release 1.2.0', 'rollback 1.2.0']);
    expect(api).toEqual({ project: 'api', state: 'never released', version: null, channel: null, incident: null, events: [] });

    const fixed = releaseStatus([independent], [...rolledBack, tag('core@1.2.1', '2026-02-02T09:00:00Z')])[0];
    expect(fixed).toMatchObject({ state: 'released', version: '1.2.1', channel: 'latest', incident: null });
  });

  it('marks a hotfix by its tag trailer, keeps candidates on next, and orders by date rather than by name', () => {
    const tags = [
      tag('core@1.0.1', '2026-03-02T00:00:00Z', 'Release core@1.0.1', 'hotfix'),
      tag('core@1.0.0', '2026-03-01T00:00:00Z'),
      tag('api@2.0.0-rc.0', '2026-03-03T00:00:00Z'),
      tag('unrelated-tag', '2026-03-04T00:00:00Z'),
    ];
    const [core, api] = releaseStatus([independent], tags);
    expect(core).toMatchObject({ state: 'hotfixed', version: '1.0.1', channel: 'latest' });
    expect(core.events.map((event) => event.kind)).toEqual(['release', 'hotfix']);
    expect(api).toMatchObject({ state: 'released', version: '2.0.0-rc.0', channel: 'rc' });
  });

  it('gives every project of a fixed group the group tag’s status', () => {
    const fixed: ReleaseGroup = { name: 'all', projects: ['a', 'b'], relationship: 'fixed', tagPattern: 'v{version}' };
    const statuses = releaseStatus(
      [fixed],
      [tag('v3.0.0', '2026-04-01T00:00:00Z'), tag('v3.0.0-rollback', '2026-04-01T00:00:00Z', 'Rollback of v3.0.0: broken wheel')],
    );
    expect(statuses.map((status) => [status.project, status.state, status.version, status.incident?.reason])).toEqual([
      ['a', 'rolled back', null, 'broken wheel'],
      ['b', 'rolled back', null, 'broken wheel'],
    ]);
  });

  it('reads back the reason from the rollback tag subject it writes, with or without a previous version', () => {
    expect(rollbackTagSubject('v1.2.0', '1.1.0', 'slow: p99 doubled')).toBe('Rollback to 1.1.0: slow: p99 doubled');
    expect(rollbackReason(rollbackTagSubject('v1.2.0', '1.1.0', 'slow: p99 doubled'))).toBe('slow: p99 doubled');
    expect(rollbackReason(rollbackTagSubject('v1.0.0', null, 'broken wheel'))).toBe('broken wheel');
  });
});
