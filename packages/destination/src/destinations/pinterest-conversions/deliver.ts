import type { Logger, RequestClient } from '@segment/actions-core'
import { IntegrationError } from '@segment/actions-core'
import type { Attribution } from './attribution'
import { SEGMENT_ATTRIBUTION } from './attribution'
import { MAX_EVENTS_PER_REQUEST, REQUEST_TIMEOUT_MS } from './constants'
import type { PinterestEvent } from './contract'
import { FieldValidationError, fieldsOf, SettingsError } from './errors'
import type { EventOptions, EventTrace } from './event'
import { buildEvent } from './event'
import type { Settings } from './generated-types'
import type { DeliveryObserver } from './observer'
import type { Failed, Outcome } from './outcome'
import type { LeftOut } from './warnings'
import { Warnings } from './warnings'
import type { Payload } from './reportConversionEvent/generated-types'
import { sendEvents } from './send'
import type { CheckedSettings } from './settings'
import { readSettings } from './settings'

export interface DeliveryOptions {
  /** Sees the run: what was built, sent and answered (explain, dry runs, health). */
  observer?: DeliveryObserver
  /** How long one request waits for Pinterest's answer. */
  timeoutMs?: number
  /** The runtime's logger: a defect of ours is logged there, with its stack and never a value. */
  logger?: Logger
  /** Partner markers on every event: Segment's unless given. The Partner Name setting wins over its partner_name. */
  attribution?: Attribution
}

/**
 * The one path of `perform` and `performBatch`: build and check every event, send the good
 * ones, and answer one outcome per payload, at the payload's own index.
 */
export async function deliver(
  request: RequestClient,
  settings: Settings,
  payloads: readonly Payload[],
  options: DeliveryOptions = {}
): Promise<Outcome[]> {
  const { observer } = options
  let config: CheckedSettings
  try {
    config = readSettings(settings)
  } catch (error) {
    const failure = failureOf(error, options.logger)
    return settled(
      payloads.map(() => failure),
      observer
    )
  }
  const nowSeconds = Math.floor(Date.now() / 1000)
  const attribution = options.attribution ?? SEGMENT_ATTRIBUTION
  const eventOptions: EventOptions = {
    defaultPhoneCountry: config.defaultPhoneCountry,
    partnerName: config.partnerName ?? attribution.partnerName,
    np: attribution.np,
    nowSeconds
  }
  const outcomes: Outcome[] = new Array(payloads.length)
  const leftOut: Array<LeftOut[] | undefined> = new Array(payloads.length)
  const events: PinterestEvent[] = []
  const positions: number[] = []
  payloads.forEach((payload, index) => {
    // Only an observer pays for the trace.
    const trace: EventTrace | undefined = observer?.built ? { values: {} } : undefined
    const warnings = new Warnings()
    try {
      const event = buildEvent(payload, eventOptions, warnings, trace)
      events.push(event)
      positions.push(index)
      if (trace) {
        const built = { index, payload, values: trace.values, userData: event.user_data, event, nowSeconds }
        observer?.built?.({ ...built, warnings: warnings.list })
      }
    } catch (error) {
      const failure = failureOf(error, options.logger)
      outcomes[index] = failure
      if (trace) {
        const built = { index, payload, values: trace.values, userData: trace.userData, failure, nowSeconds }
        observer?.built?.({ ...built, warnings: warnings.list })
      }
    }
    leftOut[index] = warnings.list
  })
  if (events.length > 0) {
    const target = {
      eventsUrl: config.eventsUrl,
      adAccountId: config.adAccountId,
      chunkSize: chunkSizeOf(payloads[0]),
      timeoutMs: options.timeoutMs ?? REQUEST_TIMEOUT_MS
    }
    const sent = await sendEvents(request, target, events, observer)
    sent.forEach((outcome, i) => (outcomes[positions[i]] = outcome))
  }
  leftOut.forEach((warnings, index) => {
    if (warnings) outcomes[index].warnings = warnings
  })
  return settled(outcomes, observer)
}

function settled(outcomes: Outcome[], observer: DeliveryObserver | undefined): Outcome[] {
  observer?.settled?.(outcomes)
  return outcomes
}

function chunkSizeOf(payload: Payload): number {
  const size = Math.floor(Number(payload.batch_size))
  return size >= 1 && size <= MAX_EVENTS_PER_REQUEST ? size : MAX_EVENTS_PER_REQUEST
}

/**
 * Our own checks throw the framework's typed errors, naming their fields; anything else is a
 * defect of ours, not a verdict on the input: it is reported as internal (5xx) and logged
 * with its stack but without its message, which may quote the event.
 */
function failureOf(error: unknown, logger: Logger | undefined): Failed {
  if (error instanceof IntegrationError) {
    const fields = fieldsOf(error)
    const kind = error instanceof SettingsError ? 'settings' : 'invalid'
    const problems = error instanceof FieldValidationError && error.problems.length > 1 ? error.problems : undefined
    return {
      ok: false,
      kind,
      status: 400,
      message: error.message,
      ...(fields && { fields }),
      ...(problems && { problems })
    }
  }
  const name = error instanceof Error ? error.name : typeof error
  logger?.error(`reportConversionEvent: internal ${name} while building an event`, framesOf(error))
  return {
    ok: false,
    kind: 'internal',
    status: 500,
    message: `The destination failed on this event with an internal ${name}, logged with its stack; it was not sent. This is a defect of the destination, not of the event.`
  }
}

/** The stack without its first line, which holds the message. */
function framesOf(error: unknown): string {
  const stack = error instanceof Error ? error.stack ?? '' : ''
  return stack.split('\n').slice(1).join('\n')
}
