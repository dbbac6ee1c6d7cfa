/**
 * One event through the destination, with everything that happened to it shown: the mapped
 * payload field by field, the normalization of each user_data value, the Pinterest request (sent
 * or only built), the answer, the errors on the fields that caused them, and the health view.
 *
 * The event runs once, through actions-core's `Destination.executeAction` as a runtime runs
 * it, and the destination's delivery tells an observer what it built, sent and got back: the
 * trace is by construction what was sent. Nothing here knows a normalization rule.
 */
import type { JSONObject, SegmentEvent } from '@segment/actions-core'
import { transform } from '@segment/actions-core'
import type { Settings, BuiltRecord, DeliveryObserver, ExchangeRecord, LeftOut } from 'pinterest-conversions'
import { ACTION_SLUG } from 'pinterest-conversions'
import { exchangeOf } from '../local/exchange'
import { LocalDestination } from '../local/local-destination'
import { RESCUING_RUNTIME } from '../local/rescue'
import type { Transport } from '../sandbox/transport'
import { capture } from '../sandbox/transport'
import { explainedErrors } from './errors'
import { attachErrors, attachWarnings, fieldViews, nearestRow } from './fields'
import { eventHealth } from './health'
import { userDataViews } from './trace'
import type { ExplainedError, Explanation, Rescued, UserDataView } from './types'

export interface ExplainInput {
  /** The Segment event, with its timestamp (the caller stamps events that have none). */
  event: SegmentEvent
  /** The resolved mapping (preset or defaults, with overrides laid over). */
  mapping: JSONObject
  settings: Settings
  /** Send the request, or only build it (nothing leaves the process). */
  send: boolean
  /** Where a sent request goes instead of Pinterest (the sandbox). */
  transport?: Transport
}

/** What the delivery told its observer about the one event. */
interface Observed {
  built?: BuiltRecord
  exchange?: ExchangeRecord
}

export async function explainEvent(input: ExplainInput): Promise<Explanation> {
  const observed: Observed = {}
  const observer: DeliveryObserver = {
    built: (record) => (observed.built = record),
    exchanged: (record) => (observed.exchange = record)
  }
  const leftOut: LeftOut[] = []
  const runner = new LocalDestination({
    transport: input.send ? input.transport : capture(),
    observer,
    rescued: (values) => leftOut.push(...values)
  })
  let errors: ExplainedError[] = []
  let result: unknown
  try {
    const results = await runner.runOne(input.event, input.mapping, input.settings)
    result = results.find((r) => r.output === 'Action Executed')?.data
  } catch (error) {
    errors = explainedErrors(error)
  }
  const { built, exchange } = observed

  // The destination is reached only once the framework has mapped and validated the payload;
  // when its validation refused it, what the mapping produced is shown (actions-core's transform).
  const payload =
    (built?.payload as unknown as JSONObject | undefined) ?? transform(input.mapping, eventJson(input.event))
  const fields = runner.actions[ACTION_SLUG].definition.fields
  const fieldRows = fieldViews(fields, input.mapping, payload)
  const userDataRows = built ? userDataRowsOf(built, fields.user_data?.properties ?? {}) : []
  const warnings = [...leftOut, ...(built?.warnings ?? [])]
  attachErrors(fieldRows, errors)
  attachWarnings(fieldRows, warnings)
  attachToUserData(userDataRows, errors)

  return {
    ok: errors.length === 0 && (result !== undefined || !input.send),
    sent: input.send && exchange?.response !== undefined,
    fields: fieldRows,
    payload,
    payloadStage: built ? 'validated' : 'mapped',
    userData: userDataRows,
    request: exchange ? exchangeOf(exchange).request : null,
    response: (input.send && exchange && exchangeOf(exchange).response) || null,
    errors,
    warnings,
    rescued: leftOut.length === 0 ? null : rescuedBy(leftOut),
    health: built?.event ? eventHealth(built.event, built.nowSeconds) : null
  }
}

function userDataRowsOf(built: BuiltRecord, properties: Record<string, { label: string }>): UserDataView[] {
  return userDataViews({
    properties,
    input: built.payload.user_data as JSONObject | undefined,
    trace: built.values,
    output: built.userData
  })
}

function eventJson(event: SegmentEvent): JSONObject {
  return event as unknown as JSONObject
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

function rescuedBy(leftOut: readonly LeftOut[]): Rescued {
  return {
    runtime: RESCUING_RUNTIME,
    fields: leftOut.map((value) => value.field),
    note: `actions-core refused this event for these optional values alone; ${RESCUING_RUNTIME} sent it without them. Segment's own runtime refuses it.`
  }
}
