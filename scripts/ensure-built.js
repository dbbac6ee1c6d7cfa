#!/usr/bin/env node
'use strict'
/**
 * Builds dist/ (tsc -p tsconfig.build.json) when it is missing or older than the sources, so
 * `npm start`, the `pinterest-conversions` bin and the CLI tests always run what src/ says.
 * Plain JavaScript on purpose: it must run before anything is compiled.
 *
 * A stamp file written after a successful build marks dist/ as complete; a failed build leaves
 * no stamp and is tried again next time.
 */
const { execFileSync } = require('child_process')
const fs = require('fs')
const path = require('path')

const ROOT = path.join(__dirname, '..')
const STAMP = path.join(ROOT, 'dist', '.build-stamp')
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json']

function newestMtime(target) {
  let stat
  try {
    stat = fs.statSync(target)
  } catch {
    return 0
  }
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of fs.readdirSync(target)) {
    if (entry === '__tests__') continue // not part of the build (tsconfig.build.json excludes them)
    newest = Math.max(newest, newestMtime(path.join(target, entry)))
  }
  return newest
}

function isStale() {
  let built
  try {
    built = fs.statSync(STAMP).mtimeMs
  } catch {
    return true
  }
  return INPUTS.some((input) => newestMtime(path.join(ROOT, input)) > built)
}

/** Builds when needed; build output goes to stderr so stdout stays the caller's. Throws when the build fails. */
function ensureBuilt({ force = false } = {}) {
  if (!force && !isStale()) return false
  if (!fs.existsSync(path.join(ROOT, 'src'))) return false // an installed package: dist is all there is
  let tsc
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] })
  } catch {
    throw new Error('dist/ is missing or stale and TypeScript is not installed: run `npm ci` first.')
  }
  process.stderr.write('Building dist/ (tsc -p tsconfig.build.json)...\n')
  fs.rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true })
  execFileSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], {
    cwd: ROOT,
    stdio: ['ignore', 2, 2]
  })
  fs.writeFileSync(STAMP, `${new Date().toISOString()}\n`)
  return true
}

module.exports = ensureBuilt
module.exports.ensureBuilt = ensureBuilt

if (require.main === module) {
  try {
    ensureBuilt({ force: process.argv.includes('--force') })
  } catch (error) {
    process.stderr.write(`${error.message}\n`)
    process.exit(1)
  }
}
