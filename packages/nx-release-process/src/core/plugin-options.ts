import type { ErrorObject, ValidateFunction } from 'ajv';
import { validate as generated } from './plugin-options-validator.generated';
import { ReleaseProcessError } from './release-error';

/** The package's name: its entry in nx.json's `plugins`, and its key in `pluginsConfig` without one. */
export const PLUGIN_NAME = 'nx-release-process';

/**
 * The plugin options where nx.json keeps them without options in the plugin's entry: in
 * `pluginsConfig["nx-release-process"]` (a workspace whose targets are written out, or an entry by name alone).
 */
export function configuredPluginOptions(nxJson: { pluginsConfig?: unknown }): unknown {
  return (nxJson.pluginsConfig as Record<string, unknown> | undefined)?.[PLUGIN_NAME];
}

/** Where the plugin options' schema is published, for editors (`"$schema"`) and for the fix we print. */
export const PLUGIN_OPTIONS_SCHEMA = 'node_modules/nx-release-process/dist/core/plugin-options.schema.json';

// Compiled from plugin-options.schema.json ahead of time (tools/generate/plugin-options-validator.ts).
const validate = generated as unknown as ValidateFunction;

/**
 * Every problem with the plugin options of nx.json, each with its path (`gates.benchmarks.api.runs: must be
 * <= 10000`), checked against the published schema before anything runs; none when they are valid.
 */
export function pluginOptionProblems(options: unknown): string[] {
  if (validate(options ?? {})) return [];
  return [...new Set((validate.errors ?? []).filter(shown).map(problemText))];
}

/** Refuses invalid plugin options in one line that lists every problem. */
export function assertValidPluginOptions(options: unknown, where = 'nx.json'): void {
  const problems = pluginOptionProblems(options);
  if (problems.length === 0) return;
  throw new ReleaseProcessError(
    `the nx-release-process options in ${where} are invalid: ${problems.join('; ')}`,
    `Fix ${problems.length === 1 ? 'it' : 'them'} (every option is described in ${PLUGIN_OPTIONS_SCHEMA})`,
  );
}

/** anyOf lists one error per branch and then its own: its own summary is the one a reader can act on. */
function shown(error: ErrorObject, _index: number, all: ErrorObject[]): boolean {
  const insideAnyOf = all.some((other) => other.keyword === 'anyOf' && other.instancePath === error.instancePath && other !== error);
  return !insideAnyOf;
}

function problemText(error: ErrorObject): string {
  const path = error.instancePath.split('/').slice(1).map(decodeSegment).join('.') || '(the options)';
  if (error.keyword === 'additionalProperties') {
    const key = (error.params as { additionalProperty: string }).additionalProperty;
    return `${path === '(the options)' ? key : `${path}.${key}`}: is not an option`;
  }
  if (error.keyword === 'anyOf') return `${path}: has none of the accepted forms`;
  if (error.keyword === 'enum')
    return `${path}: must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((value) => JSON.stringify(value)).join(', ')}`;
  return `${path}: ${error.message}`;
}

function decodeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
