/**
 * The jest configuration every package shares: each package's jest.config.js is this, rooted in
 * its own folder. Type checking is `tsc`'s (each package's `npm test` runs it first); with
 * isolatedModules, ts-jest only transpiles each file.
 */
const path = require('path')

/** @returns {import('jest').Config} */
module.exports = (rootDir, extra = {}) => ({
  rootDir,
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/__tests__'],
  testMatch: ['**/__tests__/**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  setupFilesAfterEnv: [path.join(__dirname, 'jest.setup.ts')],
  // A package's tests reach the packages below it through their entries, read from source as
  // the package's own code is: one copy of each module (an error class is the same class on
  // both sides), and no build needed between an edit and a test.
  moduleNameMapper: {
    '^pinterest-conversions$': path.join(__dirname, 'packages/destination/src/index.ts'),
    '^pinterest-conversions/test-support$': path.join(__dirname, 'packages/destination/test-support/index.ts'),
    '^pinterest-conversions-tools$': path.join(__dirname, 'packages/tools/src/index.ts')
  },
  // The process tests run dist/ (npm start, the bin): built once, before any test starts.
  globalSetup: path.join(__dirname, 'jest.global-setup.js'),
  clearMocks: true,
  ...extra
})
