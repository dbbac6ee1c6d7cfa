/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/__tests__'],
  testMatch: ['**/__tests__/**/*.test.ts'],
  // Type checking is done once by `tsc --noEmit` in `npm test`; with isolatedModules in
  // tsconfig.json, ts-jest only transpiles each file.
  transform: { '^.+\\.ts$': 'ts-jest' },
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
  // The CLI tests spawn the built bin: dist/ is brought up to date once before all tests.
  globalSetup: '<rootDir>/scripts/jest-global-setup.js',
  clearMocks: true
}
