// The web suite: real server processes of the web and of the API (both built once in globalSetup),
// and a real browser (the Chromium of @sparticuz/chromium, or CHROMIUM_PATH's).
module.exports = {
  displayName: 'web',
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  globalSetup: '<rootDir>/test/support/build.ts',
  // Not `testTimeout`: that is a global option, ignored when the root config runs this project.
  setupFilesAfterEnv: ['<rootDir>/../server-lifecycle/test/support/timeout.ts'],
};
