// The lifecycle's suite: real server processes, sent real signals.
module.exports = {
  displayName: 'server-lifecycle',
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testPathIgnorePatterns: ['/fixtures/'],
};
