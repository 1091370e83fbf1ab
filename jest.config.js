// One `npm test` runs the infrastructure tests and the suites of the API and the web front end.
module.exports = {
  projects: [
    {
      displayName: 'infra',
      preset: 'ts-jest',
      testEnvironment: 'node',
      roots: ['<rootDir>/lib', '<rootDir>/charts', '<rootDir>/test'],
      testPathIgnorePatterns: ['/node_modules/', '/test/cluster/'],
    },
    '<rootDir>/api',
    '<rootDir>/web',
  ],
};
