#!/usr/bin/env node
'use strict'
/**
 * `npm run bench`: how fast the destination turns Segment events into Pinterest requests,
 * measured against the framework's own floor and against Segment's own Pinterest destination.
 * Plain Node on the built package (dist/), no test runner.
 *
 * - batch:  Destination.executeBatch, 1000 Order Completed events per call, Checkout preset.
 * - single: Destination.executeAction, one event per call, same events and mapping.
 * - floor:  the same definition, events and mapping with a perform and performBatch that do
 *           nothing: the mapping and validation of actions-core, which no destination with
 *           these fields can go below.
 * - upstream single: Segment's own Pinterest destination (the registry's
 *           `@segment/action-destinations`, scripts/bench-upstream.js), which has only a
 *           single-event path: executeAction once per event, on the same events, with its
 *           Checkout preset made to send what ours sends (comparableMapping there).
 *
 * Only `fetch` is stubbed, underneath actions-core's request client, as a runtime would see it:
 * the client builds and serializes each request, the stub reads the body and answers
 * Pinterest's 200 for its events, and the client reads and parses that answer. Separate
 * processes vary by ±20 % here, so the paths take turns, 1000 events at a time, in one process:
 * batch_to_floor is the median over rounds of the floor's time divided by ours for the same
 * 1000 events, back to back (a round shares the machine's state of the moment; the median
 * ignores a round another process disturbed), and batch_to_upstream_single the same with
 * upstream's time. events/s come from the sums. Peak RSS is measured in a child process per
 * path (`node scripts/bench.js --rss ours|floor`), since one process has one peak.
 *
 * Then the gateway (scripts/bench-gateway.js), on real processes: HTTP ingest into SQLite, the
 * drain of the backlog so built, a bare durable HTTP server as ingest's floor, and accepted →
 * delivered (whose calls are durable ingest while the gateway delivers), against the batch path
 * measured above. Flags: `--backlog N` events (default 100,000; the goal is stated for
 * 1,000,000, which takes minutes to build, so it is opt-in), `--drain-seconds S` (drain for at
 * most S seconds), `--pipeline N` (default 30,000), `--clients N` (default 8), `--no-gateway`,
 * `--gateway-only` (of the destination's figures, only the batch path the gateway is compared
 * with), `--runs N` (default 2: everything measured N times over, each run's ratios to its own
 * batch path, so a figure shows how much it moves between runs).
 *
 * Every figure is printed on stderr beside its goal, each run's value under it; stdout keeps one
 * JSON line, `{"runs": [...], "node": ...}`.
 */
const { execFileSync } = require('child_process')
const crypto = require('crypto')
const path = require('path')
const { Destination } = require('@segment/actions-core')
const destination = require('pinterest-conversions').default
const { measureGateway } = require('./bench-gateway')
const { loadUpstream } = require('./bench-upstream')

const BATCH = 1000
const ROUNDS = Number(process.env.BENCH_ROUNDS || 30)
const WARMUP_ROUNDS = 3
const SINGLE_EVENTS = Number(process.env.BENCH_SINGLE_EVENTS || 3000)
const SETTINGS = { ad_account_id: '549755885175', conversion_token: 'bench-token' }
const ACTION = 'reportConversionEvent'

const checkout = destination.presets.find((preset) => preset.name === 'Checkout')
const MAPPING = checkout.mapping

const FIRST = ['Jane', 'Omar', 'Li', 'Sofía', 'Aarav', 'Chloé', 'Kwame', 'Yuki']
const LAST = ['Doe', 'Haddad', 'Wei', 'García', 'Patel', 'Martin', 'Mensah', 'Sato']
const CITIES = [
  ['San Francisco', 'California', '94103-1234'],
  ['St. Louis', 'Missouri', '63101'],
  ['Austin', 'TX', '73301'],
  ['New York', 'New York', '10001-0001']
]

/** A realistic Order Completed: ~10 PII fields in context.traits, three products, a recent timestamp. */
function orderCompleted(i) {
  const [city, state, zip] = CITIES[i % CITIES.length]
  const first = FIRST[i % FIRST.length]
  const last = LAST[(i >> 3) % LAST.length]
  return {
    type: 'track',
    event: 'Order Completed',
    messageId: `bench-${i}-${crypto.randomUUID()}`,
    userId: `user-${i}`,
    anonymousId: `anon-${i}`,
    timestamp: new Date(Date.now() - (i % 600) * 1000).toISOString(),
    properties: {
      order_id: `ord-${i}`,
      total: 129.97 + (i % 50),
      revenue: 119.97,
      currency: 'usd',
      products: [
        {
          product_id: `sku-${i % 97}`,
          name: 'Linen Shirt',
          price: 49.99,
          quantity: 2,
          category: 'Apparel',
          brand: 'Acme'
        },
        {
          product_id: `sku-${i % 89}`,
          name: 'Wool Socks',
          price: 9.99,
          quantity: 1,
          category: 'Apparel',
          brand: 'Acme'
        },
        { sku: `SKU-${i % 83}`, name: 'Gift Card', price: 20, quantity: 1 }
      ]
    },
    context: {
      ip: `203.0.113.${i % 250}`,
      userAgent:
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
      locale: 'en-US',
      page: {
        url: `https://shop.example.com/checkout/complete?order=${i}&epik=dj0yJnU9${i}`,
        path: '/checkout/complete'
      },
      traits: {
        email: ` ${first}.${last}${i}@Example.com `,
        phone: `(415) 555-${String(1000 + (i % 9000)).padStart(4, '0')}`,
        firstName: first,
        lastName: last,
        gender: i % 2 ? 'Female' : 'male',
        birthday: `19${70 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`,
        address: { city, state, postalCode: zip, country: 'United States' }
      },
      library: { name: 'analytics.js', version: '2.11.1' }
    }
  }
}

/**
 * Events as a runtime hands them over: parsed from JSON. Built here with template literals,
 * their strings would be ropes, which no runtime passes on and which only a destination that
 * serializes them (not the floor) would pay to flatten.
 */
function receivedEvents(first, count) {
  return JSON.parse(JSON.stringify(Array.from({ length: count }, (_, i) => orderCompleted(first + i))))
}

/**
 * Pinterest behind a stubbed `fetch`: it reads each request body (as sending it would) and
 * answers the 200 Pinterest gives for that many events. actions-core's request client calls
 * fetch through its own module's export, which is the one place a runtime's network starts.
 * `actionsCoreEntry` names the copy of actions-core whose fetch is stubbed: ours, or upstream's.
 */
function stubFetch(counter, actionsCoreEntry = require.resolve('@segment/actions-core')) {
  // Not among the package's exports: reached by its file, the very module the client loaded.
  const fetchModule = require(path.join(path.dirname(actionsCoreEntry), 'fetch.js'))
  const answers = new Map()
  fetchModule.default = async (request) => {
    const body = await request.text()
    counter.requests++
    counter.bytes += body.length
    const events = count(body, '"event_id"')
    if (!answers.has(events)) answers.set(events, answerFor(events))
    return new fetchModule.Response(answers.get(events), {
      status: 200,
      headers: { 'content-type': 'application/json' }
    })
  }
}

function count(text, needle) {
  let n = 0
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) n++
  return n
}

function answerFor(events) {
  const results = Array.from({ length: events }, () => ({ status: 'processed' }))
  return JSON.stringify({ num_events_received: events, num_events_processed: events, events: results })
}

/** The destination as shipped, or the floor: the same definition with a perform and performBatch that do nothing. */
function variant(kind) {
  if (kind === 'ours') return new Destination(destination)
  const action = destination.actions[ACTION]
  const nothing = () => undefined
  return new Destination({
    ...destination,
    actions: { [ACTION]: { ...action, perform: nothing, performBatch: nothing } }
  })
}

/**
 * actions-core's Destination keeps every response it ever got (`responses`); a runtime that
 * lives long forgets them after each call, as LocalDestination does, or memory grows with every
 * batch. The bench does the same, so peak RSS measures a batch, not the history of all of them.
 */
async function runBatch(target, events) {
  const outcomes = await target.executeBatch(ACTION, {
    events,
    mapping: MAPPING,
    settings: SETTINGS,
    features: {},
    statsContext: {}
  })
  target.responses.length = 0
  return outcomes
}

function checkOutcomes(outcomes, size) {
  const delivered = outcomes.filter((outcome) => outcome && outcome.status === 200).length
  if (outcomes.length !== size || delivered !== size) {
    const failure = outcomes.find((outcome) => !outcome || outcome.status !== 200)
    throw new Error(`bench events must all be delivered; got ${delivered}/${size}: ${JSON.stringify(failure)}`)
  }
}

/**
 * The paths measured round by round on the same 1000 events: ours and the floor through
 * executeBatch, upstream (when given) one executeAction per event, as its single path is.
 * The rounds go through every order of the paths in turn, so that each follows each other one
 * as often, and none inherits another's garbage more than the rest. Ratios are medians of the
 * rounds' paired times.
 */
async function measureThroughput(counter, upstream) {
  const paths = {
    ours: batchPath(variant('ours')),
    floor: batchPath(variant('floor')),
    ...(upstream && { upstream: upstreamSinglePath(upstream) })
  }
  const kinds = Object.keys(paths)
  const orders = permutations(kinds)
  const time = Object.fromEntries(kinds.map((kind) => [kind, 0n]))
  const paired = Object.fromEntries(kinds.map((kind) => [kind, []]))
  let measuredEvents = 0
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    const events = receivedEvents(round * BATCH, BATCH)
    const order = orders[round % orders.length]
    const roundTime = {}
    for (const kind of order) {
      const start = process.hrtime.bigint()
      await paths[kind](events)
      roundTime[kind] = process.hrtime.bigint() - start
      if (round >= WARMUP_ROUNDS) time[kind] += roundTime[kind]
    }
    if (round >= WARMUP_ROUNDS) for (const kind of kinds) paired[kind].push(Number(roundTime[kind]))
    if (process.env.BENCH_DEBUG)
      process.stderr.write(`${order.map((kind) => `${kind} ${Number(roundTime[kind]) / 1e6} ms`).join(', ')}\n`)
    if (round === WARMUP_ROUNDS - 1) counter.requests = 0
    if (round >= WARMUP_ROUNDS) measuredEvents += BATCH
  }
  const perSecond = (ns) => (measuredEvents * 1e9) / Number(ns)
  /** How many times faster `kind` went than `than` on the same events, round by round: the median. */
  const speedup = (kind, than) => median(paired[kind].map((ns, i) => paired[than][i] / ns))
  return {
    batch: perSecond(time.ours),
    floor: perSecond(time.floor),
    batchToFloor: speedup('ours', 'floor'),
    requestsPer10k: (counter.requests * 10_000) / measuredEvents,
    ...(upstream && {
      upstreamSingle: perSecond(time.upstream),
      batchToUpstream: speedup('ours', 'upstream'),
      floorToUpstream: speedup('floor', 'upstream')
    })
  }
}

function permutations(items) {
  if (items.length <= 1) return [items]
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest])
  )
}

function batchPath(target) {
  return async (events) => checkOutcomes(await runBatch(target, events), events.length)
}

/** Upstream's only path: one executeAction per event; a refused event throws, and stops the bench. */
function upstreamSinglePath(upstream) {
  const target = new upstream.Destination(upstream.definition)
  return async (events) => {
    for (const event of events) {
      await target.executeAction(ACTION, { event, mapping: upstream.mapping, settings: SETTINGS })
      target.responses.length = 0
    }
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

async function measureSingle() {
  const ours = variant('ours')
  const events = receivedEvents(0, SINGLE_EVENTS)
  const send = async (event) => {
    await ours.executeAction(ACTION, { event, mapping: MAPPING, settings: SETTINGS })
    ours.responses.length = 0
  }
  for (const event of events.slice(0, 200)) await send(event)
  const start = process.hrtime.bigint()
  for (const event of events) await send(event)
  return (events.length * 1e9) / Number(process.hrtime.bigint() - start)
}

/** Child process: run one path only, then report its peak RSS in MB. */
async function rssChild(kind) {
  stubFetch({ requests: 0, bytes: 0 })
  const target = variant(kind)
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    const events = receivedEvents(round * BATCH, BATCH)
    checkOutcomes(await runBatch(target, events), BATCH)
  }
  process.stdout.write(String(process.resourceUsage().maxRSS / 1024))
}

function peakRss(kind) {
  return Number(execFileSync(process.execPath, [__filename, '--rss', kind], { encoding: 'utf8' }))
}

/** `--name N` from the command line, else the fallback. */
function flag(name, fallback) {
  const at = process.argv.indexOf(`--${name}`)
  if (at === -1) return fallback
  const value = Number(process.argv[at + 1])
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} takes a whole number, not ${process.argv[at + 1]}`)
  return value
}

/** The destination's goals: each a ratio to a path measured in the same rounds, or a count. */
const DESTINATION_GOALS = {
  batch_to_upstream_single: 2.5,
  batch_to_floor: 0.8,
  rss_batch_to_floor: 1.5,
  http_requests_per_10k_events: 10
}

const GOALS = {
  ingest_while_delivering_events_per_s: 20_000,
  delivery_to_batch_path: 0.9,
  drain_to_batch_path: 0.9,
  backlog_peak_rss_mb: 300,
  backlog_events: 1_000_000
}

const n = (value) => Math.round(value).toLocaleString('en-US')
const mark = (ok) => (ok ? 'meets' : 'MISSES')

/**
 * The figures of one run, each a line's label, its value in this run, and whether it meets its
 * goal (absent: a figure shown for what it explains, with no goal of its own).
 */
function figures(result) {
  const rows = [
    {
      label: 'destination batch path (executeBatch, fetch stubbed, this process)',
      value: `${n(result.batch_events_per_s)} events/s`
    }
  ]
  if (result.upstream_package) {
    const goal = DESTINATION_GOALS
    rows.push(
      {
        label: `batch / upstream single-event path (${result.upstream_package}, executeAction per event, same events); goal ${goal.batch_to_upstream_single}`,
        value: `${result.batch_to_upstream_single} (upstream ${n(
          result.upstream_single_events_per_s
        )} events/s; the floor's own ${result.floor_to_upstream_single})`,
        met: result.batch_to_upstream_single >= goal.batch_to_upstream_single
      },
      {
        label: `batch / destination floor (actions-core's mapping and validation, perform doing nothing); goal ${goal.batch_to_floor}`,
        value: `${result.batch_to_floor} (floor ${n(result.floor_events_per_s)} events/s)`,
        met: result.batch_to_floor >= goal.batch_to_floor
      },
      {
        label: 'destination single path (executeAction per event)',
        value: `${n(result.single_events_per_s)} events/s`
      },
      {
        label: `destination peak RSS batch / floor; goal <= ${goal.rss_batch_to_floor}`,
        value: `${result.peak_rss_mb_batch} / ${result.peak_rss_mb_floor} MB = ${result.rss_batch_to_floor}`,
        met: result.rss_batch_to_floor <= goal.rss_batch_to_floor
      },
      {
        label: `destination HTTP requests per 10,000 events; goal ${goal.http_requests_per_10k_events} (1000 per request)`,
        value: String(result.http_requests_per_10k_events),
        met: result.http_requests_per_10k_events <= goal.http_requests_per_10k_events
      }
    )
  }
  const g = result.gateway
  if (g) {
    const rss = Math.max(g.backlog.holding_peak_rss_mb, g.backlog.draining_peak_rss_mb)
    const atScale = g.backlog.events >= GOALS.backlog_events
    rows.push(
      {
        label: `gateway durable ingest WHILE DELIVERING (/v1/batch, ${
          g.ingest.clients
        } clients x 100 events, SQLite synchronous=FULL, group commit); goal ${n(
          GOALS.ingest_while_delivering_events_per_s
        )}/s`,
        value: `${n(g.pipeline.ingest_events_per_s)} events/s, ack p50 ${g.pipeline.ingest_p50_ms} ms, p99 ${
          g.pipeline.ingest_p99_ms
        } ms`,
        met: g.pipeline.ingest_events_per_s >= GOALS.ingest_while_delivering_events_per_s
      },
      {
        label: '  beside it, the floor: a bare Node server parsing and fsyncing each request, same load',
        value: `${n(g.floor.events_per_s)} events/s, p50 ${g.floor.p50_ms} ms, p99 ${
          g.floor.p99_ms
        } ms; gateway / floor ${g.ingest_to_floor}`
      },
      {
        label: 'gateway durable ingest alone (delivery parked), into the backlog below',
        value: `${n(g.ingest.events_per_s)} events/s, p50 ${g.ingest.p50_ms} ms, p99 ${
          g.ingest.p99_ms
        } ms, gateway CPU ${g.ingest.gateway_cpu_us_per_event} µs per event`
      },
      {
        label: `gateway accepted -> delivered (ingest and delivery at once); goal ${GOALS.delivery_to_batch_path} of the batch path`,
        value: `${n(g.pipeline.events_per_s)} events/s = ${g.pipeline_to_batch_path} (${n(g.pipeline.events)} events)`,
        met: g.pipeline_to_batch_path >= GOALS.delivery_to_batch_path
      },
      {
        label: `gateway drain of a stored backlog, from its first batch on; goal ${GOALS.drain_to_batch_path} of the batch path`,
        value: `${n(g.backlog.drain_steady_events_per_s)} events/s = ${g.drain_steady_to_batch_path}; from start ${n(
          g.backlog.drain_events_per_s
        )} events/s = ${g.drain_to_batch_path} (${n(g.backlog.drained_events)} of ${n(g.backlog.events)} in ${
          g.backlog.drain_seconds
        } s)`,
        met: g.drain_steady_to_batch_path >= GOALS.drain_to_batch_path
      },
      {
        label: `gateway peak RSS with a backlog, held / draining; goal < ${GOALS.backlog_peak_rss_mb} MB at ${n(
          GOALS.backlog_events
        )}${atScale ? '' : ` (not measured at that size: --backlog ${GOALS.backlog_events})`}`,
        value: `${g.backlog.holding_peak_rss_mb} / ${g.backlog.draining_peak_rss_mb} MB at ${n(g.backlog.events)}`,
        ...(atScale && { met: rss < GOALS.backlog_peak_rss_mb })
      }
    )
  }
  return rows
}

/** Each figure on a line of its own, then each run's value under it, side by side with its verdict. */
function summary(results) {
  const perRun = results.map(figures)
  const lines = perRun[0].map((row, i) => {
    const values = perRun.map((rows, run) => {
      const { value, met } = rows[i]
      const verdict = met === undefined ? '' : ` [${mark(met)}]`
      return `    run ${run + 1}: ${value}${verdict}`
    })
    return [row.label, ...values].join('\n')
  })
  return `${lines.join('\n')}\n`
}

async function main() {
  const rssFlag = process.argv.indexOf('--rss')
  if (rssFlag !== -1) return rssChild(process.argv[rssFlag + 1])
  const runs = flag('runs', 2)
  const counter = { requests: 0, bytes: 0 }
  stubFetch(counter)
  const results = []
  for (let run = 1; run <= runs; run++) {
    process.stderr.write(`bench: run ${run} of ${runs}\n`)
    results.push(await measureRun(counter))
  }
  process.stderr.write(summary(results))
  process.stdout.write(`${JSON.stringify({ runs: results, node: process.version })}\n`)
}

/** Every figure once: the destination's paths, then the gateway's, whose ratios are to this run's batch path. */
async function measureRun(counter) {
  // The gateway's figures cost a minute or more; --no-gateway leaves them out, --gateway-only
  // keeps of the destination's only the batch path they are compared with.
  const gatewayOnly = process.argv.includes('--gateway-only')
  const withGateway = !process.argv.includes('--no-gateway')
  const upstream = gatewayOnly ? undefined : loadUpstream((line) => process.stderr.write(`${line}\n`))
  if (upstream) stubFetch({ requests: 0, bytes: 0 }, upstream.actionsCoreEntry)
  const measured = await measureThroughput(counter, upstream)
  const round = (value, digits = 0) => Number(value.toFixed(digits))
  const result = { batch_events_per_s: round(measured.batch) }
  if (!gatewayOnly) {
    const single = await measureSingle()
    const rssBatch = peakRss('ours')
    const rssFloor = peakRss('floor')
    Object.assign(result, {
      single_events_per_s: round(single),
      floor_events_per_s: round(measured.floor),
      batch_to_floor: round(measured.batchToFloor, 3),
      upstream_single_events_per_s: round(measured.upstreamSingle),
      batch_to_upstream_single: round(measured.batchToUpstream, 3),
      floor_to_upstream_single: round(measured.floorToUpstream, 3),
      upstream_package: `@segment/action-destinations@${upstream.version}`,
      http_requests_per_10k_events: round(measured.requestsPer10k, 1),
      peak_rss_mb_batch: round(rssBatch, 1),
      peak_rss_mb_floor: round(rssFloor, 1),
      rss_batch_to_floor: round(rssBatch / rssFloor, 3),
      events_per_path: ROUNDS * BATCH,
      goals: DESTINATION_GOALS
    })
  }
  if (withGateway) {
    const gateway = await measureGateway({
      orderCompleted,
      backlog: flag('backlog', 100_000),
      pipeline: flag('pipeline', 30_000),
      clients: flag('clients', 8),
      drainSeconds: flag('drain-seconds', 0),
      log: (line) => process.stderr.write(`${line}\n`)
    })
    const { ingest, backlog, pipeline, floor } = gateway
    result.gateway = {
      ingest: {
        ...ingest,
        events_per_s: round(ingest.events_per_s),
        p50_ms: round(ingest.p50_ms, 1),
        p99_ms: round(ingest.p99_ms, 1),
        gateway_cpu_us_per_event: round(ingest.gateway_cpu_us_per_event)
      },
      backlog: {
        events: backlog.events,
        holding_peak_rss_mb: round(backlog.holding_peak_rss_mb, 1),
        draining_peak_rss_mb: round(backlog.draining_peak_rss_mb, 1),
        drained_events: backlog.drained_events,
        drain_events_per_s: round(backlog.drain_events_per_s),
        drain_steady_events_per_s: round(backlog.drain_steady_events_per_s),
        drain_seconds: round(backlog.drain_seconds, 1)
      },
      pipeline: {
        events: pipeline.events,
        failed_calls: pipeline.failed_calls,
        events_per_s: round(pipeline.events_per_s),
        ingest_events_per_s: round(pipeline.ingest_events_per_s),
        ingest_p50_ms: round(pipeline.ingest_p50_ms, 1),
        ingest_p99_ms: round(pipeline.ingest_p99_ms, 1),
        peak_rss_mb: round(pipeline.peak_rss_mb, 1)
      },
      floor: {
        events: floor.events,
        failed_calls: floor.failed_calls,
        events_per_s: round(floor.events_per_s),
        p50_ms: round(floor.p50_ms, 1),
        p99_ms: round(floor.p99_ms, 1)
      },
      ingest_to_floor: round(pipeline.ingest_events_per_s / floor.events_per_s, 3),
      pipeline_to_batch_path: round(pipeline.events_per_s / measured.batch, 3),
      drain_to_batch_path: round(backlog.drain_events_per_s / measured.batch, 3),
      drain_steady_to_batch_path: round(backlog.drain_steady_events_per_s / measured.batch, 3),
      goals: GOALS
    }
  }
  return result
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`)
  process.exit(1)
})
