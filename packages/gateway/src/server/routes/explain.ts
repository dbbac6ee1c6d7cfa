/**
 * `POST /explain`: the body of the action route, `{ payload, settings?, mapping?, preset? }`,
 * answered with what happens to the event on its way to Pinterest (see docs/playground.md).
 * In sandbox mode the event is sent to the embedded sandbox; otherwise the request is only
 * built unless `?send=true` asks for it to be sent. `GET /explain` tells the settings in use.
 */
import type { SegmentEvent } from '@segment/actions-core'
import { ACTION_SLUG } from 'pinterest-conversions'
import { explainEvent, settingsView, FieldError, resolveMapping, withTimestamp } from 'pinterest-conversions-tools'
import type { ServerContext } from '../context'
import { settingsFor } from '../context'
import type { Route, RouteRequest } from '../router'
import { eventsOf, readInput } from './action'

/** An array is explained event by event; more than a page can show is refused rather than cut. */
const MAX_EXPLAINED_EVENTS = 100
/** A hundred events of a few KB. */
const EXPLAIN_BODY_BYTES = 512 * 1024

export function explainRoutes(context: ServerContext): Route[] {
  return [
    {
      method: 'GET',
      path: '/explain',
      access: 'admin',
      summary: 'the settings POST /explain uses (token redacted) and whether it sends',
      handle: () => {
        const where = { mode: context.mode, description: context.describe() }
        const settings = settingsView(where, context.baseSettings(), context.mode === 'sandbox')
        return { status: 200, body: { mode: context.mode, action: ACTION_SLUG, settings } }
      }
    },
    {
      method: 'POST',
      path: '/explain',
      access: 'admin',
      bodyLimit: EXPLAIN_BODY_BYTES,
      summary:
        'same body as the action route; answers the mapped fields, user_data trace, Pinterest request and answer, errors by field, health',
      handle: async (request) => {
        const input = readInput(request.json())
        const settings = settingsFor(context, input.settings, request.secrets, 'settings')
        const mapping = resolveMapping({ actionSlug: ACTION_SLUG, preset: input.preset, mapping: input.mapping })
        const send = sendParameter(request) ?? context.mode === 'sandbox'
        const base = {
          mode: context.mode,
          action: ACTION_SLUG,
          ...(input.preset !== undefined && { preset: input.preset }),
          settings: settingsView({ mode: context.mode, description: context.describe() }, settings, send)
        }
        const now = new Date()
        const explain = (event: SegmentEvent) =>
          explainEvent({ event: withTimestamp(event, now), mapping, settings, send, transport: context.transport() })

        if (!Array.isArray(input.payload)) {
          const { ok, ...explanation } = await explain(input.payload)
          return { status: 200, body: { ok, ...base, ...explanation } }
        }
        if (input.payload.length > MAX_EXPLAINED_EVENTS) {
          throw new FieldError(
            `payload has ${input.payload.length} events: /explain takes at most ${MAX_EXPLAINED_EVENTS} (replay --explain N reads a file).`,
            'payload'
          )
        }
        const events = eventsOf(input.payload)
        const explained = []
        // One after the other: the answer lists them in order, and the sandbox sees them in order.
        for (const [index, event] of events.entries()) explained.push({ index, ...(await explain(event)) })
        return {
          status: 200,
          body: { ok: explained.every((e) => e.ok), ...base, count: explained.length, events: explained }
        }
      }
    }
  ]
}

/** Whether an explanation sends: to the embedded sandbox, yes, unless `?send=false`; to Pinterest only when `?send=true` asks for it. */
function sendParameter(request: RouteRequest): boolean | undefined {
  const value = request.query.get('send')
  if (value === null) return undefined
  if (value === 'true' || value === 'false') return value === 'true'
  throw new FieldError(`send must be true or false, not "${value}".`, 'send')
}
