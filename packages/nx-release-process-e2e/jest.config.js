module.exports = {
  displayName: 'nx-release-process-e2e',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  roots: ['<rootDir>/tests'],
};
