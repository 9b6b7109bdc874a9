import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';

/**
 * The plugin options' validator as code, compiled from the schema once here rather than by Ajv in every
 * process that reads nx.json: Nx's plugin worker and each batch of gates paid about 0.1 s for it.
 * `node -r @swc-node/register tools/generate/plugin-options-validator.ts` writes it again after a schema
 * change; a spec fails while the committed file is not what the schema gives.
 */
export const VALIDATOR_PATH = join(__dirname, '../../packages/nx-release-process/src/core/plugin-options-validator.generated.ts');

export function pluginOptionsValidatorSource(): string {
  const schema = JSON.parse(readFileSync(join(__dirname, '../../packages/nx-release-process/src/core/plugin-options.schema.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true, esm: true } });
  return [
    '/* eslint-disable */',
    '// @ts-nocheck',
    '// Generated from plugin-options.schema.json by tools/generate/plugin-options-validator.ts: do not edit.',
    standaloneCode(ajv, ajv.compile(schema)),
    '',
  ].join('\n');
}

if (require.main === module) {
  writeFileSync(VALIDATOR_PATH, pluginOptionsValidatorSource());
  process.stderr.write(`wrote ${VALIDATOR_PATH}\n`);
}
