import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classified } from '../testing/commits';
import { announcementText, channelPayload, type Announcement, type ChannelType } from './announcement';
import { DEFAULT_BUMP_RULES } from './bump';
import { releaseTagMessage, skipReason } from './gates/release-clearance';
import { planRelease } from './plan-release';
import { printable } from './printable';
import { renderChangelogSection } from './render-changelog';
import { formatPlan } from './render-plan';
import { renderReleaseNotes } from './render-release-notes';
import { releasePrBody } from './release-pr';
import { renderDashboard } from './report/render-dashboard';
import { buildReleaseReport } from './report/report-model';

interface HostileEntry {
  name: string;
  message?: string;
  base64?: string;
  repeat?: { text: string; times: number };
  marker: string;
}

const corpus = JSON.parse(readFileSync(join(__dirname, '../testing/fixtures/hostile-input.json'), 'utf8')) as { entries: HostileEntry[] };

/** The message as git would hand it over: invalid UTF-8 decoded as the git adapter decodes it. */
function messageOf(entry: HostileEntry): string {
  const text = entry.base64 ? Buffer.from(entry.base64, 'base64').toString('utf8') : (entry.message ?? '');
  return entry.repeat ? text + entry.repeat.text.repeat(entry.repeat.times) : text;
}

/** Every place a commit's text ends up, rendered from a release of one project made of that commit. */
async function outputsOf(message: string): Promise<Record<string, string>> {
  const commits = await classified(message);
  const plan = planRelease(
    [
      {
        name: 'core',
        root: 'packages/core',
        manifestVersion: '1.0.0',
        manifestFile: 'packages/core/package.json',
        dependencies: [],
        latest: { version: '1.0.0', tag: 'core@1.0.0', commit: 'a' },
        latestStable: { version: '1.0.0', tag: 'core@1.0.0', commit: 'a' },
        sinceLatest: commits,
        sinceStable: commits,
      },
    ],
    [{ name: 'all', projects: ['core'], relationship: 'independent', tagPattern: '{projectName}@{version}' }],
    { rules: DEFAULT_BUMP_RULES },
  );
  const project = plan.projects[0];
  const context = { links: null, versions: { core: project.nextVersion } };
  const notes = await renderReleaseNotes(project, context);
  const announcement: Announcement = {
    event: 'release',
    releases: [{ project: 'core', tag: 'core@1.1.0', version: '1.1.0', previousVersion: '1.0.0', notes, url: null }],
    repository: 'acme/ws',
  };
  const text = announcementText(announcement);
  const payload = (type: ChannelType) => channelPayload(type, announcement, text) as Record<string, unknown>;
  const teams = payload('teams') as { attachments: Array<{ content: { body: Array<{ text: string }> } }> };
  const webhook = payload('webhook') as { releases: Array<{ highlights: string[] }>; text: string };
  return {
    notes,
    changelog: await renderChangelogSection(project, { ...context, date: '2026-12-05' }),
    'pull request body': releasePrBody({ tags: ['core@1.1.0'], notes: [notes], projects: [] }),
    'tag message': releaseTagMessage(notes, {
      gatesSkipped: { reason: skipReason(message), objections: [{ project: 'core', problem: 'its release gate has not run' }] },
    }),
    terminal: printable(formatPlan({ workspace: { kind: 'nx', root: '/ws' }, head: 'c0ffee', plan }), []),
    slack: payload('slack').text as string,
    teams: teams.attachments[0].content.body.map((block) => block.text).join('\n\n'),
    discord: payload('discord').content as string,
    webhook: [webhook.text, ...webhook.releases.flatMap((release) => release.highlights)].join('\n'),
    dashboard: renderDashboard(
      buildReleaseReport({
        workspace: '/ws',
        projects: plan.projects,
        reports: [],
        history: [],
        baselines: {},
        health: [],
        statuses: [],
        metrics: null,
        generatedAt: '2026-12-05T10:00:00.000Z',
      }),
    ),
  };
}

// Terminal controls, and characters that hide, join or reorder what a reader sees; tab and newline are text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSEEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
/** The longest any one output may grow from one commit, whatever its size. */
const BOUND = 64 * 1024;
/** Rendered as Markdown by a forge: no HTML, no images, no script links, no mentions. */
const MARKDOWN = ['notes', 'changelog', 'pull request body', 'tag message'];
/** Chat shows text: no images or script links and no mentions (Discord is also told to parse none). */
const CHAT = ['teams', 'discord', 'webhook'];

describe('the hostile-input corpus through every output', () => {
  it.each(corpus.entries.map((entry) => [entry.name, entry] as const))('%s: inert, bounded and still readable', async (_name, entry) => {
    const outputs = await outputsOf(messageOf(entry));
    for (const [target, output] of Object.entries(outputs)) {
      const where = `${entry.name} in the ${target}`;
      expect([where, UNSEEN.exec(output)?.[0] ?? null]).toEqual([where, null]);
      expect([where, output.length <= BOUND]).toEqual([where, true]);
      // The words are still there for the reader of every output that shows commits (the plan lists counts).
      if (target !== 'terminal') expect([where, output.includes(entry.marker)]).toEqual([where, true]);
    }
    for (const target of MARKDOWN) {
      const output = outputs[target];
      const where = `${entry.name} in the ${target}`;
      expect([where, /<script|<img|<!channel|<@U/i.test(output)]).toEqual([where, false]);
      expect([where, /\]\(\s*(javascript|data|vbscript|file):/i.test(output)]).toEqual([where, false]);
      expect([where, /(^|[^\\])!\[/.test(output)]).toEqual([where, false]);
      // A mention is shown as code, which no forge turns into a notification.
      expect([where, /(^|[^`\w@])@(octocat|acme|here)\b/.test(output)]).toEqual([where, false]);
    }
    for (const target of CHAT) {
      const output = outputs[target];
      const where = `${entry.name} in the ${target}`;
      expect([where, /\]\(\s*(javascript|data|vbscript|file):|(^|[^\\])!\[/i.test(output)]).toEqual([where, false]);
      expect([where, /(^|[^`\w@])@(octocat|acme|here)\b/.test(output)]).toEqual([where, false]);
    }
    // Slack's own syntax for links and mentions (`<!channel>`, `<@U123>`) stays text.
    expect(outputs.slack).not.toMatch(/<[!@]/);
    expect(outputs.dashboard).not.toMatch(/<script|<img|href="\s*javascript/i);
  });
});
