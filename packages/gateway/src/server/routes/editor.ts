/**
 * What the page's mapping editor asks the gateway while a person edits a subscription: whether
 * its mapping could deliver (the rules Save applies, so Save can wait until they hold), and the
 * recent real calls its trigger takes, to preview it on.
 */
import { FieldError, isObject, subscriptionOf } from 'pinterest-conversions-tools'
import { checkMapping, checkTrigger } from '../../gateway/config'
import type { Gateway } from '../../gateway/gateway'
import { RECENT_CALLS_MAX } from '../../gateway/recent-calls'
import type { Route } from '../router'

const DEFAULT_LIMIT = 20

export function editorRoutes(gateway: Gateway): Route[] {
  return [
    {
      method: 'POST',
      path: '/gateway/mappings/check',
      summary: 'check a preset and mapping as saving a subscription does: {preset?, mapping?} → ok, or the error',
      access: 'admin',
      handle: (request) => {
        const body = request.json()
        if (!isObject(body)) throw new FieldError('The body must be a JSON object.', 'body')
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
    }
  ]
}
