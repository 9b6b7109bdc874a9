import type { ProjectPlan } from './plan-release';
import { hotfixBranchName, prepareCommitMessage, releaseBranchName } from './release-naming';
import { hotfixTag, projectsOfTag, rollbackTag } from './tagged-release';
import { addRollbackNote } from './rollback-note';
import type { ReleaseGroup } from './release-groups';

const planned = (name: string, nextVersion: string, nextTag: string) => ({ name, nextVersion, nextTag }) as ProjectPlan;

describe('release naming', () => {
  it('names a one-tag release after its tag (release/v1.2.0)', () => {
    const released = [planned('a', '1.2.0', 'v1.2.0'), planned('b', '1.2.0', 'v1.2.0')];
    expect(releaseBranchName(released, '2026-11-24')).toBe('release/v1.2.0');
    expect(prepareCommitMessage(released)).toBe('chore: prepare release v1.2.0');
  });

  it('names an independent release by its first tag and how many more, so two releases of one day never collide', () => {
    const released = [planned('a', '1.4.0', 'a@1.4.0'), planned('b', '2.1.1', 'b@2.1.1')];
    expect(releaseBranchName(released, '2026-11-24')).toBe('release/a@1.4.0+1');
    const later = [planned('a', '1.4.1', 'a@1.4.1'), planned('b', '2.1.2', 'b@2.1.2')];
    expect(releaseBranchName(later, '2026-11-24')).not.toBe(releaseBranchName(released, '2026-11-24'));
    expect(prepareCommitMessage(released)).toBe('chore: prepare release a@1.4.0, b@2.1.1');
    expect(() => releaseBranchName(released, '2026-11-24', 'release/v{version}')).toThrow(/needs one version/);
    expect(releaseBranchName(released, '2026-11-24', 'releases/{date}-train')).toBe('releases/2026-11-24-train');
  });

  const groups: ReleaseGroup[] = [
    { name: 'core', projects: ['a', 'b'], relationship: 'fixed', tagPattern: 'v{version}' },
    { name: 'apps', projects: ['api'], relationship: 'independent', tagPattern: '{projectName}@{version}' },
  ];

  it('finds the projects of a tag and the hotfix tag after it', () => {
    const fixed = projectsOfTag(groups, 'v1.2.0');
    expect(fixed).toMatchObject({ projects: ['a', 'b'], version: '1.2.0' });
    expect(hotfixTag(fixed)).toEqual({ version: '1.2.1', tag: 'v1.2.1' });
    expect(hotfixTag(projectsOfTag(groups, 'api@0.5.0'))).toEqual({ version: '0.5.1', tag: 'api@0.5.1' });
    expect(() => projectsOfTag(groups, 'release-7')).toThrow(
      'tag release-7 is not a release tag of this workspace. Release tags here look like v{version}, {projectName}@{version}',
    );
    expect(() => hotfixTag(projectsOfTag(groups, 'v1.3.0-rc.1'))).toThrow(/is a release candidate/);
    expect(rollbackTag('v1.2.0')).toBe('v1.2.0-rollback');
  });
});

describe('addRollbackNote', () => {
  it('marks the version yanked and says what was reverted and why', () => {
    const changelog = '# Changelog\n\n## [1.2.0] - 2026-11-20\n\n### Added\n- x\n\n## [1.1.0] - 2026-10-01\n';
    const text = addRollbackNote(changelog, {
      version: '1.2.0',
      previous: '1.1.0',
      reason: 'p99 latency doubled',
      date: '2026-11-24',
      reverted: ['abcdef1234567890'],
    });
    expect(text).toBe(
      '# Changelog\n\n## [1.2.0-rollback] - 2026-11-24\n\n### Removed\n- Rolled back 1.2.0 to 1.1.0 (reverts abcdef1): p99 latency doubled\n\n' +
        '## [1.2.0] - 2026-11-20 [YANKED]\n\n### Added\n- x\n\n## [1.1.0] - 2026-10-01\n',
    );
  });
});

describe('hotfixBranchName', () => {
  it('is the one name of a hotfix branch, which the release step reads as a hotfix', () => {
    expect(hotfixBranchName('gpu-kernels@1.3.1')).toBe('hotfix/gpu-kernels@1.3.1');
  });
});
