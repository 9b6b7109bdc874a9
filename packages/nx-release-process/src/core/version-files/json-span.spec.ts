import { jsonStringSpan, replaceJsonString } from './json-span';
import { packageJson, updateDependencyRanges } from './package-json';

describe('replaceJsonString', () => {
  it('edits the top-level key only, keeping every other byte', () => {
    const text =
      '{\n  "name": "a",\n  "engines": { "version": "1.0.0" },\n  "config": {"version":"1.0.0"},\n  "__proto__": { "version": "1.0.0" },\n  "version": "1.0.0",\n\t"x": [1, {"version": "2"}]\n}\n';
    expect(replaceJsonString(text, ['version'], '1.1.0')).toBe(text.replace('"version": "1.0.0",\n\t', '"version": "1.1.0",\n\t'));
  });

  it('finds nested paths, escaped keys and values, and the last of repeated keys as JSON.parse does', () => {
    const text = '{"a\\"b": "x", "dependencies": {"c": "^1.0.0", "d\\\\e": "~2.0.0"}, "v": "1", "v": "2"}';
    expect(text.slice(jsonStringSpan(text, ['dependencies', 'd\\e'])!.start, jsonStringSpan(text, ['dependencies', 'd\\e'])!.end)).toBe(
      '~2.0.0',
    );
    expect(replaceJsonString(text, ['v'], '3')).toBe(text.replace('"v": "2"', '"v": "3"'));
    expect(JSON.parse(replaceJsonString(text, ['a"b'], 'say "hi"'))['a"b']).toBe('say "hi"');
    expect(jsonStringSpan(text, ['missing'])).toBeNull();
    expect(jsonStringSpan(text, ['dependencies'])).toBeNull(); // an object, not a string
    expect(replaceJsonString(text, ['missing'], 'x')).toBe(text);
  });
});

describe('package.json edits', () => {
  it('bumps the manifest version, not a nested one that comes first', () => {
    const text = '{\n  "config": { "version": "1.2.0" },\n  "name": "a",\n  "version": "1.2.0"\n}\n';
    const written = packageJson.write('package.json', text, { current: '1.2.0', next: '1.3.0', date: '2026-12-05' });
    expect(JSON.parse(written)).toEqual({ config: { version: '1.2.0' }, name: 'a', version: '1.3.0' });
  });

  it('rewrites ranges in their own field only', () => {
    const text = '{\n  "overrides": { "b": "^1.0.0" },\n  "dependencies": { "b": "^1.0.0" },\n  "devDependencies": { "b": "~1.0.0" }\n}\n';
    expect(JSON.parse(updateDependencyRanges('package.json', text, { b: '1.1.0' }))).toEqual({
      overrides: { b: '^1.0.0' },
      dependencies: { b: '^1.1.0' },
      devDependencies: { b: '~1.1.0' },
    });
  });
});
