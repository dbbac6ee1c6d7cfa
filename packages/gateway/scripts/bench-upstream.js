'use strict'
/**
 * Segment's own Pinterest destination, from the registry's `@segment/action-destinations`, for
 * `npm run bench` only: what our batch path is measured against. It lives in its own folder,
 * `scripts/upstream/` (its package.json pins the version, its lock the rest), installed there
 * by the bench on its first run and by nothing else: the workspace's install and `npm test`
 * never see it.
 *
 * The package holds every destination of Segment's monorepo; its Pinterest folder loads only
 * actions-core, lodash and dayjs. The folder's package.json replaces the package's other
 * dependencies (AWS SDKs, Kafka, SFTP, ...) by one empty local package, so the install is
 * small and runs no install script. It also pins actions-core 3.170.0 and the ajv, fast-uri and
 * liquidjs our workspace resolves, so both destinations run on the same framework code. Their
 * copies must stay apart all the same: actions-core keeps compiled schemas in one ajv instance
 * per copy, keyed by destination name and action title, and both are "Pinterest Conversions
 * API" / "Report Conversion Event".
 *
 * Read before it was run: the Pinterest folder, `lib/dayjs` and `lib/hashing-utils` reach the
 * network only through actions-core's request client, whose fetch the bench stubs.
 */
const { execFileSync } = require('child_process')
const fs = require('fs')
const path = require('path')

const FOLDER = path.join(__dirname, 'upstream')
const PACKAGE = '@segment/action-destinations'
const PINTEREST = `${PACKAGE}/dist/destinations/pinterest-conversions`

function installedVersion(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(FOLDER, 'node_modules', name, 'package.json'), 'utf8')).version
  } catch {
    return undefined
  }
}

/** Installs the folder from its lock when what is there is not what the lock says. */
function ensureInstalled(log) {
  const lock = JSON.parse(fs.readFileSync(path.join(FOLDER, 'package-lock.json'), 'utf8')).packages
  const wanted = [PACKAGE, '@segment/actions-core']
  if (wanted.every((name) => installedVersion(name) === lock[`node_modules/${name}`].version)) return
  log(`Installing ${PACKAGE}@${lock[`node_modules/${PACKAGE}`].version} into scripts/upstream for the bench...`)
  execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: FOLDER,
    stdio: ['ignore', 'ignore', 'inherit']
  })
}

/** A module as the upstream folder resolves it, refusing the workspace's copy. */
function fromFolder(id) {
  const resolved = require.resolve(id, { paths: [FOLDER] })
  if (!resolved.startsWith(path.join(FOLDER, 'node_modules') + path.sep))
    throw new Error(`${id} resolved outside scripts/upstream (${resolved}): run npm ci there`)
  return require(resolved)
}

const at = (source) => ({ '@path': source })

/**
 * Upstream's Checkout preset, made to send what ours sends for the bench's Order Completed.
 * As it is, it refuses every such event (App Name is required, and a website's events have no
 * `context.app`), reads the email only from `properties` and `traits` (a track call's are in
 * `context.traits`), reads no other personal value, takes `value` from `price` or `value`, and
 * sends `opt_out: true` for everyone. So, the way a customer would map it: App Name a literal,
 * the personal values, value and products read with one `@path` each from where the event has
 * them, and no `opt_out`.
 */
function comparableMapping(definition) {
  const preset = definition.presets.find((candidate) => candidate.name === 'Checkout').mapping
  const { opt_out: _everyoneOptedOut, ...mapping } = preset
  const trait = (name) => at(`$.context.traits.${name}`)
  return {
    ...mapping,
    app_name: 'Bench Shop',
    user_data: {
      ...preset.user_data,
      email: trait('email'),
      phone: trait('phone'),
      gender: trait('gender'),
      date_of_birth: trait('birthday'),
      first_name: trait('firstName'),
      last_name: trait('lastName'),
      city: trait('address.city'),
      state: trait('address.state'),
      zip: trait('address.postalCode'),
      country: trait('address.country'),
      external_id: at('$.userId')
    },
    custom_data: {
      ...preset.custom_data,
      value: at('$.properties.total'),
      contents: {
        '@arrayPath': [
          '$.properties.products',
          { id: at('$.product_id'), item_price: at('$.price'), quantity: at('$.quantity') }
        ]
      }
    }
  }
}

/**
 * Upstream's definition, the Destination class of its own actions-core and that copy's entry
 * file (where the bench stubs its fetch), the comparable mapping, and the package's version.
 */
function loadUpstream(log) {
  ensureInstalled(log)
  const definition = fromFolder(PINTEREST).default
  return {
    definition,
    Destination: fromFolder('@segment/actions-core').Destination,
    actionsCoreEntry: require.resolve('@segment/actions-core', { paths: [FOLDER] }),
    mapping: comparableMapping(definition),
    version: installedVersion(PACKAGE)
  }
}

module.exports = { loadUpstream }
