// The lifecycle's suite: real server processes, sent real signals.
module.exports = {
  displayName: 'server-lifecycle',
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testPathIgnorePatterns: ['/fixtures/', '/support/'],
  // Not `testTimeout`: that is a global option, ignored when the root config runs this project.
  setupFilesAfterEnv: ['<rootDir>/test/support/timeout.ts'],
};
