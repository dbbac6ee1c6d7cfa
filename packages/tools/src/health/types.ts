import type { EventName } from 'pinterest-conversions'
import type { Priority, SignalId } from './signals'

/** Pinterest's three resilience levels, spelled as Ads Manager shows them. */
export type Grade = 'Poor' | 'Good/Fair' | 'Great'

/** The grades a check can stand in the way of. */
export type GradeAbovePoor = Exclude<Grade, 'Poor'>

/** Pinterest names that set the Good/Fair bar: every one the Tag fires must also reach the API. */
export type LowerFunnelEventName = Extract<EventName, 'add_to_cart' | 'checkout' | 'lead' | 'signup'>
export const LOWER_FUNNEL_EVENT_NAMES: readonly LowerFunnelEventName[] = ['add_to_cart', 'checkout', 'lead', 'signup']

/** Events whose name Pinterest does not document share one bucket, so the breakdown stays bounded. */
export const OTHER_EVENT_NAMES = '(other)'
export type EventNameBucket = EventName | typeof OTHER_EVENT_NAMES

export interface HealthOptions {
  /**
   * Unix seconds at which events added without their own sending time reach Pinterest.
   * Defaults to the clock when the tracker is created.
   */
  nowSeconds?: number
  /**
   * The lower-funnel event names the advertiser's Pinterest Tag fires, when known (`[]`: no Tag).
   * Without it the lower-funnel check cannot be decided from the API events alone.
   */
  tagEventNames?: readonly string[]
  /**
   * The share of events (0–100) each medium and low priority id must reach for Great.
   * Pinterest publishes no number; see docs/health.md for why 10 is the default.
   */
  greatMinCoveragePercent?: number
}

export interface SignalCoverage {
  signal: SignalId
  /** The Pinterest keys, joined with " + " when they only count together. */
  label: string
  fields: string[]
  priority: Priority
  /**
   * Events whose action source can carry the signal: every event, but for a mobile advertising
   * ID only the app events (a web page or a store has none to send).
   */
  events: number
  /** Events carrying the signal. */
  present: number
  /** Events that could carry it and do not. */
  lacking: number
  /** present / events, rounded down to one decimal: 100 only when no event lacks it; 0 when no event could carry it. */
  percent: number
}

export interface EventNameHealth {
  event_name: EventNameBucket
  events: number
  coverage: SignalCoverage[]
}

export type CheckId =
  | 'ip_ua_on_every_event'
  | 'em_or_maid_on_every_checkout'
  | 'lower_funnel_tag_events_sent'
  | 'medium_and_low_ids_sent'

/** `unverified`: the data cannot decide it; the grade then assumes it is met, and says so. */
export type CheckStatus = 'pass' | 'fail' | 'unverified'

export interface HealthCheck {
  id: CheckId
  neededFor: GradeAbovePoor
  status: CheckStatus
  summary: string
}

/** One thing that keeps the data below a grade. */
export interface HealthReason {
  check: CheckId
  /** The grade this reason stands in the way of. */
  blocks: GradeAbovePoor
  /** The Pinterest keys (or `event_name`) concerned. */
  fields: string[]
  /** How many events lack the fields, out of `outOf` events the rule applies to. Absent for a missing event name. */
  eventsLacking?: number
  outOf?: number
  message: string
}

export interface LowerFunnelReport {
  /** Events per lower-funnel name in this data. */
  events: Record<LowerFunnelEventName, number>
  present: LowerFunnelEventName[]
  absent: LowerFunnelEventName[]
  /** The lower-funnel names the Tag fires, from the options; null when unknown. */
  tagEventNames: LowerFunnelEventName[] | null
  /** Names the Tag fires that no API event carries; null when the Tag's names are unknown. */
  missingFromApi: LowerFunnelEventName[] | null
}

export interface LdpReport {
  /** Events whose custom_data.opt_out_type lists LDP. */
  requested: number
  /** Of those, events Pinterest will process without LDP because they are not located in CA, US. */
  ignored: number
  applied: number
  /** Per cause; an event can have several causes, so these can add up to more than `ignored`. */
  ignoredBecause: {
    stMissing: number
    stNotCa: number
    countryMissing: number
    countryNotUs: number
  }
}

export interface OfflineReport {
  /** Events whose event_time is more than `offlineAfterSeconds` before they were sent. */
  receivedLate: number
  receivedLatePercent: number
  /** Events with action_source offline: Pinterest never deduplicates them against the Tag. */
  actionSourceOffline: number
  actionSourceOfflinePercent: number
}

/** Plain data only (numbers, strings, arrays, null), so JSON.stringify gives the whole report. */
export interface HealthReport {
  events: number
  /** null when there are no events to grade. */
  grade: Grade | null
  /** Everything between this data and Great, Good/Fair blockers first. */
  reasons: HealthReason[]
  checks: HealthCheck[]
  coverage: SignalCoverage[]
  /** Documented event names in Pinterest's order, then `(other)`; names with no events are left out. */
  byEventName: EventNameHealth[]
  lowerFunnel: LowerFunnelReport
  limitedDataProcessing: LdpReport
  offline: OfflineReport
  criteria: {
    greatMinCoveragePercent: number
    offlineAfterSeconds: number
  }
}

export interface SignalCounts {
  events: number
  /** Events carrying each signal. */
  signals: Record<SignalId, number>
  /** Events whose action source can carry each signal. */
  fitting: Record<SignalId, number>
}

/**
 * Everything the report is computed from: counters only, so a million events take the same
 * memory as ten. Its keys are bounded by the documented event names plus one bucket.
 */
export interface HealthState {
  overall: SignalCounts
  byEventName: Partial<Record<EventNameBucket, SignalCounts>>
  /** Which half of the IP + user agent pair is missing, so the reason can say which one to fix. */
  ipMissing: number
  userAgentMissing: number
  checkouts: number
  checkoutsWithEmOrMaid: number
  ldp: {
    requested: number
    ignored: number
    stMissing: number
    stNotCa: number
    countryMissing: number
    countryNotUs: number
  }
  offline: {
    receivedLate: number
    actionSourceOffline: number
  }
}

export interface ReportCriteria {
  greatMinCoveragePercent: number
  tagEventNames?: readonly string[]
}
