module.exports = {
  projects: ['<rootDir>/packages/*/jest.config.js'],
  // Integration tests run real git, Nx, npm and Verdaccio processes (a global option: projects ignore it).
  testTimeout: 60_000,
};
