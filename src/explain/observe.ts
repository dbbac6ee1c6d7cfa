/**
 * The destination definition with its action's `perform` watched: the payload actions-core
 * hands it (after mapping and validation) is kept, and, when the event must not be sent, the
 * request client is swapped for one that records the request the destination builds and
 * answers as Pinterest would to a valid event. The destination's own code still builds the
 * URL and body; only the network is left out.
 */
import type {
  ActionDefinition,
  DestinationDefinition,
  JSONObject,
  ModifiedResponse,
  RequestClient
} from '@segment/actions-core'
import type { Settings } from '../destinations/pinterest-conversions/generated-types'
import type { RequestView } from './types'

export interface Observation {
  /** What perform received: the mapped, validated payload. Absent when perform was never reached. */
  payload?: JSONObject
  /** Requests built but not sent (when not sending). */
  captured: RequestView[]
}

export function observedDefinition(
  definition: DestinationDefinition<Settings>,
  actionSlug: string,
  observation: Observation,
  send: boolean
): DestinationDefinition<Settings> {
  const action = definition.actions[actionSlug] as ActionDefinition<Settings, JSONObject>
  if (!action) throw new Error(`The destination has no action ${actionSlug}.`)
  const perform = action.perform
  const watched: ActionDefinition<Settings, JSONObject> = {
    ...action,
    perform: (request, data) => {
      // A copy: perform may not change what we show, and we may not change what it gets.
      observation.payload = structuredClone(data.payload)
      return perform(send ? request : capturing(observation), data)
    }
  }
  return { ...definition, actions: { ...definition.actions, [actionSlug]: watched } }
}

/** A request client that sends nothing: it records the request and answers like Pinterest's 200. */
function capturing(observation: Observation): RequestClient {
  const client = async (url: string, options?: { method?: string; json?: unknown; body?: unknown }) => {
    const body = options?.json ?? options?.body
    observation.captured.push({ method: String(options?.method ?? 'GET').toUpperCase(), url, body })
    const count = eventCount(body)
    const data = {
      num_events_received: count,
      num_events_processed: count,
      events: Array.from({ length: count }, () => ({ status: 'processed' }))
    }
    return {
      status: 200,
      ok: true,
      statusText: 'OK',
      url,
      data,
      content: JSON.stringify(data),
      headers: new Headers()
    } as unknown as ModifiedResponse
  }
  return client as unknown as RequestClient
}

function eventCount(body: unknown): number {
  const data = (body as { data?: unknown } | undefined)?.data
  return Array.isArray(data) ? data.length : 0
}
