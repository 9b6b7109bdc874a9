import { interpolateMessage, nxReleaseSettings, unusedSettingsWarning } from './nx-release-settings';

describe('nxReleaseSettings', () => {
  it('honours the changelog switches, the commit and tag messages, and names everything else with what is done instead', () => {
    const settings = nxReleaseSettings({
      projects: ['packages/*'],
      projectsRelationship: 'independent',
      releaseTag: { pattern: '{projectName}@{version}', requireSemver: true },
      version: {
        conventionalCommits: true,
        preVersionCommand: 'npx nx run-many -t build',
        generatorOptions: { preid: 'beta', fallbackCurrentVersionResolver: 'disk' },
      },
      changelog: { workspaceChangelog: { file: '{workspaceRoot}/docs/CHANGES.md', createRelease: 'github' }, projectChangelogs: false },
      git: { commitMessage: 'chore(release): publish {version}', tagMessage: 'Release {projectName} {version}', push: false },
      conventionalCommits: { types: { docs: { semverBump: 'patch' } } },
    });
    expect(settings).toMatchObject({
      workspaceChangelog: 'docs/CHANGES.md',
      projectChangelogs: false,
      commitMessage: 'chore(release): publish {version}',
      tagMessage: 'Release {projectName} {version}',
    });
    expect(settings.unused.map((entry) => entry.key)).toEqual([
      'releaseTag.requireSemver',
      'version.conventionalCommits',
      'version.preVersionCommand',
      'version.generatorOptions.preid',
      'version.generatorOptions',
      'changelog.workspaceChangelog.createRelease',
      'git.push',
      'conventionalCommits.types',
    ]);
    expect(unusedSettingsWarning(settings)).toContain(
      'git.push (release-branch commits on its own branch, and release-process release tags and pushes atomically (--remote, --no-push))',
    );
    expect(unusedSettingsWarning(settings)?.split('\n')).toHaveLength(1);
  });

  it('reads the defaults of a workspace without a release section: project changelogs, no workspace one, nothing unused', () => {
    const settings = nxReleaseSettings(undefined);
    expect(settings).toEqual({ workspaceChangelog: null, projectChangelogs: true, commitMessage: null, tagMessage: null, unused: [] });
    expect(unusedSettingsWarning(settings)).toBeNull();
    expect(nxReleaseSettings({ changelog: { workspaceChangelog: true } }).workspaceChangelog).toBe('CHANGELOG.md');
    expect(nxReleaseSettings({ version: { git: { commitMessage: 'chore: v{version}' } } }).commitMessage).toBe('chore: v{version}');
  });
});

describe('interpolateMessage', () => {
  it('fills the placeholders it has and drops the ones it has not, with their space', () => {
    expect(interpolateMessage('chore(release): publish {version}', { version: '1.2.0' })).toBe('chore(release): publish 1.2.0');
    expect(interpolateMessage('chore(release): publish {version}', {})).toBe('chore(release): publish');
    expect(
      interpolateMessage('Release {projectName} {version} ({tag})', { projectName: 'core', version: '1.2.0', tag: 'core@1.2.0' }),
    ).toBe('Release core 1.2.0 (core@1.2.0)');
  });
});
