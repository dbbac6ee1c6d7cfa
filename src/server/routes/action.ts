import type { JSONObject, SegmentEvent } from '@segment/actions-core'
import type { Problem } from '../../runtime/errors'
import { describeError, describeFailure, FieldError } from '../../runtime/errors'
import type { MultiStatus } from '../../runtime/local-destination'
import { LocalDestination } from '../../runtime/local-destination'
import { resolveMapping } from '../../runtime/mappings'
import { isEventObject, isJsonObject, withTimestamp } from '../../runtime/segment-event'
import type { SentHealthReport } from '../../runtime/sent-health'
import { createSentHealth } from '../../runtime/sent-health'
import type { ServerContext } from '../context'
import { settingsFor } from '../context'
import type { Answer, Route } from '../router'

const BODY_KEYS = ['payload', 'settings', 'mapping', 'preset']

/** The outcome of one event of a batch, from its multistatus entry. */
export interface EventOutcome {
  index: number
  ok: boolean
  status: number
  /** Pinterest's answer for the event (`{ status: "processed" }`), when there is one. */
  body?: unknown
  error?: string
  field?: string
  errortype?: string
}

/**
 * `POST /<actionSlug>` with `{ payload, settings?, mapping?, preset? }`: an array payload runs the
 * batch path (performBatch), an object the single path (perform), both through actions-core.
 * The answer lists each request sent (Authorization redacted) with its response, and for a
 * batch every event's outcome and the conversion health of the events sent (`health`). Events
 * without a timestamp get the current time.
 */
export function actionRoute(context: ServerContext, actionSlug: string): Route {
  return {
    method: 'POST',
    path: `/${actionSlug}`,
    summary: '{ payload, settings?, mapping?, preset? }: an object runs perform, an array performBatch',
    handle: async (request) => {
      const input = readInput(request.json())
      const settings = settingsFor(context, input.settings, request.secrets, 'settings')
      const mapping = resolveMapping({ actionSlug, preset: input.preset, mapping: input.mapping })
      const destination = new LocalDestination(context.definition)
      const base = {
        mode: context.mode,
        action: actionSlug,
        ...(input.preset !== undefined && { preset: input.preset })
      }
      const now = new Date()

      if (Array.isArray(input.payload)) {
        const events = eventsOf(input.payload).map((event) => withTimestamp(event, now))
        let multistatus: MultiStatus
        try {
          multistatus = await destination.runBatch(actionSlug, events, mapping, settings)
        } catch (error) {
          const health = healthOf(
            events.map(() => undefined),
            now
          )
          return failed(describeError(error), { ...base, path: 'batch', requests: destination.takeExchanges(), health })
        }
        const outcomes = multistatus.map(outcomeOf)
        const failures = outcomes.filter((o) => !o.ok).length
        return {
          status: batchStatus(outcomes),
          body: {
            ok: failures === 0,
            ...(failures > 0 && { error: `${failures} of ${outcomes.length} events failed: see events[].error.` }),
            ...base,
            path: 'batch',
            requests: destination.takeExchanges(),
            events: outcomes,
            health: healthOf(multistatus, now)
          }
        }
      }

      const event = withTimestamp(input.payload, now)
      try {
        const results = await destination.runOne(actionSlug, event, mapping, settings)
        const result = results.find((r) => r.output === 'Action Executed')?.data ?? null
        return {
          status: 200,
          body: { ok: true, ...base, path: 'single', requests: destination.takeExchanges(), result }
        }
      } catch (error) {
        return failed(describeError(error), { ...base, path: 'single', requests: destination.takeExchanges() })
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
  if (!isJsonObject(body))
    throw new FieldError('The body must be a JSON object: { payload, settings?, mapping?, preset? }.', 'body')
  const unknown = Object.keys(body).filter((key) => !BODY_KEYS.includes(key))
  if (unknown.length > 0)
    throw new FieldError(`Unknown key ${unknown[0]}: the body takes ${BODY_KEYS.join(', ')}.`, unknown[0])
  const { payload, settings, mapping, preset } = body
  if (payload === undefined)
    throw new FieldError(
      'payload is missing: give a Segment event (single path) or an array of them (batch path).',
      'payload'
    )
  if (!Array.isArray(payload) && !isEventObject(payload))
    throw new FieldError('payload must be a Segment event object or an array of them.', 'payload')
  if (preset !== undefined && typeof preset !== 'string')
    throw new FieldError('preset must be the name of a preset, such as "Checkout".', 'preset')
  if (mapping !== undefined && !isJsonObject(mapping))
    throw new FieldError('mapping must be an object of field mappings.', 'mapping')
  return { payload, settings, mapping: mapping as JSONObject | undefined, preset }
}

export function eventsOf(payload: unknown[]): SegmentEvent[] {
  if (payload.length === 0)
    throw new FieldError('payload is an empty array: the batch path needs at least one event.', 'payload')
  return payload.map((event, index) => {
    if (!isEventObject(event))
      throw new FieldError(`payload[${index}] is not a Segment event object.`, `payload[${index}]`)
    return event
  })
}

/** The health of the events this batch sent (the requests went out right after `sentAt`); refused ones are counted as not sent. */
function healthOf(nodes: ReadonlyArray<MultiStatus[number] | undefined>, sentAt: Date): SentHealthReport {
  const sentAtSeconds = Math.floor(sentAt.getTime() / 1000)
  const health = createSentHealth({ nowSeconds: sentAtSeconds })
  for (const node of nodes) health.addOutcome(node, sentAtSeconds)
  return health.report()
}

function outcomeOf(node: MultiStatus[number], index: number): EventOutcome {
  const ok = node.status >= 200 && node.status < 300
  if (ok) return { index, ok, status: node.status, body: node.body }
  const failure = node as { status: number; errormessage?: string; errortype?: string; body?: unknown }
  const problem = describeFailure(failure.status, failure.errormessage ?? 'failed', failure.errortype)
  return {
    index,
    ok,
    status: failure.status,
    error: problem.message,
    ...(problem.field && { field: problem.field }),
    ...(failure.errortype && { errortype: failure.errortype }),
    ...(failure.body !== undefined && { body: failure.body })
  }
}

/** 200 when every event went through; the common status when all failed alike; 207 for a mix. */
function batchStatus(outcomes: EventOutcome[]): number {
  if (outcomes.every((o) => o.ok)) return 200
  if (outcomes.some((o) => o.ok)) return 207
  const statuses = new Set(outcomes.map((o) => describeFailure(o.status, o.error ?? '', o.errortype).status))
  return statuses.size === 1 ? [...statuses][0] : 207
}

function failed(problem: Problem, rest: object): Answer {
  const { status, message, ...details } = problem
  return { status, body: { ok: false, error: message, ...details, ...rest } }
}
