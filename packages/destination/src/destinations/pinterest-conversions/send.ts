import type { RequestClient } from '@segment/actions-core'
import type { AnswerContext } from './answer'
import { outcomesFromAnswer, outcomesFromNetworkError } from './answer'
import { MAX_CONCURRENT_REQUESTS } from './constants'
import type { EventsRequest, PinterestEvent } from './contract'
import type { DeliveryObserver } from './observer'
import type { Outcome } from './outcome'

export interface SendTarget {
  eventsUrl: string
  adAccountId: string
  chunkSize: number
  timeoutMs: number
}

const PAYLOAD_TOO_LARGE = 413

/**
 * Sends events in requests of at most `chunkSize`, a few requests at a time, and answers one
 * outcome per event in the order given. A failed request affects only its own events.
 */
export async function sendEvents(
  request: RequestClient,
  target: SendTarget,
  events: readonly PinterestEvent[],
  observer?: DeliveryObserver
): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(events.length)
  const starts: number[] = []
  for (let start = 0; start < events.length; start += target.chunkSize) starts.push(start)
  await forEachConcurrently(starts, MAX_CONCURRENT_REQUESTS, async (start) => {
    const chunk = events.slice(start, start + target.chunkSize)
    const answers = await sendChunk(request, target, chunk, observer)
    for (let i = 0; i < answers.length; i++) outcomes[start + i] = answers[i]
  })
  return outcomes
}

async function sendChunk(
  request: RequestClient,
  target: SendTarget,
  events: PinterestEvent[],
  observer: DeliveryObserver | undefined
): Promise<Outcome[]> {
  const context: AnswerContext = { adAccountId: target.adAccountId, timeoutMs: target.timeoutMs }
  const body: EventsRequest = { data: events }
  try {
    const response = await request(target.eventsUrl, {
      method: 'POST',
      json: body,
      throwHttpErrors: false,
      timeout: target.timeoutMs,
      // Without it actions-core reads a clone and never drains the original: answers over
      // ~16 KiB (Pinterest's to 1000 events is ~60 KB) then hang forever.
      skipResponseCloning: true
    })
    observer?.exchanged?.({ url: target.eventsUrl, body, response })
    if (response.status === PAYLOAD_TOO_LARGE && events.length > 1) return sendHalves(request, target, events, observer)
    return outcomesFromAnswer(response, events, context)
  } catch (error) {
    observer?.exchanged?.({ url: target.eventsUrl, body, error })
    return outcomesFromNetworkError(error, events, context)
  }
}

/**
 * Pinterest (or a proxy in front of it) found the request too large: the halves are sent, one
 * after the other, each split again if it is still too large. A single event too large is refused.
 */
async function sendHalves(
  request: RequestClient,
  target: SendTarget,
  events: PinterestEvent[],
  observer: DeliveryObserver | undefined
): Promise<Outcome[]> {
  const half = Math.ceil(events.length / 2)
  const first = await sendChunk(request, target, events.slice(0, half), observer)
  const second = await sendChunk(request, target, events.slice(half), observer)
  return [...first, ...second]
}

async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>
): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await work(items[next++])
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}
