'use strict'
/**
 * Segment's jest configuration for packages/destination-actions (its package.json "jest" key),
 * rooted at the destination folder as that folder sits in Segment's src/destinations/.
 *
 * Jest resolves a preset, a transform and a test environment given by name from rootDir upwards,
 * which from the destination folder reaches the workspace root's jest 29 and ts-jest 29. So every
 * one of them, and nock and TypeScript for the tests and ts-jest, is named by its path here.
 */
const path = require('path')

const harness = __dirname
// A path into the harness's own node_modules, never resolved upwards: a missing install fails
// here instead of quietly finding the workspace's versions.
const fromHarness = (name) => path.join(harness, 'node_modules', name)
const tsJest = fromHarness('ts-jest')

/** @type {import('@jest/types').Config.InitialOptions} */
module.exports = {
  rootDir: path.join(harness, '..', 'src', 'destinations', 'pinterest-conversions'),
  preset: tsJest,
  transform: { '^.+\\.tsx?$': tsJest },
  globals: {
    'ts-jest': {
      isolatedModules: true,
      compiler: fromHarness('typescript'),
      tsconfig: path.join(harness, 'tsconfig.json')
    }
  },
  testEnvironment: fromHarness('jest-environment-node'),
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  moduleNameMapper: { '^nock$': fromHarness('nock') },
  setupFilesAfterEnv: [path.join(harness, 'setup-after-env.ts')],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '__tests__/__helpers__/'],
  // Apart from the workspace's jest 29 cache, and out of git with node_modules.
  cacheDirectory: path.join(harness, 'node_modules', '.cache', 'jest')
}
