/**
 * The page's delivery view: what each subscription delivered, left out and had refused over the
 * last hour and day, and the dead letters as a person may read them (personal values masked).
 * Sending them again is `POST /gateway/dead-letters/requeue`; an event's story is
 * `GET /gateway/events/:messageId`.
 */
import { FieldError } from 'pinterest-conversions-tools'
import type { Gateway } from '../../gateway/gateway'
import { maskedEvent } from '../../gateway/masked-event'
import type { DeadLetter } from '../../queue'
import type { Route } from '../router'

const DEFAULT_LIMIT = 100
const MAX_LIMIT = 1000

export function deliveryRoutes(gateway: Gateway): Route[] {
  return [
    {
      method: 'GET',
      path: '/gateway/delivery',
      summary:
        'per subscription: delivered, warned, dead_lettered, retried over the last hour and day, queued now; the fields left out and refusals most frequent',
      access: 'admin',
      handle: async () => ({ status: 200, body: await gateway.deliveryView.delivery() })
    },
    {
      method: 'GET',
      path: '/gateway/delivery/dead-letters',
      summary: 'dead letters, newest first, personal values masked: ?destination=&limit=&before=',
      access: 'admin',
      handle: async (request) => {
        const limit = Number(request.query.get('limit') ?? DEFAULT_LIMIT)
        if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
          throw new FieldError(`limit must be a whole number from 1 to ${MAX_LIMIT}.`, 'limit')
        const destination = request.query.get('destination') ?? undefined
        const before = request.query.get('before') ?? undefined
        const letters = await gateway.deadLetters({
          limit,
          ...(destination && { destination }),
          ...(before && { before })
        })
        return { status: 200, body: { count: letters.length, dead_letters: letters.map(readable) } }
      }
    }
  ]
}

/** A dead letter as the page shows it: its reason's kind apart (what a requeue by reason takes), its event masked. */
function readable(letter: DeadLetter) {
  const colon = letter.reason.indexOf(':')
  return {
    id: letter.id,
    destination: letter.destination,
    subscription: letter.subscription,
    message_id: letter.messageId ?? null,
    kind: colon > 0 ? letter.reason.slice(0, colon) : letter.reason,
    reason: letter.reason,
    status: letter.status ?? null,
    fields: letter.fields ?? [],
    attempts: letter.attempts,
    accepted_at: new Date(letter.acceptedAt).toISOString(),
    dead_at: new Date(letter.deadAt).toISOString(),
    event: maskedEvent(letter.event)
  }
}
