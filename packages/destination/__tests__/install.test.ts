/**
 * The package as a project that installs it gets it: `npm pack`, an empty project, `npm install`
 * of the tarball, then settings validation, one event and the credential check in that project,
 * against a stand-in for Pinterest on 127.0.0.1.
 *
 * The install resolves afresh, from a registry on 127.0.0.1 serving our own node_modules, where
 * fast-uri also exists in its newest 3.x (the `fast-uri-newest` dev dependency). ajv takes that
 * one unless our dependencies pin 3.1.5, and with it every validation throws "URI scheme is
 * malformed": npm `overrides` never reach a consumer, so this test is what proves the pin does.
 */
import type { ChildProcess } from 'child_process'
import { execFile, spawn } from 'child_process'
import { createHash } from 'crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { promisify } from 'util'
import {
  checkPinterestAfterEach,
  json,
  localPinterest
} from '../src/destinations/pinterest-conversions/__tests__/__helpers__/pinterest-fake'
import type { StubRegistry } from './stub-registry'
import { startStubRegistry } from './stub-registry'

jest.setTimeout(120_000)

const PACKAGE = join(__dirname, '..')
/** Database drivers, loggers, metrics, CLI and browser libraries: the gateway's, never a dependency of the destination. */
const GATEWAY_ONLY = ['pg', 'better-sqlite3', 'pino', 'prom-client', 'cli-progress', 'playwright-core']
const WORKSPACE = join(PACKAGE, '..', '..')
checkPinterestAfterEach()

const run = promisify(execFile)

// What runs in the consumer project: the definition through actions-core's Destination, as a
// runtime runs it, each step reported rather than thrown so the test can say which one broke.
const CONSUMER_SCRIPT = `
const { createRequire } = require('module')
const shipped = require('pinterest-conversions').default
const { Destination } = createRequire(require.resolve('pinterest-conversions'))('@segment/actions-core')

// The destination always sends to Pinterest; like a runtime's test harness, this one hands it a
// request client that goes to the stand-in instead.
const toStandIn = (request) => (url, options) => request(url.replace('https://api.pinterest.com', process.env.PINTEREST), options)
const action = shipped.actions.reportConversionEvent
const definition = {
  ...shipped,
  authentication: {
    ...shipped.authentication,
    testAuthentication: (request, input) => shipped.authentication.testAuthentication(toStandIn(request), input)
  },
  actions: { reportConversionEvent: { ...action, perform: (request, data) => action.perform(toStandIn(request), data) } }
}

const settings = { ad_account_id: '549755885175', conversion_token: 'consumer-token' }
const event = {
  type: 'track',
  event: 'Order Completed',
  messageId: 'installed-1',
  timestamp: new Date().toISOString(),
  properties: { order_id: 'o-1', total: 30, currency: 'USD' },
  context: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0', traits: { email: 'Jane@Example.com' } }
}
const checkout = definition.presets.find((preset) => preset.name === 'Checkout')

async function step(report, name, work) {
  try {
    await work()
    report[name] = { ok: true }
  } catch (error) {
    report[name] = { ok: false, error: String(error && error.message) }
  }
}

async function main() {
  const destination = new Destination(definition)
  const report = {}
  await step(report, 'settings', () => destination.validateSettings(settings))
  await step(report, 'missingSettings', () => destination.validateSettings({}))
  await step(report, 'perform', () =>
    destination.executeAction('reportConversionEvent', { event, mapping: checkout.mapping, settings })
  )
  await step(report, 'testAuthentication', () => destination.testAuthentication(settings))
  process.stdout.write(JSON.stringify(report))
}
main()
`

let temp: string
let registry: StubRegistry | undefined

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'pinterest-install-'))
  registry = await startStubRegistry(join(WORKSPACE, 'node_modules'), join(PACKAGE, 'node_modules'))
})

afterAll(async () => {
  await registry?.close()
  rmSync(temp, { recursive: true, force: true })
})

/** The environment of a child npm: npm's own variables from `npm test` would steer it to this project. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value
  return { ...env, ...extra }
}

/** Runs a child process to its end; throws with its output when it fails. */
function finish(what: string, child: ChildProcess): Promise<string> {
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk) => (stdout += chunk))
  child.stderr?.on('data', (chunk) => (stderr += chunk))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${what} failed (${code}):\n${stderr}`))
    )
  })
}

it('installs from its tarball into an empty project and validates settings, sends an event and checks credentials there', async () => {
  if (!registry) throw new Error('the stub registry starts in beforeAll')
  const { stdout: packed } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', temp], {
    cwd: PACKAGE,
    env: cleanEnv()
  })
  const tarball = join(temp, (JSON.parse(packed) as Array<{ filename: string }>)[0].filename)

  const consumer = join(temp, 'consumer')
  mkdirSync(consumer)
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }))
  writeFileSync(join(temp, 'npmrc'), '')
  const npmOptions = [
    `--registry=${registry.url}`,
    `--cache=${join(temp, 'cache')}`,
    `--userconfig=${join(temp, 'npmrc')}`,
    // The destination needs none of the optional dependencies: the gateway's embedded SQLite store
    // compiles natively (and this machine has no route to its prebuilt binaries or node headers).
    '--omit=optional',
    '--no-audit',
    '--no-fund',
    '--update-notifier=false'
  ]
  await finish('npm install', spawn('npm', ['install', tarball, ...npmOptions], { cwd: consumer, env: cleanEnv() }))

  const paths: string[] = []
  const pinterest = await localPinterest((body, req, res) => {
    paths.push(req.url ?? '')
    json(res, 200, {
      num_events_received: body.data.length,
      num_events_processed: body.data.length,
      events: body.data.map(() => ({ status: 'processed' }))
    })
  })
  writeFileSync(join(consumer, 'check.js'), CONSUMER_SCRIPT)
  const report = JSON.parse(
    await finish(
      'the consumer script',
      spawn(process.execPath, ['check.js'], { cwd: consumer, env: cleanEnv({ PINTEREST: pinterest.url }) })
    )
  ) as Record<string, unknown>

  expect(report).toEqual({
    settings: { ok: true },
    missingSettings: { ok: false, error: expect.stringMatching(/ad_account_id|Ad Account ID/) },
    perform: { ok: true },
    testAuthentication: { ok: true }
  })
  expect(paths).toEqual(['/v5/ad_accounts/549755885175/events', '/v5/ad_accounts/549755885175/events?test=true'])
  expect(pinterest.bodies[0].data[0].user_data.em).toEqual([
    createHash('sha256').update('jane@example.com').digest('hex')
  ])
  const installed = (name: string) =>
    (JSON.parse(readFileSync(join(consumer, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
      .version
  expect(installed('fast-uri')).toBe('3.1.5')
  // The gateway's libraries stay with the gateway: none of them comes with the destination.
  const tree = readdirSync(join(consumer, 'node_modules'))
  expect(tree).toContain('@segment')
  expect(tree.filter((name) => GATEWAY_ONLY.includes(name))).toEqual([])
  // commander is there only for liquidjs's own command line (actions-core requires liquidjs).
  expect(dependentsOf(join(consumer, 'package-lock.json'), 'commander')).toEqual(['liquidjs'])
})

/** The packages of an installed tree whose dependencies name `name`. */
function dependentsOf(lockFile: string, name: string): string[] {
  const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as {
    packages: Record<string, { dependencies?: Record<string, string> }>
  }
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && entry.dependencies?.[name] !== undefined)
    .map(([path]) => path.split('node_modules/').pop() ?? path)
}
