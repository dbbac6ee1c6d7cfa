/**
 * `npm start`: the gateway and the local actions server on HOST:PORT (127.0.0.1:3000), live
 * when PINTEREST_AD_ACCOUNT_ID and PINTEREST_CONVERSION_TOKEN are set, on the embedded sandbox
 * otherwise. Prints the mode, the URL, the write key to send with and a curl to try, then one
 * JSON log line per request and per thing an operator acts on.
 */
import { Command } from 'commander'
import { resolve } from 'path'
import { setFlagsFromString } from 'v8'
import type { LoadedConfig } from '../gateway/config'
import { loadConfig } from '../gateway/config'
import { pinterestSetup } from '../connect'
import { Gateway } from '../gateway/gateway'
import { reconcileConfig } from '../gateway/shared-config'
import type { GatewayLog } from '../gateway/log'
import { createLog } from '../gateway/log'
import { ACTION_SLUG } from 'pinterest-conversions'
import { SANDBOX_SETTINGS, describeError, streamLogger } from 'pinterest-conversions-tools'
import type { EventLog, Queue, SharedConfigStore } from '../queue'
import { openEventLog, openQueue } from '../queue'
import type { AdminToken } from './admin-token'
import { adminTokenOf } from './admin-token'
import { Admission } from './admission'
import { banner } from './banner'
import { makePrivate } from './data-dir'
import type { Environment } from './environment'
import { readEnvironment } from './environment'
import type { ServerContext } from './index'
import { createServer } from './index'

interface Startup extends Environment {
  loaded: LoadedConfig
  admin: AdminToken
}

/**
 * Left to itself V8 lets the heap grow to several times what is live before a full collection:
 * under ingest that was most of the gateway's memory, rising with the backlog (measured: peak
 * RSS 290 MB at 300,000 events taken, 230 MB with this, for no more CPU). Growing by at most
 * twice what is live after each collection keeps the garbage in proportion, with no fixed cap
 * for a burst of large requests to run into.
 */
setFlagsFromString('--heap-growing-percent=100')

async function main(): Promise<void> {
  const startup = readStartup(process.argv, process.env)
  const log = createLog(process.stdout, startup.logLevel)
  const queue = await openStore(startup)
  const eventLog = await openLog(startup)
  if (queue.configStore) startup.loaded = await sharedStart(startup.loaded, queue.configStore)
  const admission = new Admission()
  const server = createServer({
    live: startup.mode.kind === 'live' ? startup.mode.settings : undefined,
    sandboxUrl: startup.sandboxUrl,
    admission,
    gateway: (context) => createGateway(startup, queue, eventLog, log, context, admission.pace),
    adminToken: startup.admin.token,
    publicUrl: startup.publicUrl,
    logger: streamLogger(process.stderr),
    onAnswer: (request, status, ms) => log.info({ method: request.method, path: request.path, status, ms }, 'request')
  })
  const gateway = server.gateway as Gateway
  let baseUrl: string
  try {
    baseUrl = await server.listen(startup.port, startup.host)
  } catch (error) {
    const { code } = error as { code?: string }
    const port = startup.port
    const hint =
      code === 'EADDRINUSE' ? `port ${port} is in use: start with PORT=${port + 1} npm start` : (error as Error).message
    return fail(`Cannot listen on ${startup.host}:${port}: ${hint}`, 1)
  }
  // Before the banner: a SIGTERM right after it is printed must still stop cleanly.
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'stopping: no new events; finishing the deliveries in flight')
    // The gateway first: its deliveries in sandbox mode go to this very server.
    await gateway.stop()
    await server.close()
    await queue.close()
    await eventLog.close()
    log.info({}, 'stopped; the queue is intact')
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
  gateway.start()
  const { toPinterest } = gateway.configuration.compiled
  const sandboxKeyTaken = startup.sandboxWriteKey !== undefined && toPinterest.length === 0
  process.stdout.write(
    banner({
      mode: startup.mode.kind,
      target:
        startup.mode.kind === 'sandbox' && toPinterest.length > 0
          ? `sandbox for the page and the actions routes; the gateway sends ${toPinterest.join(
              ', '
            )} to Pinterest, with their own settings`
          : server.context.describe(),
      baseUrl,
      routes: server.routes,
      actionSlug: ACTION_SLUG,
      host: startup.host,
      admin: {
        generated: startup.admin.file ? startup.admin.token : undefined,
        tokenFile: startup.admin.file,
        pages: [baseUrl, ...(startup.publicUrl ? [startup.publicUrl.href] : [])]
      },
      gateway: {
        writeKey: startup.writeKey ?? (sandboxKeyTaken ? startup.sandboxWriteKey : undefined),
        refusedSandboxKeyFor: startup.sandboxWriteKey && !sandboxKeyTaken ? toPinterest : undefined,
        store: startup.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `SQLite in ${startup.dataDir}`,
        config: startup.loaded.isDefault
          ? `none yet (every preset subscribed; saves go to ${startup.loaded.path})`
          : startup.loaded.path + (startup.loaded.shared ? `, version ${startup.loaded.shared.version}` : '')
      }
    })
  )
  process.stdout.write('\n')
}

function readStartup(argv: string[], env: NodeJS.ProcessEnv): Startup {
  const options = new Command()
    .name('npm start --')
    .option('--config <file>', 'the gateway configuration file (or CONFIG)')
    .parse(argv)
    .opts<{ config?: string }>()
  try {
    const environment = readEnvironment(env)
    const configFile = options.config ?? environment.configFile
    makePrivate(environment.dataDir)
    return {
      ...environment,
      configFile,
      loaded: loadConfig({ file: configFile && resolve(configFile), dataDir: environment.dataDir }),
      admin: adminTokenOf(environment)
    }
  } catch (error) {
    return fail(describeError(error).message, 2)
  }
}

/** With instances sharing a store, the configuration they share (seeded from this one's file when that changed). */
async function sharedStart(loaded: LoadedConfig, store: SharedConfigStore): Promise<LoadedConfig> {
  try {
    return await reconcileConfig(loaded, store)
  } catch (error) {
    return fail(`Cannot read the shared configuration: ${describeError(error).message}`, 1)
  }
}

async function openStore(startup: Startup): Promise<Queue> {
  try {
    return await openQueue({ databaseUrl: startup.databaseUrl, dataDir: startup.dataDir })
  } catch (error) {
    return fail(`Cannot open the queue: ${(error as Error).message}`, 1)
  }
}

async function openLog(startup: Startup): Promise<EventLog> {
  try {
    return await openEventLog({
      databaseUrl: startup.databaseUrl,
      dataDir: startup.dataDir,
      retentionMs: startup.eventLogRetentionMs
    })
  } catch (error) {
    return fail(`Cannot open the event log: ${(error as Error).message}`, 1)
  }
}

function createGateway(
  startup: Startup,
  queue: Queue,
  eventLog: EventLog,
  log: GatewayLog,
  context: ServerContext,
  pace: () => Promise<void>
): Gateway {
  const live = startup.mode.kind === 'live' ? startup.mode.settings : undefined
  try {
    return new Gateway({
      queue,
      eventLog,
      store: startup.databaseUrl ? 'postgres' : 'sqlite',
      mode: startup.mode.kind,
      loaded: startup.loaded,
      log,
      flushMs: startup.flushMs,
      retryBaseMs: startup.retryBaseMs,
      leaseMs: startup.leaseMs,
      concurrency: startup.concurrency,
      requestsPerMinute: startup.requestsPerMinute,
      pinterest: pinterestSetup(startup.oauth, () => context.sandboxBase()),
      deadLetterRetentionMs: startup.deadLetterRetentionMs,
      pace,
      delivery: { threads: startup.deliveryThreads, testExitOn: startup.testDeliveryThreadExitOn },
      around: {
        env: process.env,
        baseSettings: live ?? SANDBOX_SETTINGS,
        // Not live, the server mounts a sandbox (or names one elsewhere): its address is known once it listens.
        baseSandboxUrl: live ? undefined : () => context.sandboxBase() as string,
        settingsSandboxUrl: startup.sandboxUrl,
        extraWriteKeys: startup.writeKey ? [startup.writeKey] : [],
        sandboxWriteKey: startup.sandboxWriteKey
      }
    })
  } catch (error) {
    return fail(describeError(error).message, 2)
  }
}

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`)
  process.exit(code)
}

void main()
