import { withoutControls } from './printable';
import { ReleaseProcessError } from './release-error';
import { NOTES_SECTIONS } from './render-release-notes';

export type AnnouncedEvent = 'release' | 'hotfix' | 'rollback';
export type ChannelType = 'slack' | 'teams' | 'discord' | 'webhook';
export const CHANNEL_TYPES: ChannelType[] = ['slack', 'teams', 'discord', 'webhook'];

/** One configured channel: its kind, and the environment variable that holds its webhook URL (a secret). */
export interface AnnouncementChannel {
  type: ChannelType;
  webhookEnv: string;
  /** For a generic webhook: the variable of a bearer token sent with it. */
  tokenEnv?: string;
}

/** `announcements` in the plugin options. */
export interface AnnouncementsOption {
  channels?: AnnouncementChannel[];
  /** One message per release, with {event} {project} {tag} {version} {previousVersion} {highlights} {url} {reason}. */
  template?: string;
  /** Attempts per channel after the first (default 3). */
  retries?: number;
}

export interface AnnouncedRelease {
  project: string;
  tag: string;
  version: string;
  previousVersion: string | null;
  /** The release notes (Markdown) the highlights come from. */
  notes: string;
  /** The forge release page, when there is one. */
  url: string | null;
}

/** What a release, a hotfix or a rollback tells its channels. */
export interface Announcement {
  event: AnnouncedEvent;
  releases: AnnouncedRelease[];
  /** A rollback's reason. */
  reason?: string;
  repository?: string | null;
}

const HIGHLIGHTS = 5;

/** Checks the channels in the plugin options; a mistake names the entry and the fix. */
export function announcementChannelsFrom(option: AnnouncementsOption | undefined, where = 'nx.json'): AnnouncementChannel[] {
  if (option === undefined) return [];
  const channels = option.channels ?? [];
  if (!Array.isArray(channels))
    throw new ReleaseProcessError(`announcements.channels in ${where} is not a list`, 'Give a list of { type, webhookEnv }');
  return channels.map((channel, index) => {
    const at = `announcements.channels[${index}] in ${where}`;
    if (!CHANNEL_TYPES.includes(channel?.type)) {
      throw new ReleaseProcessError(`${at} has type ${JSON.stringify(channel?.type)}`, `Use one of ${CHANNEL_TYPES.join(', ')}`);
    }
    for (const key of ['webhookEnv', 'tokenEnv'] as const) {
      const name = channel[key];
      if ((key === 'webhookEnv' || name !== undefined) && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(String(name))) {
        throw new ReleaseProcessError(
          `${at} needs ${key} to name an environment variable, not ${JSON.stringify(name)}`,
          `Keep the secret URL in the environment and name the variable, such as "SLACK_WEBHOOK_URL"`,
        );
      }
    }
    return { type: channel.type, webhookEnv: channel.webhookEnv, ...(channel.tokenEnv ? { tokenEnv: channel.tokenEnv } : {}) };
  });
}

/**
 * The notes' first entries under New Features, Improvements and Bug Fixes, as plain text: the commit link and
 * the Markdown marks dropped, the entities the notes escape HTML with turned back into characters.
 */
export function highlightsOf(notes: string, limit = HIGHLIGHTS): string[] {
  const wanted = new Set(NOTES_SECTIONS.slice(0, 3));
  const highlights: string[] = [];
  let inSection = false;
  for (const line of notes.split('\n')) {
    if (line.startsWith('## ')) inSection = wanted.has(line.slice(3).trim());
    else if (inSection && line.startsWith('- ')) highlights.push(plainEntry(line.slice(2)));
  }
  return highlights.slice(0, limit);
}

function plainEntry(entry: string): string {
  return withoutControls(entry)
    .replace(/\s*\(\[[0-9a-f]{7,40}\]\([^)]*\)\)/g, '') // ([abc1234](commit url))
    .replace(/\s*\([0-9a-f]{7,40}\)/g, '') // (abc1234), without a forge to link to
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // other links keep their text
    .replace(/\*\*/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

const DEFAULT_TEMPLATE: Record<AnnouncedEvent, string> = {
  release: 'Released {project} {version} (was {previousVersion})\n{highlights}\n{url}',
  hotfix: 'Hotfix {project} {version} released (was {previousVersion})\n{highlights}\n{url}',
  rollback: 'Rolled back {project} {version}: users are moved back to {previousVersion}.\nReason: {reason}\n{url}',
};

/** The message's text: the template filled for each release, one block per release. */
export function announcementText(announcement: Announcement, template?: string): string {
  return announcement.releases
    .map((release) => {
      const values: Record<string, string> = {
        event: announcement.event,
        project: release.project,
        tag: release.tag,
        version: release.version,
        previousVersion: release.previousVersion ?? 'none',
        highlights: highlightsOf(release.notes)
          .map((line) => `• ${line}`)
          .join('\n'),
        url: release.url ?? '',
        reason: withoutControls(announcement.reason ?? ''),
      };
      // One pass over the template: a value that holds `{reason}` is text, not another placeholder.
      return (template ?? DEFAULT_TEMPLATE[announcement.event])
        .replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? values[name] : whole))
        .replace(/\n{2,}/g, '\n')
        .trim();
    })
    .join('\n\n');
}

const DISCORD_LIMIT = 2000;

/**
 * The body each kind of channel takes. Slack: `text` with its three characters escaped (so `<!channel>` in a
 * commit cannot ping anyone). Teams: an Adaptive Card, as Workflows webhooks take. Discord: `content` within
 * its 2,000 characters, mentions disabled. A generic webhook: the whole announcement as data.
 */
export function channelPayload(type: ChannelType, announcement: Announcement, text: string): unknown {
  switch (type) {
    case 'slack':
      return { text: text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') };
    case 'teams':
      return {
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            content: {
              $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
              type: 'AdaptiveCard',
              version: '1.4',
              body: text.split('\n\n').map((block) => ({ type: 'TextBlock', text: block, wrap: true })),
            },
          },
        ],
      };
    case 'discord':
      return {
        content: text.length > DISCORD_LIMIT ? `${text.slice(0, DISCORD_LIMIT - 1)}…` : text,
        allowed_mentions: { parse: [] },
      };
    case 'webhook':
      return {
        event: announcement.event,
        repository: announcement.repository ?? null,
        reason: announcement.reason ?? null,
        releases: announcement.releases.map((release) => ({
          project: release.project,
          tag: release.tag,
          version: release.version,
          previousVersion: release.previousVersion,
          url: release.url,
          highlights: highlightsOf(release.notes),
        })),
        text,
      };
  }
}

/** How a channel is named in progress lines and reports: its kind and its variable, never its URL. */
export function channelName(channel: AnnouncementChannel): string {
  return `${channel.type} (${channel.webhookEnv})`;
}
