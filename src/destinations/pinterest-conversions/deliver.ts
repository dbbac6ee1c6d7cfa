import type { RequestClient } from '@segment/actions-core'
import { IntegrationError } from '@segment/actions-core'
import { MAX_EVENTS_PER_REQUEST } from './constants'
import type { PinterestEvent } from './contract'
import { FieldValidationError } from './errors'
import type { EventOptions } from './event'
import { buildEvent } from './event'
import type { Settings } from './generated-types'
import type { Failed, Outcome } from './outcome'
import type { Payload } from './reportConversionEvent/generated-types'
import { sendEvents } from './send'
import type { DeliveryConfig } from './settings'
import { readSettings } from './settings'

export { settleOne, toMultiStatus } from './outcome'

/**
 * The one path of `perform` and `performBatch`: build and check every event, send the good
 * ones, and answer one outcome per payload, at the payload's own index.
 */
export async function deliver(
  request: RequestClient,
  settings: Settings,
  payloads: readonly Payload[]
): Promise<Outcome[]> {
  let config: DeliveryConfig
  try {
    config = readSettings(settings)
  } catch (error) {
    return payloads.map(() => failure('settings', error))
  }
  const options: EventOptions = {
    defaultPhoneCountry: config.defaultPhoneCountry,
    partnerName: config.partnerName,
    nowSeconds: Math.floor(Date.now() / 1000)
  }
  const outcomes: Outcome[] = new Array(payloads.length)
  const events: PinterestEvent[] = []
  const positions: number[] = []
  payloads.forEach((payload, index) => {
    try {
      events.push(buildEvent(payload, options))
      positions.push(index)
    } catch (error) {
      outcomes[index] = failure(isTypedError(error) ? 'invalid' : 'internal', error)
    }
  })
  if (events.length > 0) {
    const target = { eventsUrl: config.eventsUrl, adAccountId: config.adAccountId, chunkSize: chunkSizeOf(payloads[0]) }
    const sent = await sendEvents(request, target, events)
    sent.forEach((outcome, i) => (outcomes[positions[i]] = outcome))
  }
  return outcomes
}

function chunkSizeOf(payload: Payload): number {
  const size = Math.floor(Number(payload.batch_size))
  return size >= 1 && size <= MAX_EVENTS_PER_REQUEST ? size : MAX_EVENTS_PER_REQUEST
}

function isTypedError(error: unknown): boolean {
  return error instanceof IntegrationError
}

function failure(kind: 'settings' | 'invalid' | 'internal', error: unknown): Failed {
  const message = error instanceof Error ? error.message : String(error)
  if (kind === 'internal') {
    return {
      ok: false,
      kind,
      status: 400,
      message: `The destination could not build this event (${(error as Error)?.name ?? 'error'}): ${message}`
    }
  }
  const fields = error instanceof FieldValidationError ? { fields: error.fields } : {}
  return { ok: false, kind, status: 400, message, ...fields }
}
