'use strict'
/**
 * The gateway's part of `npm run bench`: real `dist/server/main.js` processes on 127.0.0.1, the
 * load generated from this process over keep-alive HTTP, as Segment's SDKs send.
 *
 * - ingest:   a gateway whose deliveries are parked (its Pinterest is a server that never answers,
 *             so its two in-flight batches hold and it claims nothing more) takes `backlog` events
 *             in /v1/batch calls of 100 from `clients` concurrent clients, SQLite durable
 *             (synchronous=FULL). events/s over the whole run; p50/p99 per call. The events stay
 *             queued: they are the backlog below, and the process's peak RSS is the "holding" one.
 * - drain:    that process killed (-9), a new gateway on the same DATA_DIR delivering to a sandbox
 *             process: events delivered per second from its banner until the queue is empty (or
 *             for `drainSeconds`, when given: a million events take minutes), and its peak RSS
 *             while draining. The sandbox then must count as many distinct event IDs.
 * - floor:    a bare Node HTTP server (scripts/bench-floor.js, its own process) that parses each
 *             request and fsyncs it to a file, on the same load as the pipeline below: what
 *             durable HTTP ingest costs at least on this machine, printed beside the gateway's.
 * - pipeline: a fresh gateway and the same sandbox (cleared): `pipeline` events sent as fast as
 *             the clients go, timed from the first call until the sandbox counts them all, i.e.
 *             accepted → delivered with ingestion and delivery sharing the machine. The calls'
 *             own rate and latency (p50/p99, each answered after its commit) are durable
 *             ingest while the gateway delivers, as in production.
 *
 * Peak RSS is the kernel's high-water mark (VmHWM in /proc/PID/status), read before the process
 * is stopped. Everything shares the machine's cores: the clients, the gateway and the sandbox.
 */
const { spawn } = require('child_process')
const crypto = require('crypto')
const fs = require('fs')
const http = require('http')
const os = require('os')
const path = require('path')

const ROOT = path.join(__dirname, '..')
const MAIN = path.join(ROOT, 'dist', 'server', 'main.js')
const WRITE_KEY = 'bench-write-key'
const AUTH = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`
/** The admin routes (status, the sandbox's requests) ask for the admin token. */
const ADMIN_TOKEN = `bench-admin-${crypto.randomUUID()}`
const ADMIN = `Bearer ${ADMIN_TOKEN}`
const BATCH = 100
const TEMPLATES = 16
const MARK = '__CALL__'

/** Starts `dist/server/main.js`; resolves with its URL once the banner prints it. */
function startMain(env) {
  const clean = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    WRITE_KEY,
    ADMIN_TOKEN,
    ...env
  }
  for (const key of ['PINTEREST_AD_ACCOUNT_ID', 'PINTEREST_CONVERSION_TOKEN', 'PINTEREST_TEST_MODE', 'DATABASE_URL'])
    if (!(key in env)) delete clean[key]
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env: clean, stdio: ['ignore', 'pipe', 'pipe'] })
  let text = ''
  child.stdout.on('data', (chunk) => (text = (text + chunk).slice(-20_000)))
  child.stderr.on('data', (chunk) => (text = (text + chunk).slice(-20_000)))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const url = new Promise((resolve, reject) => {
    const look = () => {
      const found = /^ {2}url +(http:\/\/\S+)$/m.exec(text)
      if (found) {
        child.stdout.off('data', look)
        resolve(found[1])
      }
    }
    child.stdout.on('data', look)
    exited.then((code) => reject(new Error(`${MAIN} exited with ${code}:\n${text}`)))
  })
  return url.then((base) => ({
    url: base,
    child,
    startedAt: Date.now(),
    output: () => text,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await exited
    }
  }))
}

/** Peak RSS in MB so far of a running process (Linux). */
function peakRssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)[1]) / 1024
}

/** CPU seconds (user + system) a process has used so far (Linux; /proc counts in USER_HZ, 100 on Linux). */
function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })

function request(method, url, body, authorization = ADMIN) {
  return new Promise((resolve, reject) => {
    const headers = { authorization }
    if (body !== undefined) {
      headers['content-type'] = 'application/json'
      headers['content-length'] = Buffer.byteLength(body)
    }
    const call = http.request(url, { method, agent, headers }, (response) => {
      const chunks = []
      response.on('data', (chunk) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString('utf8') }))
      response.on('error', reject)
    })
    call.on('error', reject)
    call.end(body)
  })
}

async function getJson(url) {
  const answer = await request('GET', url)
  return JSON.parse(answer.text)
}

async function until(what, probe, done, timeoutMs, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (done(value)) return value
    if (Date.now() > deadline)
      throw new Error(`${what}: not reached in ${timeoutMs} ms (last ${JSON.stringify(value)})`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/**
 * /v1/batch bodies of 100 realistic events, serialized once: each call swaps a mark for its own
 * number, so every event keeps a distinct messageId without the clients spending time on JSON.
 */
function batchTemplates(orderCompleted) {
  return Array.from({ length: TEMPLATES }, (_, t) => {
    const events = Array.from({ length: BATCH }, (_, i) => {
      const event = orderCompleted(t * BATCH + i)
      event.messageId = `bench-${MARK}-${i}-${crypto.randomUUID().slice(0, 8)}`
      return event
    })
    return JSON.stringify({ batch: events, sentAt: new Date().toISOString() })
  })
}

/** `calls` /v1/batch calls from `clients` concurrent clients; call numbers from `first` keep messageIds distinct. */
async function sendCalls(base, templates, first, calls, clients) {
  const latencies = []
  let next = 0
  let failed = 0
  const started = process.hrtime.bigint()
  const client = async () => {
    while (next < calls) {
      const number = first + next++
      const body = templates[number % templates.length].split(MARK).join(String(number))
      const sent = process.hrtime.bigint()
      const answer = await request('POST', `${base}/v1/batch`, body, AUTH)
      latencies.push(Number(process.hrtime.bigint() - sent) / 1e6)
      if (answer.status !== 200) {
        failed++
        if (failed === 1) process.stderr.write(`bench: /v1/batch answered ${answer.status}: ${answer.text}\n`)
      }
    }
  }
  await Promise.all(Array.from({ length: clients }, client))
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  latencies.sort((a, b) => a - b)
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]
  return { seconds, accepted: (calls - failed) * BATCH, failed, p50: at(0.5), p99: at(0.99) }
}

/** Starts the floor server (scripts/bench-floor.js) appending to `file`. */
function startFloor(file) {
  const child = spawn(process.execPath, [path.join(__dirname, 'bench-floor.js'), file], {
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  return new Promise((resolve, reject) => {
    let text = ''
    child.stdout.on('data', (chunk) => {
      text += chunk
      const found = /^url (http:\/\/\S+)$/m.exec(text)
      if (found) resolve({ url: found[1], child, kill: async () => (child.kill('SIGKILL'), await exited) })
    })
    exited.then((code) => reject(new Error(`bench-floor.js exited with ${code}`)))
  })
}

/** A Pinterest that never answers: a gateway pointed at it holds its first batches and claims nothing more. */
function parkedPinterest() {
  const sockets = new Set()
  const server = http.createServer(() => undefined)
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        close: () => {
          for (const socket of sockets) socket.destroy()
          return new Promise((done) => server.close(done))
        }
      })
    )
  })
}

/** The sandbox counts by event ID: a figure stands only if every event reached it. */
async function expectDelivered(sandboxUrl, count) {
  const { totals } = await getJson(`${sandboxUrl}/sandbox/requests`)
  if (totals.distinct_event_ids < count) {
    throw new Error(`the sandbox received ${totals.distinct_event_ids} distinct events of ${count}`)
  }
}

async function measureGateway({ orderCompleted, backlog, pipeline, clients, drainSeconds, log }) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-gateway-'))
  const processes = []
  const started = async (env) => {
    const running = await startMain(env)
    processes.push(running)
    return running
  }
  const parked = await parkedPinterest()
  try {
    const templates = batchTemplates(orderCompleted)
    const sandbox = await started({ DATA_DIR: path.join(scratch, 'sandbox') })
    const dataDir = path.join(scratch, 'backlog')
    const common = { FLUSH_MS: '1000' }

    // Ingest into a gateway that delivers nothing, so the figure is the ingest path's own.
    const holder = await started({ ...common, DATA_DIR: dataDir, PINTEREST_SANDBOX_URL: parked.url })
    await sendCalls(holder.url, templates, 0, 20, clients) // warm-up: JIT, SQLite pages, sockets
    const warm = 20 * BATCH
    const calls = Math.ceil(backlog / BATCH)
    log(`gateway: ingesting ${calls * BATCH} events (${clients} clients, ${BATCH} per call)...`)
    const cpuBefore = cpuSeconds(holder.child.pid)
    const ingest = await sendCalls(holder.url, templates, 20, calls, clients)
    // The gateway's own cost, apart from the load generator sharing the cores.
    ingest.cpuUsPerEvent = ((cpuSeconds(holder.child.pid) - cpuBefore) * 1e6) / ingest.accepted
    const holding = await getJson(`${holder.url}/gateway/status`)
    const holdingRss = peakRssMb(holder.child.pid)
    await holder.kill('SIGKILL')
    const queued = holding.queued
    if (queued !== warm + ingest.accepted) throw new Error(`expected ${warm + ingest.accepted} queued, got ${queued}`)

    // Drain that backlog: a new process on the same DATA_DIR, delivering to the sandbox process.
    log(
      `gateway: draining ${queued} queued events to the sandbox${
        drainSeconds ? ` for at most ${drainSeconds} s` : ''
      }...`
    )
    const drainer = await started({ ...common, DATA_DIR: dataDir, PINTEREST_SANDBOX_URL: sandbox.url })
    const drainDeadline = drainSeconds ? drainer.startedAt + drainSeconds * 1000 : Infinity
    let drainRss = 0
    // From the first batch delivered on, the rate is delivery's own, without the process's start.
    let firstBatch
    // The gateway's own counters are cheap to poll; the sandbox's /sandbox/requests redacts the
    // bodies it shows at each call, which would take CPU from the run being measured.
    const drained = await until(
      'backlog drained',
      async () => {
        drainRss = Math.max(drainRss, peakRssMb(drainer.child.pid))
        const status = await getJson(`${drainer.url}/gateway/status`)
        if (!firstBatch && status.delivered > 0) firstBatch = { at: Date.now(), delivered: status.delivered }
        return status
      },
      (status) => status.queued === 0 || Date.now() >= drainDeadline,
      30 * 60_000,
      50
    )
    const drainEnd = Date.now()
    const drainElapsed = (drainEnd - drainer.startedAt) / 1000
    const steadyRate =
      firstBatch && drainEnd > firstBatch.at
        ? ((drained.delivered - firstBatch.delivered) * 1000) / (drainEnd - firstBatch.at)
        : drained.delivered / drainElapsed
    drainRss = Math.max(drainRss, peakRssMb(drainer.child.pid))
    await expectDelivered(sandbox.url, drained.delivered)
    await drainer.kill('SIGTERM')

    // The floor, on the load the pipeline gets next: the same clients, calls and bodies.
    const pipelineCalls = Math.ceil(pipeline / BATCH)
    const floorServer = await startFloor(path.join(scratch, 'floor.jsonl'))
    processes.push(floorServer)
    await sendCalls(floorServer.url, templates, 0, 20, clients)
    log(`floor: ${pipelineCalls * BATCH} events into a bare server that parses and fsyncs each request...`)
    const floor = await sendCalls(floorServer.url, templates, 20, pipelineCalls, clients)
    await floorServer.kill()

    // Accepted → delivered with both running at once, on a fresh queue.
    await request('DELETE', `${sandbox.url}/sandbox/requests`)
    const fresh = await started({
      ...common,
      DATA_DIR: path.join(scratch, 'pipeline'),
      PINTEREST_SANDBOX_URL: sandbox.url
    })
    log(`gateway: ${pipelineCalls * BATCH} events accepted → delivered...`)
    const pipeStart = Date.now()
    const sent = await sendCalls(fresh.url, templates, 1_000_000_000, pipelineCalls, clients)
    await until(
      'pipeline delivered',
      () => getJson(`${fresh.url}/gateway/status`),
      (status) => status.queued === 0 && status.accepted >= sent.accepted,
      30 * 60_000,
      50
    )
    const pipeSeconds = (Date.now() - pipeStart) / 1000
    const freshRss = peakRssMb(fresh.child.pid)
    await expectDelivered(sandbox.url, sent.accepted)
    await fresh.kill('SIGTERM')

    return {
      ingest: {
        events: ingest.accepted,
        failed_calls: ingest.failed,
        events_per_s: ingest.accepted / ingest.seconds,
        p50_ms: ingest.p50,
        p99_ms: ingest.p99,
        gateway_cpu_us_per_event: ingest.cpuUsPerEvent,
        clients
      },
      backlog: {
        events: queued,
        holding_peak_rss_mb: holdingRss,
        drained_events: drained.delivered,
        drain_events_per_s: drained.delivered / drainElapsed,
        drain_steady_events_per_s: steadyRate,
        drain_seconds: drainElapsed,
        draining_peak_rss_mb: drainRss
      },
      pipeline: {
        events: sent.accepted,
        failed_calls: sent.failed,
        events_per_s: sent.accepted / pipeSeconds,
        ingest_events_per_s: sent.accepted / sent.seconds,
        ingest_p50_ms: sent.p50,
        ingest_p99_ms: sent.p99,
        peak_rss_mb: freshRss
      },
      floor: {
        events: floor.accepted,
        failed_calls: floor.failed,
        events_per_s: floor.accepted / floor.seconds,
        p50_ms: floor.p50,
        p99_ms: floor.p99
      }
    }
  } finally {
    await Promise.all(processes.map((p) => p.kill('SIGKILL')))
    await parked.close()
    agent.destroy()
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

module.exports = { measureGateway }
