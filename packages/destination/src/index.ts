/**
 * The package's one entry. A Segment-compatible runtime needs only the definition (the default
 * export). The rest serves runtimes that run the destination themselves, as this repository's
 * tools do: the delivery path with options, what an observer of a delivery is told, the
 * outcomes, and Pinterest's contract as the destination reads it. Nothing else of the folder
 * is public; code outside this package imports from here only.
 */
import destination from './destinations/pinterest-conversions'

export { destination }
export default destination

// The delivery path, with what a local runtime may pass it, and what it tells an observer.
/** The destination's one action: its key in `destination.actions` and in every preset. */
export const ACTION_SLUG = 'reportConversionEvent'
export { performers } from './destinations/pinterest-conversions/reportConversionEvent'
export type { DeliveryOptions } from './destinations/pinterest-conversions/deliver'
export { NO_ATTRIBUTION, SEGMENT_ATTRIBUTION } from './destinations/pinterest-conversions/attribution'
export type { Attribution } from './destinations/pinterest-conversions/attribution'
export type { BuiltRecord, DeliveryObserver, ExchangeRecord } from './destinations/pinterest-conversions/observer'
export type { Failed, FailureBody, FailureKind, Outcome } from './destinations/pinterest-conversions/outcome'
export type { LeftOut } from './destinations/pinterest-conversions/warnings'
export { epikOf, HASHED_FIELDS } from './destinations/pinterest-conversions/user-data'
// A person as events carry them, for deletion requests: the email as em normalizes it, em's digest.
export { emailDigest, normalizedEmail } from './destinations/pinterest-conversions/deletion'
export type { HashedField, UserDataTrace, ValueTrace } from './destinations/pinterest-conversions/user-data'
export { FieldValidationError, fieldsOf, SettingsError } from './destinations/pinterest-conversions/errors'
export type { Settings } from './destinations/pinterest-conversions/generated-types'
export type { Payload } from './destinations/pinterest-conversions/reportConversionEvent/generated-types'

// Pinterest's side: its names and limits, the request and answer shapes, and how it answers a body.
export {
  AD_ACCOUNT_ID_PATTERN,
  EVENT_NAMES,
  MAX_EVENTS_PER_REQUEST,
  OFFLINE_AFTER_SECONDS
} from './destinations/pinterest-conversions/constants'
export type { ActionSource, EventName } from './destinations/pinterest-conversions/constants'
export { contractViolation } from './destinations/pinterest-conversions/contract'
export type { EventsRequest, PinterestEvent, UserData } from './destinations/pinterest-conversions/contract'
export { answerTo, invalid } from './destinations/pinterest-conversions/contract/answer'
export type { PinterestAnswer } from './destinations/pinterest-conversions/contract/answer'
