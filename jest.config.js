// One `npm test` runs the infrastructure tests and the suites of the API and the web front end.
module.exports = {
  projects: [
    {
      displayName: 'infra',
      preset: 'ts-jest',
      testEnvironment: 'node',
      roots: ['<rootDir>/lib', '<rootDir>/charts', '<rootDir>/test', '<rootDir>/examples'],
      testPathIgnorePatterns: ['/node_modules/', '/test/charts/helm/'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      // The constructs package from its source, as tsconfig.json's paths say.
      moduleNameMapper: { '^@remind-me/cdk8s-constructs$': '<rootDir>/lib/index.ts' },
      modulePathIgnorePatterns: ['<rootDir>/lib/dist/'],
    },
    '<rootDir>/server-lifecycle',
    '<rootDir>/api',
    '<rootDir>/web',
  ],
};
