module.exports = {
  displayName: 'nx-release-process',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  roots: ['<rootDir>/src'],
};
