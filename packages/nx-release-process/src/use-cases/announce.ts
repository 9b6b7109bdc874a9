import { addressRefusal, allowsHttp } from '../core/address-policy';
import { postWebhook } from '../adapters/webhook';
import {
  announcementChannelsFrom,
  announcementText,
  channelName,
  channelPayload,
  type Announcement,
  type AnnouncementChannel,
  type AnnouncementsOption,
} from '../core/announcement';
import { printable } from '../core/printable';
import { environmentSecrets } from '../core/redact';

/** How the announcement went on one channel. */
export interface ChannelReport {
  channel: string;
  sent: boolean;
  attempts: number;
  error?: string;
}

export interface AnnounceOptions {
  announcements?: AnnouncementsOption;
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

/**
 * Tells every configured channel of a release, hotfix or rollback, all channels at once, each retried on
 * its own. A channel that fails is reported, never thrown: the release it announces stands.
 */
export async function announce(announcement: Announcement, options: AnnounceOptions): Promise<ChannelReport[]> {
  const channels = announcementChannelsFrom(options.announcements);
  if (channels.length === 0) return [];
  const env = options.env ?? process.env;
  const secrets = [
    ...environmentSecrets(env),
    ...channels.flatMap((channel) => [env[channel.webhookEnv], channel.tokenEnv ? env[channel.tokenEnv] : undefined]),
  ];
  const log = (line: string) => options.log(printable(line, secrets));
  const tags = announcement.releases.map((release) => release.tag).join(', ');
  const text = announcementText(announcement, options.announcements?.template);
  const reports = await Promise.all(channels.map((channel) => deliver(channel, announcement, text, options, env)));
  for (const report of reports) {
    if (report.sent) log(`announced the ${announcement.event} of ${tags} to ${report.channel}`);
    else
      log(
        `the announcement to ${report.channel} failed${report.attempts > 1 ? ` after ${report.attempts} attempts` : ''}: ${report.error}. The ${announcement.event} stands; tell that channel yourself`,
      );
  }
  return reports;
}

async function deliver(
  channel: AnnouncementChannel,
  announcement: Announcement,
  text: string,
  options: AnnounceOptions,
  env: NodeJS.ProcessEnv,
): Promise<ChannelReport> {
  const name = channelName(channel);
  const url = env[channel.webhookEnv];
  if (!url) return { channel: name, sent: false, attempts: 0, error: `${channel.webhookEnv} is not set` };
  // A webhook URL is a secret: the refusal names the variable, never the address.
  const refusal = addressRefusal(url, channel.webhookEnv, allowsHttp(env));
  if (refusal) return { channel: name, sent: false, attempts: 0, error: refusal };
  const token = channel.tokenEnv ? env[channel.tokenEnv] : undefined;
  if (channel.tokenEnv && !token) return { channel: name, sent: false, attempts: 0, error: `${channel.tokenEnv} is not set` };
  const delivery = await postWebhook(url, channelPayload(channel.type, announcement, text), {
    retries: options.announcements?.retries,
    headers: token ? { Authorization: `Bearer ${token}` } : undefined,
  });
  return { channel: name, sent: delivery.ok, attempts: delivery.attempts, ...(delivery.error ? { error: delivery.error } : {}) };
}
