#!/usr/bin/env node
'use strict'
/**
 * Builds a package's dist/ (`tsc -b`, which builds the packages it stands on first) when it is
 * missing or older than the sources of that package or of those below it, so `npm start`, the
 * `pinterest-conversions` bin and the tests always run what src/ says. Plain JavaScript on
 * purpose: it must run before anything is compiled. Without an argument it builds the gateway,
 * and with it everything.
 *
 * A stamp file written after a successful build marks dist/ as complete; a failed build leaves
 * no stamp and is tried again next time.
 */
const { execFileSync } = require('child_process')
const fs = require('fs')
const path = require('path')

const GATEWAY = path.join(__dirname, '..')
const INPUTS = ['src', 'tsconfig.build.json', 'package.json']

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

/** The package and every package its build references, each once. */
function packagesOf(dir, seen = new Set()) {
  if (seen.has(dir)) return seen
  seen.add(dir)
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'tsconfig.build.json'), 'utf8'))
  for (const reference of config.references ?? []) packagesOf(path.dirname(path.resolve(dir, reference.path)), seen)
  return seen
}

function isStale(dir, stamp) {
  let built
  try {
    built = fs.statSync(stamp).mtimeMs
  } catch {
    return true
  }
  return [...packagesOf(dir)].some((pkg) => INPUTS.some((input) => newestMtime(path.join(pkg, input)) > built))
}

/** Builds when needed; build output goes to stderr so stdout stays the caller's. Throws when the build fails. */
function ensureBuilt({ dir = GATEWAY, force = false } = {}) {
  const stamp = path.join(dir, 'dist', '.build-stamp')
  if (!fs.existsSync(path.join(dir, 'src'))) return false // an installed package: dist is all there is
  if (!force && !isStale(dir, stamp)) return false
  let tsc
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [dir] })
  } catch {
    throw new Error('dist/ is missing or stale and TypeScript is not installed: run `npm ci` first.')
  }
  process.stderr.write(`Building ${path.relative(process.cwd(), dir) || '.'} (tsc -b)...\n`)
  execFileSync(process.execPath, [tsc, '-b', path.join(dir, 'tsconfig.build.json'), ...(force ? ['--force'] : [])], {
    cwd: dir,
    stdio: ['ignore', 2, 2]
  })
  fs.writeFileSync(stamp, `${new Date().toISOString()}\n`)
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
