/**
 * The destination over real sockets: resets, timeouts, answers larger than one chunk, and
 * how many requests a batch keeps in flight. nock cannot reset a connection actions-core's
 * fetch sees, nor hold a request open, so these run against a server on 127.0.0.1 through
 * the local run, which is also where the timeout can be shortened.
 */
import type { DestinationDefinition, RequestClient, RequestOptions, SegmentEvent } from '@segment/actions-core'
import { createTestIntegration, RetryableError } from '@segment/actions-core'
import { ACTION_SLUG } from 'pinterest-conversions'
import type { Settings } from 'pinterest-conversions'
import type { LocalPinterest } from 'pinterest-conversions/test-support'
import {
  checkPinterestAfterEach,
  json,
  localPinterest,
  recent,
  SETTINGS,
  TOKEN,
  PRODUCTS,
  webContext
} from 'pinterest-conversions/test-support'
import { localDefinition } from '../src/local/local-destination'
import type { Transport } from '../src/sandbox/transport'
import { capture, toSandbox } from '../src/sandbox/transport'

checkPinterestAfterEach()

const integrationOf = (definition: DestinationDefinition<Settings>) => createTestIntegration(definition)
type TestIntegration = ReturnType<typeof integrationOf>

/** The local run's definition under actions-core's test integration, sending to `local` or through `transport`. */
function integrationVia(run: { local?: LocalPinterest; transport?: Transport; timeoutMs?: number }): TestIntegration {
  const transport = run.transport ?? (run.local && toSandbox(run.local.url))
  return integrationOf(localDefinition({ transport, timeoutMs: run.timeoutMs }))
}

type Outcome = { status: number; errormessage?: string }

function order(i: number): SegmentEvent {
  return {
    type: 'track',
    event: 'Order Completed',
    messageId: `evt-${i}`,
    timestamp: recent(2),
    properties: { order_id: `ord-${i}`, total: 10 + i, currency: 'USD', products: PRODUCTS },
    context: { ...webContext(), traits: { email: `buyer${i}@example.com` } }
  } as SegmentEvent
}

const orders = (n: number) => Array.from({ length: n }, (_, i) => order(i))

async function runBatch(events: SegmentEvent[], integration: TestIntegration, mapping: object = {}) {
  await integration.testBatchAction(ACTION_SLUG, {
    events,
    mapping: { event_name: 'checkout', ...mapping },
    useDefaultMappings: true,
    settings: SETTINGS
  })
  const outcomes = integration.results[0].multistatus as Outcome[]
  expect(outcomes).toHaveLength(events.length)
  expect(JSON.stringify(outcomes)).not.toContain(TOKEN)
  return outcomes
}

/** The error a single event's perform threw, after checking it never carries the token. */
async function performFailure(integration: TestIntegration): Promise<Error> {
  const error = await integration
    .testAction(ACTION_SLUG, {
      event: order(1),
      mapping: { event_name: 'checkout' },
      useDefaultMappings: true,
      settings: SETTINGS
    })
    .then(
      () => undefined,
      (e: Error) => e
    )
  if (!error) throw new Error('expected perform to fail')
  expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(TOKEN)
  return error
}

const statuses = (outcomes: Outcome[]) => outcomes.map((o) => o.status)

/** Lets everything that can run now run: promise callbacks and the turns of the event loop they need. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve))
}

describe('a connection Pinterest resets', () => {
  it('makes a single event retryable', async () => {
    const local = await localPinterest((_, req) => req.socket.destroy())
    const error = await performFailure(integrationVia({ local }))
    expect(error).toBeInstanceOf(RetryableError)
    expect(error.message).toContain('ECONNRESET')
    expect(local.bodies).toHaveLength(1)
  })

  it('makes every event of a batch retryable', async () => {
    const local = await localPinterest((_, req) => req.socket.destroy())
    const outcomes = await runBatch(orders(3), integrationVia({ local }))
    expect(statuses(outcomes)).toEqual([503, 503, 503])
    expect(outcomes[0].errormessage).toContain('ECONNRESET')
  })
})

describe('a request Pinterest never answers', () => {
  it('makes a single event retryable (408) once the timeout passes', async () => {
    const local = await localPinterest(() => undefined)
    const error = await performFailure(integrationVia({ local, timeoutMs: 50 }))
    expect(error).toBeInstanceOf(RetryableError)
    expect((error as RetryableError).status).toBe(408)
    expect(error.message).toMatch(/did not answer within 0.05 s/)
  })

  it('makes every event of a batch retryable (408)', async () => {
    const local = await localPinterest(() => undefined)
    const outcomes = await runBatch(orders(2), integrationVia({ local, timeoutMs: 50 }))
    expect(statuses(outcomes)).toEqual([408, 408])
    expect(outcomes[0].errormessage).toMatch(/did not answer within 0.05 s/)
  })
})

describe('performBatch against a real HTTP server', () => {
  it('completes a 1000-event round trip whose answer is larger than 16 KiB', async () => {
    let answerBytes = 0
    const pinterest = await localPinterest((body, _, res) => {
      const answer = {
        num_events_received: body.data.length,
        num_events_processed: body.data.length,
        events: body.data.map(() => ({
          status: 'processed',
          warning_message: 'Event has no click_id; attribution may be lower.'
        }))
      }
      answerBytes = JSON.stringify(answer).length
      json(res, 200, answer)
    })
    const outcomes = await runBatch(orders(1000), integrationVia({ local: pinterest }))
    expect(answerBytes).toBeGreaterThan(50_000)
    expect(pinterest.bodies).toHaveLength(1)
    expect(outcomes.every((o) => o.status === 200)).toBe(true)
  }, 20_000)

  it('keeps at most four requests in flight', async () => {
    // Requests are held in this process until the test lets them go: what is in flight is
    // counted once everything that could run has run, not timed.
    const held: Array<() => void> = []
    const answer = capture()(undefined as unknown as RequestClient)
    const holding: Transport = () =>
      (async (url: string, options?: RequestOptions) => {
        await new Promise<void>((release) => held.push(release))
        return answer(url, options)
      }) as RequestClient
    const outcomes = runBatch(orders(12), integrationVia({ transport: holding }), { batch_size: 1 })
    for (let sent = 0; sent < 12; sent++) {
      await settle()
      expect(held).toHaveLength(Math.min(4, 12 - sent))
      held.shift()?.()
    }
    expect((await outcomes).every((o) => o.status === 200)).toBe(true)
  })
})
