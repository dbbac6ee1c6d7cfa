#!/usr/bin/env node
'use strict'
/**
 * `npm run bench`: how fast the destination turns Segment events into Pinterest requests,
 * measured against the framework's own floor. Plain Node on the built package (dist/), no
 * test runner. Prints one JSON line.
 *
 * - batch:  Destination.executeBatch, 1000 Order Completed events per call, Checkout preset.
 * - single: Destination.executeAction, one event per call, same events and mapping.
 * - floor:  the same definition, events and mapping with a perform and performBatch that do
 *           nothing: the mapping and validation of actions-core, which no destination with
 *           these fields can go below.
 *
 * HTTP is stubbed at the request function the action receives: the stub serializes the body
 * (as the real client would) and answers Pinterest's 200, so only our code and the framework
 * are measured. Separate processes vary by ±20 % here, so batch and floor alternate, batch by
 * batch, in one process: batch_to_floor is the median over rounds of the floor's time divided
 * by ours for the same 1000 events, back to back (a pair shares the machine's state of the
 * moment; the median ignores a round another process disturbed). events/s come from the sums.
 * Peak RSS is measured in a child process per path (`node scripts/bench.js --rss ours|floor`),
 * since one process has one peak.
 */
const { execFileSync } = require('child_process')
const crypto = require('crypto')
const { Destination } = require('@segment/actions-core')
const destination = require('../dist').default

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

/** Stands in for actions-core's request function: serializes the body, answers Pinterest's 200. */
function stubRequest(counter) {
  return async (_url, options) => {
    const body = JSON.stringify(options.json)
    counter.requests++
    counter.bytes += body.length
    const n = options.json.data.length
    const events = new Array(n).fill({ status: 'processed' })
    return { status: 200, data: { num_events_received: n, num_events_processed: n, events }, content: '' }
  }
}

/** The same definition with its action's functions replaced: by stubbed-HTTP ones, or by no-ops (the floor). */
function variant(kind, counter) {
  const action = destination.actions[ACTION]
  const perform = kind === 'floor' ? () => undefined : (_request, data) => action.perform(stubRequest(counter), data)
  const performBatch =
    kind === 'floor' ? () => undefined : (_request, data) => action.performBatch(stubRequest(counter), data)
  return new Destination({ ...destination, actions: { [ACTION]: { ...action, perform, performBatch } } })
}

function runBatch(target, events) {
  return target.executeBatch(ACTION, { events, mapping: MAPPING, settings: SETTINGS, features: {}, statsContext: {} })
}

function checkOutcomes(outcomes, size) {
  const delivered = outcomes.filter((outcome) => outcome && outcome.status === 200).length
  if (outcomes.length !== size || delivered !== size) {
    const failure = outcomes.find((outcome) => !outcome || outcome.status !== 200)
    throw new Error(`bench events must all be delivered; got ${delivered}/${size}: ${JSON.stringify(failure)}`)
  }
}

async function measureThroughput() {
  const counter = { requests: 0, bytes: 0 }
  const ours = variant('ours', counter)
  const floor = variant('floor', counter)
  const time = { ours: 0n, floor: 0n }
  const pairedRatios = []
  let measuredEvents = 0
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    const events = receivedEvents(round * BATCH, BATCH)
    // Alternate which one goes first so neither always inherits the other's garbage.
    const order = round % 2 ? ['ours', 'floor'] : ['floor', 'ours']
    const roundTime = {}
    for (const kind of order) {
      const start = process.hrtime.bigint()
      const outcomes = await runBatch(kind === 'ours' ? ours : floor, events)
      roundTime[kind] = process.hrtime.bigint() - start
      checkOutcomes(outcomes, BATCH)
      if (round >= WARMUP_ROUNDS) time[kind] += roundTime[kind]
    }
    if (round >= WARMUP_ROUNDS) pairedRatios.push(Number(roundTime.floor) / Number(roundTime.ours))
    if (process.env.BENCH_DEBUG)
      process.stderr.write(
        `${order[0]} first: floor ${Number(roundTime.floor) / 1e6} ms, ours ${Number(roundTime.ours) / 1e6} ms\n`
      )
    if (round === WARMUP_ROUNDS - 1) counter.requests = 0
    if (round >= WARMUP_ROUNDS) measuredEvents += BATCH
  }
  const perSecond = (ns) => (measuredEvents * 1e9) / Number(ns)
  return {
    batch: perSecond(time.ours),
    floor: perSecond(time.floor),
    ratio: median(pairedRatios),
    requestsPer10k: (counter.requests * 10_000) / measuredEvents
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

async function measureSingle() {
  const ours = variant('ours', { requests: 0, bytes: 0 })
  const events = receivedEvents(0, SINGLE_EVENTS)
  for (const event of events.slice(0, 200))
    await ours.executeAction(ACTION, { event, mapping: MAPPING, settings: SETTINGS })
  const start = process.hrtime.bigint()
  for (const event of events) await ours.executeAction(ACTION, { event, mapping: MAPPING, settings: SETTINGS })
  return (events.length * 1e9) / Number(process.hrtime.bigint() - start)
}

/** Child process: run one path only, then report its peak RSS in MB. */
async function rssChild(kind) {
  const target = variant(kind, { requests: 0, bytes: 0 })
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    const events = receivedEvents(round * BATCH, BATCH)
    checkOutcomes(await runBatch(target, events), BATCH)
  }
  process.stdout.write(String(process.resourceUsage().maxRSS / 1024))
}

function peakRss(kind) {
  return Number(execFileSync(process.execPath, [__filename, '--rss', kind], { encoding: 'utf8' }))
}

async function main() {
  const rssFlag = process.argv.indexOf('--rss')
  if (rssFlag !== -1) return rssChild(process.argv[rssFlag + 1])
  const { batch, floor, ratio, requestsPer10k } = await measureThroughput()
  const single = await measureSingle()
  const rssBatch = peakRss('ours')
  const rssFloor = peakRss('floor')
  const round = (n, digits = 0) => Number(n.toFixed(digits))
  const result = {
    batch_events_per_s: round(batch),
    single_events_per_s: round(single),
    floor_events_per_s: round(floor),
    batch_to_floor: round(ratio, 3),
    http_requests_per_10k_events: round(requestsPer10k, 1),
    peak_rss_mb_batch: round(rssBatch, 1),
    peak_rss_mb_floor: round(rssFloor, 1),
    rss_batch_to_floor: round(rssBatch / rssFloor, 3),
    events_per_path: ROUNDS * BATCH,
    node: process.version
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`)
  process.exit(1)
})
