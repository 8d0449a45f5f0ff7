/** Type checking runs once in `npm test` (tsc --noEmit); jest only transpiles (`isolatedModules` in tsconfig.json). */
module.exports = {
  testEnvironment: '<rootDir>/test/support/process-guard-environment.ts',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/jest.summary-reporter.js'],
};
