import { readFileSync } from 'node:fs';
import { pluginOptionsValidatorSource, VALIDATOR_PATH } from '../../../../tools/generate/plugin-options-validator';
import { assertValidPluginOptions, pluginOptionProblems } from './plugin-options';

it('checks with the validator the schema as it is gives (after a schema change, run tools/generate/plugin-options-validator.ts)', () => {
  expect(readFileSync(VALIDATOR_PATH, 'utf8')).toBe(pluginOptionsValidatorSource());
});

describe('pluginOptionProblems', () => {
  it('finds none in options as the README shows them', () => {
    expect(
      pluginOptionProblems({
        releaseTypes: ['feat', 'fix', 'perf'],
        versionFiles: [{ projects: 'gpu-kernels', file: 'README.md', search: 'pip install gpu-kernels=={version}' }],
        releaseSignals: 'conventional',
        releaseOnDocs: ['docs-site'],
        announcements: { channels: [{ type: 'slack', webhookEnv: 'SLACK_WEBHOOK_URL' }], retries: 2 },
        health: {
          samples: 5,
          intervalSeconds: 60,
          projects: { api: { checks: [{ name: 'errors', query: 'sum(rate(x[5m]))', max: 0.05 }] } },
        },
        gates: {
          test: { coverageFloor: 80 },
          checklist: { auditLevel: 'high' },
          benchmarks: { api: { command: 'node bench.js', runs: 5 } },
          compatibility: { api: { axes: { node: ['20', '22'] }, command: 'npm test' } },
        },
      }),
    ).toEqual([]);
    expect(pluginOptionProblems(undefined)).toEqual([]);
  });

  it('lists every problem at once, each with its path', () => {
    expect(
      pluginOptionProblems({
        gates: { benchmarks: { api: { runs: 1e12 } }, test: { coverageFloor: 'high' } },
        health: { samples: -5 },
        releaseSignals: 'semantic',
        announcements: { channels: [{ type: 'irc', webhookEnv: 'HOOK' }] },
        tagPatern: '{projectName}@{version}',
      }),
    ).toEqual([
      'tagPatern: is not an option',
      'releaseSignals: has none of the accepted forms',
      'announcements.channels.0.type: must be one of "slack", "teams", "discord", "webhook"',
      'health.samples: must be >= 1',
      'gates.test.coverageFloor: must be number',
      'gates.benchmarks.api.runs: must be <= 10000',
    ]);
  });

  it('refuses gates given as a word', () => {
    expect(() => assertValidPluginOptions({ gates: 'on' })).toThrow(
      'the nx-release-process options in nx.json are invalid: gates: must be object. Fix it (every option is described in node_modules/nx-release-process/dist/core/plugin-options.schema.json)',
    );
  });
});
