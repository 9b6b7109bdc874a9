// Lint and the layer rule (README, "How it is built"): core is pure, adapters serve use cases and entry points.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeIo = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'child_process',
  'node:child_process',
  'http',
  'node:http',
  'https',
  'node:https',
  'net',
  'node:net',
];
// Matched on the import path as written (`../cli/main`, `../../executors/plan/plan`).
const layer = (...names) => `(^|/)(${names.join('|')})(/|$)`;
const entryPoints = layer('cli', 'executors', 'generators', 'plugins');

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
              message: 'core imports only core',
            },
          ],
        },
      ],
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
        { patterns: [{ regex: entryPoints, message: 'use cases are called by entry points, never the other way' }] },
      ],
    },
  },
);
