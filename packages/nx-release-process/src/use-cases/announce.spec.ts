import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { announce } from './announce';

const announcement = {
  event: 'release' as const,
  releases: [
    { project: 'api', tag: 'v1.2.0', version: '1.2.0', previousVersion: '1.1.0', notes: '## New Features\n\n- a thing\n', url: null },
  ],
};

describe('announce: where a webhook may point', () => {
  it('sends nothing to a link-local or file: address, saying which variable holds it and never the address', async () => {
    const lines: string[] = [];
    const reports = await announce(announcement, {
      announcements: {
        channels: [
          { type: 'slack', webhookEnv: 'SLACK_WEBHOOK_URL' },
          { type: 'webhook', webhookEnv: 'HOOK_URL' },
        ],
      },
      env: { SLACK_WEBHOOK_URL: 'http://169.254.169.254/hooks/T0/B0/secret-part', HOOK_URL: 'file:///etc/passwd' },
      log: (line) => lines.push(line),
    });
    expect(reports.map((report) => [report.sent, report.attempts, report.error])).toEqual([
      [false, 0, 'the address in SLACK_WEBHOOK_URL is refused: it is a link-local address'],
      [false, 0, 'the address in HOOK_URL is refused: file: addresses are not fetched (only https:)'],
    ]);
    expect(lines.join('\n')).not.toContain('secret-part');
  });

  it('delivers to a receiver on this machine over plain http:', async () => {
    let received = 0;
    const server = createServer((request, response) => {
      received++;
      request.resume();
      request.on('end', () => response.writeHead(200).end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const [report] = await announce(announcement, {
        announcements: { channels: [{ type: 'webhook', webhookEnv: 'HOOK_URL' }] },
        env: { HOOK_URL: url },
        log: () => undefined,
      });
      expect(report.sent).toBe(true);
      expect(received).toBe(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
