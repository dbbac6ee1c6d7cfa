/**
 * One event through the destination, with everything that happened to it shown: the mapped
 * payload field by field, the normalization of each user_data key, the Pinterest request (sent
 * or only built), the answer, the errors on the fields that caused them, and the health view.
 *
 * The event runs through actions-core's `Destination.executeAction`, as the action route and a
 * Segment-compatible runtime run it; the trace comes from the destination's own `buildEvent`
 * with a `UserDataTrace`. Nothing here knows a normalization rule.
 */
import type { DestinationDefinition, JSONObject, SegmentEvent } from '@segment/actions-core'
import { transform } from '@segment/actions-core'
import destination from '../destinations/pinterest-conversions'
import type { PinterestEvent, UserData } from '../destinations/pinterest-conversions/contract/types'
import type { EventOptions } from '../destinations/pinterest-conversions/event'
import { buildEvent } from '../destinations/pinterest-conversions/event'
import type { Settings } from '../destinations/pinterest-conversions/generated-types'
import type { Payload } from '../destinations/pinterest-conversions/reportConversionEvent/generated-types'
import { readSettings } from '../destinations/pinterest-conversions/settings'
import type { UserDataTrace } from '../destinations/pinterest-conversions/user-data'
import { buildUserData } from '../destinations/pinterest-conversions/user-data'
import { LocalDestination } from '../runtime/local-destination'
import { explainedErrors } from './errors'
import { attachErrors, fieldViews, nearestRow } from './fields'
import { eventHealth } from './health'
import type { Observation } from './observe'
import { observedDefinition } from './observe'
import { userDataViews } from './trace'
import type { ExplainedError, Explanation, RequestView, ResponseView, UserDataView } from './types'

export interface ExplainInput {
  actionSlug: string
  /** The Segment event, with its timestamp (the caller stamps events that have none). */
  event: SegmentEvent
  /** The resolved mapping (preset or defaults, with overrides laid over). */
  mapping: JSONObject
  settings: Settings
  /** Send the request (to wherever the settings point), or only build it. */
  send: boolean
  definition?: DestinationDefinition<Settings>
  nowSeconds?: number
}

export async function explainEvent(input: ExplainInput): Promise<Explanation> {
  const definition = input.definition ?? destination
  const nowSeconds = input.nowSeconds ?? Math.floor(Date.now() / 1000)
  const observation: Observation = { captured: [] }
  const runner = new LocalDestination(observedDefinition(definition, input.actionSlug, observation, input.send))

  let errors: ExplainedError[] = []
  let result: unknown
  try {
    const results = await runner.runOne(input.actionSlug, input.event, input.mapping, input.settings)
    result = results.find((r) => r.output === 'Action Executed')?.data
  } catch (error) {
    errors = explainedErrors(error)
  }
  const exchanges = runner.takeExchanges()

  // perform is reached only once the framework has mapped and validated the payload; when its
  // validation refused it, show what the mapping produced (actions-core's transform, its first step).
  const payload = observation.payload ?? transform(input.mapping, input.event as unknown as JSONObject)
  const stage = observation.payload ? 'validated' : 'mapped'

  const request: RequestView | null = input.send
    ? exchanges[0]
      ? { ...exchanges[0].request }
      : null
    : observation.captured[0] ?? null
  const response: ResponseView | null = input.send && exchanges[0] ? { ...exchanges[0].response } : null
  const sentEvent = firstEventOf(request?.body)

  const fields = definition.actions[input.actionSlug].fields
  const fieldRows = fieldViews(fields, input.mapping, payload)
  const built = observation.payload && userDataOf(observation.payload as unknown as Payload, input.settings, nowSeconds)
  const userDataRows = built
    ? userDataViews({
        properties: fields.user_data?.properties ?? {},
        input: observation.payload?.user_data as JSONObject | undefined,
        trace: built.trace,
        output: built.userData
      })
    : []
  attachErrors(fieldRows, errors)
  attachToUserData(userDataRows, errors)

  return {
    ok: errors.length === 0 && (result !== undefined || !input.send),
    sent: input.send && exchanges.length > 0,
    fields: fieldRows,
    payload,
    payloadStage: stage,
    userData: userDataRows,
    request,
    response,
    errors,
    health: sentEvent ? eventHealth(sentEvent, nowSeconds) : null
  }
}

/**
 * The destination's trace of user_data for this payload and the user_data it builds, with the
 * options `deliver` builds with. buildEvent builds user_data first, so the trace is filled even
 * when the event is then refused (no identifier); the user_data is then built on its own, by the
 * destination's buildUserData. Undefined when the settings are unusable (the errors say why).
 */
function userDataOf(
  payload: Payload,
  settings: Settings,
  nowSeconds: number
): { trace: UserDataTrace; userData: UserData } | undefined {
  let options: EventOptions
  try {
    const config = readSettings(settings)
    options = { defaultPhoneCountry: config.defaultPhoneCountry, partnerName: config.partnerName, nowSeconds }
  } catch {
    return undefined
  }
  const trace: UserDataTrace = {}
  try {
    return { trace, userData: buildEvent(payload, options, trace).user_data }
  } catch {
    // The same error came back from executeAction, with its fields.
    return {
      trace,
      userData: buildUserData(payload.user_data ?? {}, payload.event_source_url?.trim() || undefined, options)
    }
  }
}

function firstEventOf(body: unknown): PinterestEvent | undefined {
  const data = (body as { data?: unknown } | null | undefined)?.data
  return Array.isArray(data) && data.length > 0 ? (data[0] as PinterestEvent) : undefined
}

function attachToUserData(rows: UserDataView[], errors: readonly ExplainedError[]): void {
  const byField = new Map(rows.map((row) => [`user_data.${row.field}`, row]))
  for (const error of errors) {
    for (const field of error.fields) {
      const row = field.startsWith('user_data.') ? nearestRow(byField, field) : undefined
      if (row && !row.errors.includes(error.message)) row.errors.push(error.message)
    }
  }
}
