// One `npm test` runs the infrastructure tests and the API's own suite.
module.exports = {
  projects: [
    {
      displayName: 'infra',
      preset: 'ts-jest',
      testEnvironment: 'node',
      roots: ['<rootDir>/lib', '<rootDir>/charts', '<rootDir>/test'],
      testPathIgnorePatterns: ['/node_modules/', '/test/cluster/', '/test/helm/'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
    '<rootDir>/api',
  ],
};
