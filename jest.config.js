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
  // Many test files mostly wait (nginx, openssl, npm, child processes): one worker per core and a half keeps two
  // cores busy. Jest's default would be one worker on two cores.
  maxWorkers: '150%',
  testSequencer: '<rootDir>/test/support/sequencer.js',
  reporters: ['default', '<rootDir>/jest.summary-reporter.js'],
};
