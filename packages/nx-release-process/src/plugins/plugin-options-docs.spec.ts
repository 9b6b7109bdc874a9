import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pluginOptionProblems } from '../core/plugin-options';

describe('the plugin options the README shows', () => {
  const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
  const examples = [...readme.matchAll(/```json\n("(?:announcements|gates|health)"[\s\S]*?)```/g)].map((match) => match[1]);

  it.each(examples.map((example) => [example.slice(1, example.indexOf('"', 1)), example]))(
    '%s passes the published schema',
    (_name, example) => {
      expect(pluginOptionProblems(JSON.parse(`{${example}}`))).toEqual([]);
    },
  );

  it('are all found', () => {
    expect(examples.length).toBe(3);
  });
});

describe('the gate settings of the plugin schema', () => {
  const schema = JSON.parse(readFileSync(join(__dirname, '../core/plugin-options.schema.json'), 'utf8'));
  const gates = schema.properties.gates.properties;
  const settingsOf = (name: string) => {
    const entry = gates[name];
    return Object.keys((entry.additionalProperties?.properties ?? entry.properties) as Record<string, unknown>).sort();
  };
  const executorOptions = (executor: string, internal: string[] = []) =>
    Object.keys(JSON.parse(readFileSync(join(__dirname, `../executors/${executor}/schema.json`), 'utf8')).properties)
      .filter((key) => !internal.includes(key))
      .sort();

  it.each([
    ['test', 'test-gate', []],
    ['checklist', 'checklist-gate', ['benchmarkConfigured']],
    ['benchmarks', 'benchmark-gate', []],
    ['stability', 'stability-gate', []],
    ['compatibility', 'compatibility-gate', []],
  ])('gates.%s takes every option of the %s executor it is passed to', (setting, executor, internal) => {
    expect(settingsOf(setting)).toEqual(executorOptions(executor, internal));
  });
});
