import { announcementChannelsFrom, announcementText, channelPayload, highlightsOf, type Announcement } from './announcement';

const NOTES = `# Release core@1.2.0

## 🌟 New Features
- **kernels:** add FP8 GEMM kernel ([abc1234](https://github.com/acme/x/commit/abc1234))
- handle &lt;script&gt; in [names](https://example.com/a)

## 🐛 Bug Fixes
- fix the race in the allocator ([def5678](https://github.com/acme/x/commit/def5678))

- guard against empty batches (530b301)

## 📚 Documentation
- a docs entry that is no highlight
`;

const release: Announcement = {
  event: 'release',
  releases: [
    {
      project: 'core',
      tag: 'core@1.2.0',
      version: '1.2.0',
      previousVersion: '1.1.0',
      notes: NOTES,
      url: 'https://github.com/acme/x/releases/tag/core@1.2.0',
    },
  ],
  repository: 'GitHub acme/x',
};

describe('announcements', () => {
  it('takes the highlights from features, improvements and fixes, as plain text', () => {
    expect(highlightsOf(NOTES)).toEqual([
      'kernels: add FP8 GEMM kernel',
      'handle <script> in names',
      'fix the race in the allocator',
      'guard against empty batches',
    ]);
    expect(highlightsOf(NOTES, 1)).toEqual(['kernels: add FP8 GEMM kernel']);
  });

  it('says what was released, with the highlights and the link; a rollback says why', () => {
    expect(announcementText(release)).toBe(
      'Released core 1.2.0 (was 1.1.0)\n• kernels: add FP8 GEMM kernel\n• handle <script> in names\n• fix the race in the allocator\n• guard against empty batches\nhttps://github.com/acme/x/releases/tag/core@1.2.0',
    );
    const rollback: Announcement = {
      event: 'rollback',
      releases: [{ ...release.releases[0], url: null }],
      reason: 'p99 latency doubled {version}\u001b[31m',
    };
    // the reason is text: a placeholder in it stays as written, a terminal control goes
    expect(announcementText(rollback)).toBe(
      'Rolled back core 1.2.0: users are moved back to 1.1.0.\nReason: p99 latency doubled {version}',
    );
    expect(announcementText(release, '{event}: {tag} after {previousVersion} {unknown}')).toBe('release: core@1.2.0 after 1.1.0 {unknown}');
  });

  it('shapes the body each channel takes, so commit text cannot ping anyone', () => {
    const text = 'Released <!channel> & @everyone';
    expect(channelPayload('slack', release, text)).toEqual({ text: 'Released &lt;!channel&gt; &amp; @everyone' });
    expect(channelPayload('discord', release, text)).toEqual({ content: text, allowed_mentions: { parse: [] } });
    expect((channelPayload('discord', release, 'x'.repeat(2500)) as { content: string }).content).toHaveLength(2000);
    const teams = channelPayload('teams', release, 'first block\n\nsecond') as {
      attachments: Array<{ contentType: string; content: { body: unknown[] } }>;
    };
    expect(teams.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(teams.attachments[0].content.body).toEqual([
      { type: 'TextBlock', text: 'first block', wrap: true },
      { type: 'TextBlock', text: 'second', wrap: true },
    ]);
    expect(channelPayload('webhook', release, text)).toMatchObject({
      event: 'release',
      repository: 'GitHub acme/x',
      releases: [
        {
          project: 'core',
          version: '1.2.0',
          previousVersion: '1.1.0',
          highlights: expect.arrayContaining(['fix the race in the allocator']),
        },
      ],
      text,
    });
  });

  it('refuses a channel of an unknown kind, or a URL where the name of its variable belongs', () => {
    expect(announcementChannelsFrom(undefined)).toEqual([]);
    expect(announcementChannelsFrom({ channels: [{ type: 'slack', webhookEnv: 'SLACK_WEBHOOK_URL' }] })).toEqual([
      { type: 'slack', webhookEnv: 'SLACK_WEBHOOK_URL' },
    ]);
    expect(() => announcementChannelsFrom({ channels: [{ type: 'irc' as 'slack', webhookEnv: 'X' }] })).toThrow(
      'announcements.channels[0] in nx.json has type "irc". Use one of slack, teams, discord, webhook',
    );
    expect(() =>
      announcementChannelsFrom({ channels: [{ type: 'slack', webhookEnv: 'https://hooks.slack.com/services/T/B/secret' }] }),
    ).toThrow(/needs webhookEnv to name an environment variable.*Keep the secret URL in the environment/);
  });
});
