/** @type {import('jest').Config} */
module.exports = {
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Test files run in plain Node, sharing one module registry (test/support/register-tsx.mjs says why).
  runner: 'jest-light-runner',
  setupFiles: ['<rootDir>/test/support/register-tsx.mjs'],
  // For the global setup and teardown, which jest itself loads.
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
  // Expensive fixtures made once per run and shared by every test file (test/support/assembly.ts).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120000,
};
