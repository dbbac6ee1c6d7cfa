import type { ModifiedResponse } from '@segment/actions-core'
import type { EventsRequest, PinterestEvent, UserData } from './contract'
import type { Failed, Outcome } from './outcome'
import type { Payload } from './reportConversionEvent/generated-types'
import type { UserDataTrace } from './user-data'
import type { LeftOut } from './warnings'

/**
 * Whoever watches one delivery (the explain trace, dry runs, health): the delivery tells it,
 * in order, what it built, what it sent and got back, and every outcome. It sees the one run
 * that really happens, so what it shows is by construction what was sent. Without an
 * observer nothing of this is recorded.
 */
export interface DeliveryObserver {
  built?(record: BuiltRecord): void
  exchanged?(record: ExchangeRecord): void
  settled?(outcomes: readonly Outcome[]): void
}

/** One payload on its way to becoming a Pinterest event. */
export interface BuiltRecord {
  /** Its index in the payloads of the delivery. */
  index: number
  /** What the action received: the payload actions-core mapped and validated. */
  payload: Payload
  /** What became of each user_data value. */
  values: UserDataTrace
  /** The user_data built, also when the event was then refused (no identifier, a limit). */
  userData?: UserData
  event?: PinterestEvent
  /** Why the event was not sent, when it was not. */
  failure?: Failed
  /** Values left out of the event, and why. */
  warnings?: LeftOut[]
  /** The clock of this delivery, in unix seconds: event_time was checked against it. */
  nowSeconds: number
}

/** One request to Pinterest: its URL and body, and the response, or the error in place of one. */
export interface ExchangeRecord {
  url: string
  body: EventsRequest
  response?: ModifiedResponse
  error?: unknown
}
