#!/usr/bin/env node
'use strict'
/**
 * The Node 18 that `npm run test:node18` uses is the registry's `node` package (installed as
 * node18), whose bin is named `node`: npm links it as node_modules/.bin/node, which comes first
 * on the PATH of every npm script, so jest, tsc and `npm start` would all run on Node 18. Run
 * after an install (the root's prepare) and before the tests (pretest), since `npm install
 * <package>` links it again without running prepare; test:node18 calls that binary by its path.
 * The link may be in the workspace root's bin folder or in this package's own.
 */
const fs = require('fs')
const path = require('path')

for (const dir of [path.join(__dirname, '..'), path.join(__dirname, '..', '..', '..')]) {
  const bin = path.join(dir, 'node_modules', '.bin')
  const link = path.join(bin, 'node')
  let target
  try {
    target = path.resolve(bin, fs.readlinkSync(link))
  } catch {
    continue // no link, or not a link: nothing of ours to remove
  }
  if (target === path.join(bin, '..', 'node18', 'bin', 'node')) fs.unlinkSync(link)
}
