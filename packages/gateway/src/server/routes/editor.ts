/**
 * What the page's mapping editor asks the gateway while a person edits a subscription: whether
 * its mapping could deliver (the rules Save applies, so Save can wait until they hold), the
 * recent real calls its trigger takes, to preview it on, and which other subscriptions would
 * send the same event to Pinterest.
 */
import type { JSONObject, SegmentEvent } from '@segment/actions-core'
import { transform } from '@segment/actions-core'
import { ACTION_SLUG } from 'pinterest-conversions'
import { FieldError, isEventObject, isObject, resolveMapping, subscriptionOf } from 'pinterest-conversions-tools'
import { checkMapping } from '../../gateway/config'
import { checkTrigger } from '../../gateway/trigger'
import type { Gateway } from '../../gateway/gateway'
import { RECENT_CALLS_MAX } from '../../gateway/recent-calls'
import type { Route, RouteRequest } from '../router'

const DEFAULT_LIMIT = 20

export function editorRoutes(gateway: Gateway): Route[] {
  return [
    {
      method: 'POST',
      path: '/gateway/mappings/check',
      summary: 'check a preset and mapping as saving a subscription does: {preset?, mapping?} → ok, or the error',
      access: 'admin',
      handle: (request) => {
        const body = objectBody(request)
        try {
          checkMapping(body, 'subscription')
          return { status: 200, body: { ok: true } }
        } catch (error) {
          // A mapping being edited is not a failed request: the page shows the error next to its field.
          if (!(error instanceof FieldError)) throw error
          return { status: 200, body: { ok: false, error: error.message, field: error.field } }
        }
      }
    },
    {
      method: 'GET',
      path: '/gateway/recent-calls',
      summary: `the last calls taken (in memory, at most ${RECENT_CALLS_MAX}), newest first: ?trigger=FQL&limit=`,
      access: 'admin',
      handle: (request) => {
        const trigger = request.query.get('trigger')
        const takes = trigger ? subscriptionOf(checkTrigger(trigger, 'trigger')) : () => true
        const limit = Number(request.query.get('limit') ?? DEFAULT_LIMIT)
        if (!Number.isInteger(limit) || limit < 1 || limit > RECENT_CALLS_MAX)
          throw new FieldError(`limit must be a whole number from 1 to ${RECENT_CALLS_MAX}.`, 'limit')
        const calls = gateway.recentCalls.newest(takes, limit)
        return {
          status: 200,
          body: {
            count: calls.length,
            calls: calls.map((call) => ({ received_at: new Date(call.receivedAt).toISOString(), event: call.event }))
          }
        }
      }
    },
    {
      method: 'POST',
      path: '/gateway/destinations/:destination/overlaps',
      summary:
        'the other enabled subscriptions that take an event, and whether Pinterest deduplicates them: {event, id?, trigger?, preset?, mapping?}',
      access: 'admin',
      handle: (request) => {
        const body = objectBody(request)
        if (!isEventObject(body.event)) throw new FieldError('event must be a Segment event (an object).', 'event')
        const event = body.event
        const own = identity(event, body)
        // Given, the edited trigger must take the event too: otherwise nothing overlaps.
        const taken = typeof body.trigger !== 'string' || subscriptionOf(checkTrigger(body.trigger, 'trigger'))(event)
        const others = gateway.configuration
          .subscriptions(request.params.destination)
          .filter((s) => taken && s.enabled !== false && s.id !== body.id && subscriptionOf(s.trigger)(event))
        return {
          status: 200,
          body: {
            ...own,
            overlaps: others.map((other) => {
              const theirs = identity(event, other)
              const deduplicated = theirs.event_name === own.event_name && theirs.event_id === own.event_id
              return { id: other.id, name: other.name, ...theirs, deduplicated }
            })
          }
        }
      }
    }
  ]
}

/**
 * The two keys Pinterest deduplicates on, as a subscription's mapping gives them for the event:
 * the same name and ID sent twice are counted once. The mapping being edited may still break a
 * rule elsewhere (the editor says so beside that field): only these two keys are read.
 */
function identity(
  event: SegmentEvent,
  subscription: { preset?: unknown; mapping?: unknown }
): { event_name: unknown; event_id: unknown } {
  const preset = typeof subscription.preset === 'string' ? subscription.preset : undefined
  const mapping = isObject(subscription.mapping) ? (subscription.mapping as JSONObject) : undefined
  const mapped = transform(resolveMapping({ actionSlug: ACTION_SLUG, preset, mapping }), event as unknown as JSONObject)
  return { event_name: mapped.event_name, event_id: mapped.event_id }
}

function objectBody(request: RouteRequest): Record<string, unknown> {
  const body = request.json()
  if (!isObject(body)) throw new FieldError('The body must be a JSON object.', 'body')
  return body
}
