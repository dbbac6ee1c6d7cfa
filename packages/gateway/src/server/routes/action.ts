import type { JSONObject, SegmentEvent } from '@segment/actions-core'
import type { DeliveryObserver } from 'pinterest-conversions'
import type {
  ErrorDescription,
  Exchange,
  MultiStatus,
  MultiStatusEntry,
  SentHealthReport
} from 'pinterest-conversions-tools'
import { ACTION_SLUG, MAX_EVENTS_PER_REQUEST } from 'pinterest-conversions'
import {
  describeEntry,
  describeError,
  FieldError,
  exchangeOf,
  LocalDestination,
  resolveMapping,
  isObject,
  isEventObject,
  withTimestamp,
  createSentHealth
} from 'pinterest-conversions-tools'
import type { ServerContext } from '../context'
import { runOf, settingsFor } from '../context'
import type { Answer, Route } from '../router'

const BODY_KEYS = ['payload', 'settings', 'mapping', 'preset']

/** 1000 events of a few KB each: a request's worth, what the batch path sends to Pinterest at once. */
export const EVENTS_BODY_BYTES = 2 * 1024 * 1024

/** The outcome of one event of a batch, from its multistatus entry. */
export interface EventOutcome {
  index: number
  ok: boolean
  status: number
  /** Pinterest's answer for the event (`{ status: "processed" }`); for a failure, why it failed, as data. */
  body?: unknown
  error?: string
  field?: string
  fields?: string[]
  errortype?: string
}

/**
 * `POST /reportConversionEvent` with `{ payload, settings?, mapping?, preset? }`: an array payload
 * runs the batch path (performBatch), an object the single path (perform), both through
 * actions-core. The answer lists each request sent (Authorization redacted) with its response,
 * and for a batch every event's outcome and the conversion health of the events sent
 * (`health`). Events without a timestamp get the current time.
 */
export function actionRoute(context: ServerContext): Route {
  return {
    method: 'POST',
    path: `/${ACTION_SLUG}`,
    access: 'admin',
    bodyLimit: EVENTS_BODY_BYTES,
    summary: '{ payload, settings?, mapping?, preset? }: an object runs perform, an array performBatch',
    handle: async (request) => {
      const input = readInput(request.json())
      const settings = settingsFor(context, input.settings, request.secrets, 'settings')
      const mapping = resolveMapping({ actionSlug: ACTION_SLUG, preset: input.preset, mapping: input.mapping })
      const requests: Exchange[] = []
      const observer: DeliveryObserver = { exchanged: (record) => requests.push(exchangeOf(record)) }
      const destination = new LocalDestination(runOf(context, { observer }))
      const base = {
        mode: context.mode,
        action: ACTION_SLUG,
        ...(input.preset !== undefined && { preset: input.preset })
      }
      const now = new Date()

      if (Array.isArray(input.payload)) {
        const events = eventsOf(input.payload).map((event) => withTimestamp(event, now))
        let multistatus: MultiStatus
        try {
          multistatus = await destination.runBatch(events, mapping, settings)
        } catch (error) {
          const health = healthOf(
            events.map(() => undefined),
            now
          )
          return failed(describeError(error), { ...base, path: 'batch', requests, health })
        }
        const outcomes = multistatus.map(outcomeOf)
        const failures = outcomes.filter((o) => !o.ok).length
        return {
          status: batchStatus(multistatus),
          body: {
            ok: failures === 0,
            ...(failures > 0 && { error: `${failures} of ${outcomes.length} events failed: see events[].error.` }),
            ...base,
            path: 'batch',
            requests,
            events: outcomes,
            health: healthOf(multistatus, now)
          }
        }
      }

      const event = withTimestamp(input.payload, now)
      try {
        const results = await destination.runOne(event, mapping, settings)
        const result = results.find((r) => r.output === 'Action Executed')?.data ?? null
        return { status: 200, body: { ok: true, ...base, path: 'single', requests, result } }
      } catch (error) {
        return failed(describeError(error), { ...base, path: 'single', requests })
      }
    }
  }
}

export interface ActionInput {
  payload: SegmentEvent | unknown[]
  settings?: unknown
  mapping?: JSONObject
  preset?: string
}

/** The body of the action route (and of POST /health and POST /explain): `{ payload, settings?, mapping?, preset? }`, checked. */
export function readInput(body: unknown): ActionInput {
  if (!isObject(body)) {
    throw new FieldError('The body must be a JSON object: { payload, settings?, mapping?, preset? }.', 'body')
  }
  const unknown = Object.keys(body).filter((key) => !BODY_KEYS.includes(key))
  if (unknown.length > 0)
    throw new FieldError(`Unknown key ${unknown[0]}: the body takes ${BODY_KEYS.join(', ')}.`, unknown[0])
  const { payload, settings, mapping, preset } = body
  if (payload === undefined) {
    throw new FieldError(
      'payload is missing: give a Segment event (single path) or an array of them (batch path).',
      'payload'
    )
  }
  if (!Array.isArray(payload) && !isEventObject(payload)) {
    throw new FieldError('payload must be a Segment event object or an array of them.', 'payload')
  }
  if (preset !== undefined && typeof preset !== 'string') {
    throw new FieldError('preset must be the name of a preset, such as "Checkout".', 'preset')
  }
  if (mapping !== undefined && !isObject(mapping))
    throw new FieldError('mapping must be an object of field mappings.', 'mapping')
  return { payload, settings, mapping: mapping as JSONObject | undefined, preset }
}

/**
 * The events of an array payload, at most `max`: the event loop maps them in one go, and
 * past a request's worth that stalls every other request.
 */
export function eventsOf(payload: unknown[], max = MAX_EVENTS_PER_REQUEST): SegmentEvent[] {
  if (payload.length === 0) {
    throw new FieldError('payload is an empty array: the batch path needs at least one event.', 'payload')
  }
  if (payload.length > max) {
    throw new FieldError(`payload has ${payload.length} events: this route takes at most ${max} at once.`, 'payload')
  }
  return payload.map((event, index) => {
    if (!isEventObject(event))
      throw new FieldError(`payload[${index}] is not a Segment event object.`, `payload[${index}]`)
    return event
  })
}

/** The health of the events this batch sent (the requests went out right after `sentAt`); refused ones are counted as not sent. */
function healthOf(nodes: ReadonlyArray<MultiStatusEntry | undefined>, sentAt: Date): SentHealthReport {
  const sentAtSeconds = Math.floor(sentAt.getTime() / 1000)
  const health = createSentHealth({ nowSeconds: sentAtSeconds })
  for (const node of nodes) health.addOutcome(node, sentAtSeconds)
  return health.report()
}

function outcomeOf(node: MultiStatusEntry, index: number): EventOutcome {
  const failure = node as { status: number; errortype?: string; body?: unknown }
  if (isOk(node)) return { index, ok: true, status: node.status, body: failure.body }
  const { message, field, fields } = describeEntry(node)
  return {
    index,
    ok: false,
    status: failure.status,
    error: message,
    ...(field && { field }),
    ...(fields && { fields }),
    ...(failure.errortype && { errortype: failure.errortype }),
    ...(failure.body !== undefined && { body: failure.body })
  }
}

function isOk(node: MultiStatusEntry): boolean {
  return node.status >= 200 && node.status < 300
}

/** 200 when every event went through; the common status when all failed alike; 207 for a mix. */
function batchStatus(nodes: MultiStatus): number {
  if (nodes.every(isOk)) return 200
  if (nodes.some(isOk)) return 207
  const statuses = new Set(nodes.map((node) => describeEntry(node).status))
  return statuses.size === 1 ? [...statuses][0] : 207
}

function failed(problem: ErrorDescription, rest: object): Answer {
  const { status, message, ...details } = problem
  return { status, body: { ok: false, error: message, ...details, ...rest } }
}
