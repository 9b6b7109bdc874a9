// The conventional-changelog family ships ESM only ("import" export condition); Jest resolves with
// "require", so map those packages to their ESM entry and let swc turn them into CommonJS.
const esmOnly = {
  'conventional-commits-parser': 'conventional-commits-parser/dist/index.js',
  'conventional-changelog-writer': 'conventional-changelog-writer/dist/index.js',
  'conventional-changelog-conventionalcommits': 'conventional-changelog-conventionalcommits/src/index.js',
  'conventional-commits-filter': 'conventional-commits-filter/dist/index.js',
  '@simple-libs/stream-utils': '@simple-libs/stream-utils/dist/index.js',
};

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(conventional-|@simple-libs/))'],
  moduleNameMapper: Object.fromEntries(
    Object.entries(esmOnly).map(([name, entry]) => [`^${name}$`, require.resolve(`./node_modules/${entry}`)]),
  ),
};
