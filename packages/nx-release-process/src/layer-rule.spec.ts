import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

const ROOT = join(__dirname, '../../..');
const SRC = 'packages/nx-release-process/src';

/**
 * The layer rule the README's architecture section states, enforced by `npm run lint`: each deliberate
 * violation below, linted as a file of its folder, is an error with the rule's message; the same import
 * where the rule allows it is not.
 */
describe('the layer rule', () => {
  const cases: Array<[string, string, string]> = [
    [
      'core/violation.ts',
      "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;",
      'core is pure: read and write through an adapter',
    ],
    [
      'core/violation.ts',
      "import { hostname } from 'node:os';\nexport const h = hostname;",
      'core is pure: read and write through an adapter',
    ],
    ['core/violation.ts', "export const x = require('semver');", 'core loads no modules at run time'],
    ['core/violation.ts', "export const x = import('semver');", 'core loads no modules at run time'],
    ['core/violation.ts', 'export const x = require.resolve("semver");', 'core resolves no modules at run time'],
    ['core/violation.ts', "import { runGit } from '../adapters/git';\nexport const g = runGit;", 'core imports only core'],
    ['core/violation.ts', 'export const today = () => new Date().toISOString();', 'core reads no clock'],
    ['core/violation.ts', 'export const now = () => Date.now();', 'core reads no clock'],
    ['core/violation.ts', 'export const token = () => process.env.GITHUB_TOKEN;', 'core reads no environment'],
    ['core/violation.ts', "import { readProjectGraph } from '@nx/devkit';\nexport const g = readProjectGraph;", 'core knows nothing of Nx'],
    [
      'adapters/violation.ts',
      "import { runReleaseStep } from '../use-cases/release';\nexport const r = runReleaseStep;",
      'adapters serve use cases',
    ],
    ['adapters/violation.ts', "import { passGates } from '../testing/gates';\nexport const p = passGates;", 'never imports test helpers'],
    [
      'use-cases/violation.ts',
      "import { handler } from '../cli/commands/plan';\nexport const h = handler;",
      'use cases are called by entry points',
    ],
    ['executors/violation.ts', "import { passGates } from '../testing/gates';\nexport const p = passGates;", 'never imports test helpers'],
    [
      'generators/hotfix/violation.ts',
      "import { cherryPick } from '../../adapters/git-operations';\nexport const c = cherryPick;",
      'git workflows live in a use case',
    ],
    ['cli/commands/violation.ts', "import { execFile } from 'node:child_process';\nexport const e = execFile;", 'entry points stay thin'],
    ['executors/violation.ts', "import { writeFileSync } from 'fs';\nexport const w = writeFileSync;", 'entry points stay thin'],
    [
      'vendor/violation.ts',
      "import { markdownText } from '../core/printable';\nexport const m = markdownText;",
      'vendor/ only loads third-party libraries',
    ],
  ];
  const allowed: Array<[string, string]> = [
    ['core/allowed.ts', "import { requireEsmPackage } from '../vendor/esm-package';\nexport const r = requireEsmPackage;"],
    ['use-cases/allowed.ts', "import { runGit } from '../adapters/git';\nexport const g = runGit;"],
    ['core/allowed.spec.ts', "import { passGates } from '../testing/gates';\nexport const p = passGates;"],
    ['core/allowed.ts', 'export const parsed = (at: string) => new Date(at).getTime();'],
    ['generators/hotfix/allowed.ts', "import { planHotfix } from '../../use-cases/hotfix';\nexport const p = planHotfix;"],
  ];
  // ESLint loads its config with import(), which Jest's module system cannot: one real ESLint process lints every text.
  let errors: string[][];
  beforeAll(() => {
    const script = `
      import { ESLint } from 'eslint';
      const texts = JSON.parse(process.argv[1]);
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = [];
      for (const [file, code] of texts) {
        const [result] = await eslint.lintText(code, { filePath: file });
        out.push(result.messages.filter((message) => message.severity === 2).map((message) => message.message));
      }
      process.stdout.write(JSON.stringify(out));
    `;
    const texts = [...cases, ...allowed].map(([file, code]) => [join(ROOT, SRC, file), code]);
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(texts)], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    errors = JSON.parse(output) as string[][];
  });

  it.each(cases.map((entry, index) => [...entry, index] as const))('refuses in %s: %s', (_file, _code, message, index) => {
    expect(errors[index].join('\n')).toContain(message);
  });

  it('allows what the rule allows: core importing core and vendor/, use cases importing adapters, tests importing test helpers, generators calling use cases', () => {
    expect(errors.slice(cases.length)).toEqual([[], [], [], [], []]);
  });
});
