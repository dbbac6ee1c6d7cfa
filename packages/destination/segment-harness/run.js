#!/usr/bin/env node
'use strict'
/**
 * npm run test:segment: the destination folder's tests as Segment's monorepo runs them, on the
 * versions its lock file resolves (jest 27.5.1, ts-jest 27.1.5, nock 13.1.4, TypeScript 5.5.4),
 * installed here with npm ci, apart from the workspace's jest 29 and nock 14. Arguments are
 * passed on to jest. Exits with jest's status.
 */
const { spawnSync } = require('child_process')
const crypto = require('crypto')
const fs = require('fs')
const path = require('path')

const harness = __dirname
const destinationFolder = path.join(harness, '..', 'src', 'destinations', 'pinterest-conversions')
const modules = path.join(harness, 'node_modules')
// Records the lock file an install was made from. Its digest, not its mtime: a checkout or a
// fresh clone rewrites mtimes without changing what is installed.
const marker = path.join(modules, '.segment-harness-lock.sha256')

const lockDigest = () =>
  crypto
    .createHash('sha256')
    .update(fs.readFileSync(path.join(harness, 'package-lock.json')))
    .digest('hex')

function installedFromLock() {
  try {
    return fs.readFileSync(marker, 'utf8').trim() === lockDigest()
  } catch {
    return false
  }
}

function install() {
  console.log('segment-harness: npm ci (node_modules missing or installed from another lock file)')
  // npm's own CLI when an npm script started us; `--prefix` keeps npm from taking the workspace
  // root, whose workspaces do not include this folder, for the project to install.
  const execPath = process.env.npm_execpath
  const [command, args] = execPath && /npm-cli\.js$/.test(execPath) ? [process.execPath, [execPath]] : ['npm', []]
  // --include=dev: NODE_ENV=production (or omit=dev) would otherwise install none of them.
  const run = spawnSync(command, [...args, 'ci', '--prefix', harness, '--include=dev', '--no-audit', '--no-fund'], {
    cwd: harness,
    stdio: 'inherit'
  })
  if (run.status !== 0) {
    console.error(`segment-harness: npm ci failed (${run.error ? run.error.message : `exit ${run.status}`})`)
    process.exit(1)
  }
  fs.writeFileSync(marker, `${lockDigest()}\n`)
}

/** The pinned versions, checked against what is installed, so a run names what it ran on. */
function checkVersions() {
  const pinned = require(path.join(harness, 'package.json')).devDependencies
  let wrong = false
  const found = Object.entries(pinned).map(([name, version]) => {
    let installed = 'missing'
    try {
      installed = require(path.join(modules, name, 'package.json')).version
    } catch {
      // reported below with the pinned version
    }
    if (installed !== version) wrong = true
    return `${name} ${installed}${installed === version ? '' : ` (pinned ${version})`}`
  })
  console.log(`segment-harness: ${found.join(', ')}, on Node ${process.versions.node}`)
  if (wrong) {
    console.error('segment-harness: node_modules does not hold the pinned versions; remove it and run again')
    process.exit(1)
  }
}

if (!installedFromLock()) install()
checkVersions()

const jest = spawnSync(
  process.execPath,
  [
    path.join(modules, 'jest', 'bin', 'jest.js'),
    '--config',
    path.join(harness, 'jest.config.js'),
    ...process.argv.slice(2)
  ],
  { cwd: destinationFolder, stdio: 'inherit' }
)
if (jest.error || jest.status === null) {
  console.error(`segment-harness: jest did not finish (${jest.error ? jest.error.message : `signal ${jest.signal}`})`)
  process.exit(1)
}
process.exit(jest.status)
