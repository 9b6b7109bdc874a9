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
