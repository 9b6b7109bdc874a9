import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNxWorkspace } from '../../testing/nx-workspace';
import { runNx } from '../../testing/run-nx';

describe('compatibility gate', () => {
  it('runs the command on each Node version fetched from the registry and each named environment', async () => {
    // Needs Node 20+ (uses a Node 20 API) and a feed URL in the environment.
    const check =
      "if (typeof require('node:fs').globSync !== 'function' && !process.versions.node.startsWith('20')) process.exit(3); if (!process.env.FEED_URL) process.exit(4)";
    const repo = createNxWorkspace(
      { api: { 'check.js': check } },
      {
        gates: {
          compatibility: {
            api: {
              command: 'node packages/api/check.js',
              node: ['18.20.4', '20.19.0'],
              environments: { 'with feed': { FEED_URL: 'http://127.0.0.1:9' }, 'without feed': { FEED_URL: '' } },
            },
          },
        },
      },
    );
    try {
      const result = await runNx(repo.root, ['run', 'api:compatibility-gate']);
      expect(result.code).not.toBe(0);
      const report = JSON.parse(readFileSync(join(repo.root, 'dist/release-gates/api/compatibility-gate.json'), 'utf8'));
      expect(report.checks.map((row: { name: string; status: string }) => [row.name, row.status])).toEqual([
        ['node 18.20.4', 'fail'],
        ['node 20.19.0', 'fail'],
        ['with feed', 'pass'],
        ['without feed', 'fail'],
      ]);
      expect(report.checks[0].detail).toMatch(/^exit 3 in /);
      expect(report.checks[1].detail).toMatch(/^exit 4 in /); // the runtime was 20, the feed was missing
    } finally {
      repo.remove();
    }
  });
});
