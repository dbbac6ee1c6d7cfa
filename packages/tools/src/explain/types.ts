/**
 * What `POST /explain` and `replay --explain` answer for one event: plain JSON data, so the
 * page, the CLI and tests read the same thing. Personal data appears here (it is the point:
 * the input and its normalized form), which is why explanations are only ever shown locally.
 */
import type { JSONObject } from '@segment/actions-core'
import type { LeftOut } from 'pinterest-conversions'
import type { Grade, HealthCheck, Priority, SignalId } from '../health'

/** One field of the action, as the mapping filled it. Object fields are listed per property (`user_data.email`). */
export interface FieldView {
  /** Mapping field path: `event_time`, `user_data.email`, `contents`. */
  field: string
  label: string
  /** The group a property belongs to (`user_data`); absent for top-level fields. */
  parent?: string
  /** True for the row of an object field itself (`user_data`), listed before its properties. */
  group?: boolean
  /** The mapping directive that fills it, as written in the mapping; absent when unmapped. */
  mapping?: unknown
  /** The same in words: `$.timestamp`, `first of $.context.page.url, $.properties.url`. */
  source?: string
  /** The value the action received (or, when validation stopped it, the value mapped); absent when empty. */
  value?: unknown
  /** Errors caused by this field, in words. */
  errors: string[]
  /** Values of this field left out of the event (the event was sent without them), and why. */
  warnings: string[]
}

/**
 * hashed: normalized, then hashed; prehashed: already a digest, passed through; duplicate: same
 * digest as an earlier value, sent once; dropped: left out (see reason); kept: a key sent as it
 * is; derived: not mapped, filled by the destination (click_id from the URL's epik).
 */
export type ValueStatus = 'hashed' | 'prehashed' | 'duplicate' | 'dropped' | 'kept' | 'derived'

/** One input value of a user_data key and what became of it. */
export interface ValueView {
  /** The value as mapped; absent for a value the destination derived (a click id from the URL). */
  input?: string
  status: ValueStatus
  /** The string that was hashed (status hashed). */
  normalized?: string
  /** Lowercase hex SHA-256, as sent (hashed, prehashed, duplicate). */
  digest?: string
  /** Why it was dropped, as the destination says it (value-free). */
  reason?: string
  /** A sentence for a person: `gender 'unknown' is not f, m or n (...)`, `already a digest: passed through`. */
  note?: string
  /** What user_data holds for a key sent as it is (client_ip_address, client_user_agent, click_id, partner_id). */
  output?: string
}

/** One key of user_data: every value that came in, and what Pinterest got. */
export interface UserDataView {
  /** Mapping field under user_data: `email`. */
  field: string
  label: string
  /** The Pinterest key it fills: `em`. */
  pinterestKey: string
  /** Hashed keys are normalized and SHA-256 hashed; the others are sent as they are. */
  hashed: boolean
  values: ValueView[]
  /**
   * What the event's user_data holds under `pinterestKey`: what the request carries, or would
   * have carried had the event not been refused. Absent when nothing.
   */
  output?: string | string[]
  errors: string[]
}

/** A problem with the event, the mapping or the settings, and the fields it is about. */
export interface ExplainedError {
  message: string
  /** Mapping fields (`user_data.email`, `event_time`), settings (`ad_account_id`) or `event`. */
  fields: string[]
  /** Who said so: the framework's validation of the mapped payload, the destination's own checks, the settings, or Pinterest. */
  source: 'mapping' | 'destination' | 'settings' | 'pinterest'
  /** The HTTP status the action route would answer with. */
  status: number
  code?: string
}

export interface SignalView {
  signal: SignalId
  /** Pinterest keys: `em`, `client_ip_address + client_user_agent`. */
  label: string
  priority: Priority
}

/** The health module's view of this one event. */
export interface EventHealthView {
  /** The grade a stream of events like this one would earn. */
  grade: Grade | null
  carries: SignalView[]
  /** Signals this event could carry and does not. */
  lacks: SignalView[]
  /** Signals its action source cannot carry (a mobile ad ID on the web): not counted as lacking. */
  cannotCarry: SignalView[]
  /** What keeps it below Good/Fair, in the health module's words. */
  goodFairBlockers: string[]
  checks: HealthCheck[]
}

export interface RequestView {
  method: string
  url: string
  /** Only for requests that were sent; Authorization shows its scheme only. */
  headers?: Record<string, string>
  body: unknown
}

export interface ResponseView {
  status: number
  headers?: Record<string, string>
  body: unknown
}

export interface Explanation {
  /** True when the event went through (sent), or would be sent as it is (not sent). */
  ok: boolean
  /** Whether the request went out (to the sandbox, or to Pinterest when asked to send). */
  sent: boolean
  fields: FieldView[]
  /** The payload the action received; when the framework's validation refused it, the payload as mapped. */
  payload: JSONObject | null
  payloadStage: 'validated' | 'mapped'
  userData: UserDataView[]
  /** The Pinterest request the destination built (sent or not); null when it built none. */
  request: RequestView | null
  /** Pinterest's (or the sandbox's) answer; null when nothing was sent. */
  response: ResponseView | null
  errors: ExplainedError[]
  /** Values the destination (or the runtime's rescue) left out of the event, and why: the event was sent without them. */
  warnings: LeftOut[]
  /** Set when the runtime sent the event without values actions-core refused it for; null otherwise. */
  rescued: Rescued | null
  /** null when no Pinterest event was built (see errors). */
  health: EventHealthView | null
}

/** Which runtime sent an event actions-core refused for optional values alone, and without which. */
export interface Rescued {
  runtime: string
  fields: string[]
  /** In words: Segment's own runtime refuses the event. */
  note: string
}
