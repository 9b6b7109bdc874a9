module.exports = {
  displayName: 'nx-release-process-faults',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  roots: ['<rootDir>/tests'],
};
