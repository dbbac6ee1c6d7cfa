#!/usr/bin/env node
'use strict'
/**
 * The Node 18 suite: jest runs __tests__/node-range.test.ts on the registry's Node 18.20.8 (the
 * `node18` dev dependency), the oldest Node the package allows, where crypto.hash does not exist.
 */
const { spawnSync } = require('child_process')
const path = require('path')

const root = path.join(__dirname, '..')
const node18 = path.join(path.dirname(require.resolve('node18/package.json', { paths: [root] })), 'bin', 'node')
const jest = path.join(path.dirname(require.resolve('jest/package.json', { paths: [root] })), 'bin', 'jest.js')
const run = spawnSync(node18, [jest, '__tests__/node-range.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, EXPECTED_NODE_MAJOR: '18' }
})
process.exit(run.status ?? 1)
