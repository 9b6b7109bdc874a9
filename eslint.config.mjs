// Lint and the layer rule (README, "How it is built"): core is pure, adapters serve use cases and entry points.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeIo = [
  'fs',
  'fs/promises',
  'child_process',
  'http',
  'https',
  'http2',
  'net',
  'tls',
  'dgram',
  'dns',
  'os',
  'process',
  'readline',
  'worker_threads',
  'cluster',
  'vm',
].flatMap((name) => [name, `node:${name}`]);
// Loading code at run time hides what a module depends on from the layer rule.
const noRuntimeLoading = [
  {
    selector: "CallExpression[callee.name='require']",
    message: 'core loads no modules at run time: import them (ESM-only libraries through vendor/)',
  },
  { selector: "MemberExpression[object.name='require']", message: 'core resolves no modules at run time' },
  { selector: 'ImportExpression', message: 'core loads no modules at run time: import them' },
];
// A decision that reads the clock cannot be replayed: the moment is an argument.
const noClock = [
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core reads no clock: take the moment as an argument' },
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'core reads no clock: take the moment as an argument',
  },
];
// Matched on the import path as written (`../cli/main`, `../../executors/plan/plan`).
const layer = (...names) => `(^|/)(${names.join('|')})(/|$)`;
const entryPoints = layer('cli', 'executors', 'generators', 'plugins');
// Production code never imports test helpers.
const noTesting = { regex: layer('testing'), message: 'production code never imports test helpers (testing/)' };

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'tmp/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['packages/nx-release-process/src/core/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeIo.map((name) => ({ name, message: 'core is pure: read and write through an adapter' })),
          patterns: [
            { regex: '^(nx|@nx/[^/]+)(/|$)', message: 'core knows nothing of Nx: take plain data from an adapter' },
            {
              regex: layer('adapters', 'use-cases', 'cli', 'executors', 'generators', 'plugins', 'testing'),
              message: 'core imports only core (and vendor/ for ESM-only libraries)',
            },
          ],
        },
      ],
      'no-restricted-syntax': ['error', ...noRuntimeLoading, ...noClock],
      'no-restricted-globals': ['error', { name: 'process', message: 'core reads no environment: the caller passes what it needs' }],
    },
  },
  {
    files: ['packages/nx-release-process/src/adapters/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: layer('use-cases', 'cli', 'executors', 'generators', 'plugins'),
              message: 'adapters serve use cases and entry points, never import them',
            },
            noTesting,
          ],
        },
      ],
    },
  },
  {
    files: ['packages/nx-release-process/src/use-cases/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: entryPoints, message: 'use cases are called by entry points, never the other way' }, noTesting] },
      ],
    },
  },
  {
    files: ['packages/nx-release-process/src/{cli,executors,generators,plugins}/**/*.ts', 'packages/nx-release-process/src/index.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['fs', 'fs/promises', 'child_process'].flatMap((name) =>
            [name, `node:${name}`].map((path) => ({
              name: path,
              message: 'entry points stay thin: files and processes go through an adapter',
            })),
          ),
          patterns: [
            {
              regex: '(^|/)adapters/(git|git-operations)$',
              message: 'entry points stay thin: git workflows live in a use case (use-cases/hotfix.ts, revert.ts, prepare.ts)',
            },
            noTesting,
          ],
        },
      ],
    },
  },
  {
    files: ['packages/nx-release-process/src/vendor/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: layer('core', 'adapters', 'use-cases', 'cli', 'executors', 'generators', 'plugins', 'testing'),
              message: 'vendor/ only loads third-party libraries',
            },
          ],
        },
      ],
    },
  },
);
