#!/usr/bin/env node
'use strict'
// The `pinterest-conversions` command. It runs the compiled CLI in dist/, building it first
// when a clone's sources are newer (or dist/ is missing), so `npx pinterest-conversions` works
// right after `npm ci` and never runs stale code.
try {
  require('../scripts/ensure-built').ensureBuilt()
} catch (error) {
  process.stderr.write(`pinterest-conversions: ${error.message}\n`)
  process.exit(2)
}
require('../dist/cli/main').main(process.argv)
