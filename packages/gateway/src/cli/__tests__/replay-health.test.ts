import { readFileSync } from 'fs'
import { join } from 'path'
import { Writable } from 'stream'
import { LocalDestination, createSentHealth, targetsFor } from 'pinterest-conversions-tools'
import type { Endpoint } from '../endpoint'
import { openEndpoint } from '../endpoint'
import type { LineSource } from '../lines'
import { noOutcomes } from '../outcomes'
import { replay } from '../replay'

const ORDER = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'order-completed.json'), 'utf8')
const HOUR_MS = 3_600_000
const quiet = { update: () => undefined, log: () => undefined, stop: () => undefined }

/** Order Completed lines without timestamps; `afterLast` runs once the replay has read them all. */
function source(ids: string[], afterLast: () => void): LineSource {
  async function* lines() {
    for (const id of ids) yield ORDER.replace('example-order-completed-0001', id).replace(/\n/g, ' ')
    afterLast()
  }
  return { lines: lines(), bytesRead: () => 0, label: 'test' }
}

describe('replay feeds the health report with the time each batch is sent', () => {
  let endpoint: Endpoint
  const bodies: string[] = []
  beforeAll(async () => {
    const sink = new Writable({ write: (chunk, _encoding, done) => (bodies.push(String(chunk)), done()) })
    endpoint = await openEndpoint({ sandbox: false, dryRun: true, env: {}, bodies: sink })
  })
  afterAll(() => endpoint.close())

  it('an event read (and stamped) three hours before its batch goes out is received late; one sent at once is not', async () => {
    const realNow = Date.now()
    let clock = realNow - 3 * HOUR_MS
    const health = createSentHealth({ nowSeconds: Math.floor(clock / 1000) })
    // Batches of 2: a and b go out as soon as b is read, at the early clock. c waits for the
    // end of the input, and the clock has moved on three hours by then (a slow stdin, say).
    const tally = await replay({
      source: source(['a', 'b', 'c'], () => (clock = realNow)),
      targets: targetsFor({ actionSlug: 'reportConversionEvent', preset: 'Checkout' }),
      settings: endpoint.settings,
      batchSize: 2,
      destination: new LocalDestination({ transport: endpoint.transport }),
      progress: quiet,
      outcomes: noOutcomes,
      health,
      now: () => new Date(clock)
    })
    expect(tally.processed).toBe(3)
    expect(bodies).toHaveLength(2)
    const report = health.report()
    expect(report.events).toBe(3)
    expect(report.offline.receivedLate).toBe(1)
    expect(report.notSent.events).toBe(0)
  })
})
