// The API suite: real server processes (built once in globalSetup) and real SQLite files.
module.exports = {
  displayName: 'api',
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  globalSetup: '<rootDir>/test/support/build.ts',
  // The validators and serializers the build generates (globalSetup builds), where it writes them.
  moduleNameMapper: { '^\\./compiled-schemas$': '<rootDir>/dist/src/compiled-schemas.js' },
  // Not `testTimeout`: that is a global option, ignored when the root config runs this project.
  setupFilesAfterEnv: ['<rootDir>/../server-lifecycle/test/support/timeout.ts'],
};
