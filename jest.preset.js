// Shared Jest settings for the workspace's projects (the Nx convention: each project's jest.config.js
// names this preset).
//
// The conventional-changelog family is ESM-only with only an "import" export condition. Jest resolves
// with "require", so the packages (and their imports of each other) are mapped to their ESM entries and
// swc turns them into CommonJS.
const esmOnly = {
  'conventional-commits-parser': 'conventional-commits-parser/dist/index.js',
  'conventional-changelog-writer': 'conventional-changelog-writer/dist/index.js',
  'conventional-changelog-conventionalcommits': 'conventional-changelog-conventionalcommits/src/index.js',
  'conventional-commits-filter': 'conventional-commits-filter/dist/index.js',
  '@simple-libs/stream-utils': '@simple-libs/stream-utils/dist/index.js',
};

module.exports = {
  testEnvironment: 'node',
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(conventional-|@simple-libs/))'],
  moduleNameMapper: Object.fromEntries(
    Object.entries(esmOnly).map(([name, entry]) => [`^${name}$`, require.resolve(`./node_modules/${entry}`)]),
  ),
};
