/**
 * Type checking runs once, in test/support/global-setup.ts under `npm test` (tsc --noEmit, with eslint); jest only
 * transpiles (`isolatedModules` in tsconfig.json).
 */
module.exports = {
  testEnvironment: '<rootDir>/test/support/process-guard-environment.ts',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 60000,
  // Two workers on two cores (jest's default would be one): the files that measure real time or load both cores
  // take turns through test/support/real-time.ts while the other worker runs the rest.
  maxWorkers: 2,
  testSequencer: '<rootDir>/test/support/sequencer.js',
  reporters: ['default', '<rootDir>/jest.summary-reporter.js'],
};
