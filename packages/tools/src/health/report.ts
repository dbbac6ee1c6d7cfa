import { EVENT_NAMES, OFFLINE_AFTER_SECONDS } from 'pinterest-conversions'
import { formatCount, formatList, formatPercent, percentOf } from './numbers'
import type { Signal } from './signals'
import { SIGNALS } from './signals'
import type {
  HealthState,
  ReportCriteria,
  SignalCounts,
  EventNameBucket,
  EventNameHealth,
  Grade,
  HealthCheck,
  HealthReason,
  HealthReport,
  LowerFunnelEventName,
  LowerFunnelReport,
  SignalCoverage
} from './types'
import { LOWER_FUNNEL_EVENT_NAMES, OTHER_EVENT_NAMES } from './types'

/**
 * Pinterest asks for "all of the medium and low priority ids" for Great without a number.
 * Requiring each on every event would make Great unreachable (click_id only exists after a
 * Pinterest ad click, names only for known users); any single event would let one stray
 * value decide the grade. One event in ten shows the id is really being sent.
 */
export const DEFAULT_GREAT_MIN_COVERAGE_PERCENT = 10

interface Evaluation {
  check: HealthCheck
  reasons: HealthReason[]
}

const BUCKET_ORDER: readonly EventNameBucket[] = [...EVENT_NAMES, OTHER_EVENT_NAMES]

export function buildHealthReport(state: HealthState, criteria: ReportCriteria): HealthReport {
  const events = state.overall.events
  const coverage = coverageOf(state.overall)
  const lowerFunnel = lowerFunnelOf(state, criteria.tagEventNames)
  // Good/Fair checks first: their reasons lead the list.
  const evaluations =
    events === 0
      ? noEvents()
      : [
          ipUaCheck(state),
          checkoutCheck(state),
          lowerFunnelCheck(lowerFunnel),
          mediumAndLowCheck(coverage, events, criteria.greatMinCoveragePercent)
        ]
  const checks = evaluations.map((evaluation) => evaluation.check)
  return {
    events,
    grade: events === 0 ? null : gradeOf(checks),
    reasons: evaluations.flatMap((evaluation) => evaluation.reasons),
    checks,
    coverage,
    byEventName: byEventNameOf(state),
    lowerFunnel,
    limitedDataProcessing: {
      requested: state.ldp.requested,
      ignored: state.ldp.ignored,
      applied: state.ldp.requested - state.ldp.ignored,
      ignoredBecause: {
        stMissing: state.ldp.stMissing,
        stNotCa: state.ldp.stNotCa,
        countryMissing: state.ldp.countryMissing,
        countryNotUs: state.ldp.countryNotUs
      }
    },
    offline: {
      receivedLate: state.offline.receivedLate,
      receivedLatePercent: percentOf(state.offline.receivedLate, events),
      actionSourceOffline: state.offline.actionSourceOffline,
      actionSourceOfflinePercent: percentOf(state.offline.actionSourceOffline, events)
    },
    criteria: {
      greatMinCoveragePercent: criteria.greatMinCoveragePercent,
      offlineAfterSeconds: OFFLINE_AFTER_SECONDS
    }
  }
}

/** A check left unverified never lowers the grade: the grade is what the data shows, not a guess. */
function gradeOf(checks: readonly HealthCheck[]): Grade {
  const fails = (grade: HealthCheck['neededFor']): boolean =>
    checks.some((check) => check.neededFor === grade && check.status === 'fail')
  if (fails('Good/Fair')) return 'Poor'
  if (fails('Great')) return 'Good/Fair'
  return 'Great'
}

function coverageOf(counts: SignalCounts): SignalCoverage[] {
  return SIGNALS.map((signal) => {
    const present = counts.signals[signal.id]
    const events = counts.fitting[signal.id]
    return {
      signal: signal.id,
      label: signal.label,
      fields: [...signal.fields],
      priority: signal.priority,
      events,
      present,
      lacking: events - present,
      percent: percentOf(present, events)
    }
  })
}

function byEventNameOf(state: HealthState): EventNameHealth[] {
  const breakdown: EventNameHealth[] = []
  for (const name of BUCKET_ORDER) {
    const counts = state.byEventName[name]
    if (counts) breakdown.push({ event_name: name, events: counts.events, coverage: coverageOf(counts) })
  }
  return breakdown
}

function lowerFunnelOf(state: HealthState, tagEventNames: readonly string[] | undefined): LowerFunnelReport {
  const events = {} as Record<LowerFunnelEventName, number>
  for (const name of LOWER_FUNNEL_EVENT_NAMES) events[name] = state.byEventName[name]?.events ?? 0
  const present = LOWER_FUNNEL_EVENT_NAMES.filter((name) => events[name] > 0)
  const absent = LOWER_FUNNEL_EVENT_NAMES.filter((name) => events[name] === 0)
  // Pinterest's rule concerns lower-funnel Tag events only; other Tag names do not enter it.
  const tag = tagEventNames ? LOWER_FUNNEL_EVENT_NAMES.filter((name) => tagEventNames.includes(name)) : null
  return {
    events,
    present,
    absent,
    tagEventNames: tag,
    missingFromApi: tag ? tag.filter((name) => events[name] === 0) : null
  }
}

function noEvents(): Evaluation[] {
  const unverified = (id: HealthCheck['id'], neededFor: HealthCheck['neededFor']): Evaluation => ({
    check: { id, neededFor, status: 'unverified', summary: 'no events to check' },
    reasons: []
  })
  return [
    unverified('ip_ua_on_every_event', 'Good/Fair'),
    unverified('em_or_maid_on_every_checkout', 'Good/Fair'),
    unverified('lower_funnel_tag_events_sent', 'Good/Fair'),
    unverified('medium_and_low_ids_sent', 'Great')
  ]
}

function ipUaCheck(state: HealthState): Evaluation {
  const events = state.overall.events
  const lacking = events - state.overall.signals.ip_ua
  const id = 'ip_ua_on_every_event'
  if (lacking === 0) {
    return {
      check: { id, neededFor: 'Good/Fair', status: 'pass', summary: `${every(events, 'event')} carries both` },
      reasons: []
    }
  }
  const message =
    `${ofEvents(lacking, events)} lack client_ip_address + client_user_agent ` +
    `(client_ip_address missing on ${formatCount(state.ipMissing)}, client_user_agent on ${formatCount(
      state.userAgentMissing
    )}); ` +
    'Pinterest wants both on every event'
  return {
    check: { id, neededFor: 'Good/Fair', status: 'fail', summary: `${ofEvents(lacking, events)} lack them` },
    reasons: [
      {
        check: id,
        blocks: 'Good/Fair',
        fields: ['client_ip_address', 'client_user_agent'],
        eventsLacking: lacking,
        outOf: events,
        message
      }
    ]
  }
}

function checkoutCheck(state: HealthState): Evaluation {
  const id = 'em_or_maid_on_every_checkout'
  if (state.checkouts === 0) {
    const summary = 'no checkout events in this data to check'
    return { check: { id, neededFor: 'Good/Fair', status: 'unverified', summary }, reasons: [] }
  }
  const lacking = state.checkouts - state.checkoutsWithEmOrMaid
  if (lacking === 0) {
    const summary = `${every(state.checkouts, 'checkout event')} carries one`
    return { check: { id, neededFor: 'Good/Fair', status: 'pass', summary }, reasons: [] }
  }
  const lackingOf = `${formatCount(lacking)} of ${formatCount(state.checkouts)} checkout events`
  const message = `${lackingOf} carry neither em nor hashed_maids; Pinterest wants one of them on every checkout`
  return {
    check: { id, neededFor: 'Good/Fair', status: 'fail', summary: `${lackingOf} carry neither` },
    reasons: [
      {
        check: id,
        blocks: 'Good/Fair',
        fields: ['em', 'hashed_maids'],
        eventsLacking: lacking,
        outOf: state.checkouts,
        message
      }
    ]
  }
}

/**
 * Pinterest compares lower-funnel events of the advertiser's Tag with those of the API. The
 * Tag is invisible here: unless the caller says which names it fires, the check stays
 * unverified and the report only lists which lower-funnel names the API data carries.
 */
function lowerFunnelCheck(lowerFunnel: LowerFunnelReport): Evaluation {
  const id = 'lower_funnel_tag_events_sent'
  const inData = `in this data: ${formatList(lowerFunnel.present)}; absent: ${formatList(lowerFunnel.absent)}`
  if (lowerFunnel.tagEventNames === null || lowerFunnel.missingFromApi === null) {
    const summary = `${inData}; which ones the Tag fires cannot be seen from API events`
    return { check: { id, neededFor: 'Good/Fair', status: 'unverified', summary }, reasons: [] }
  }
  if (lowerFunnel.missingFromApi.length === 0) {
    const tagFires =
      lowerFunnel.tagEventNames.length === 0
        ? 'the Tag fires none of them'
        : `the Tag fires ${formatList(lowerFunnel.tagEventNames)}, all sent through the API`
    const summary = `${inData}; ${tagFires}`
    return { check: { id, neededFor: 'Good/Fair', status: 'pass', summary }, reasons: [] }
  }
  const reasons = lowerFunnel.missingFromApi.map(
    (name): HealthReason => ({
      check: id,
      blocks: 'Good/Fair',
      fields: ['event_name'],
      message: `the Pinterest Tag fires ${name}, but no ${name} event is in this data`
    })
  )
  const summary = `${inData}; the Tag fires ${formatList(lowerFunnel.missingFromApi)}, not sent through the API`
  return { check: { id, neededFor: 'Good/Fair', status: 'fail', summary }, reasons }
}

function mediumAndLowCheck(coverage: readonly SignalCoverage[], events: number, minPercent: number): Evaluation {
  const id = 'medium_and_low_ids_sent'
  const bar = `${minPercent}% of events`
  const short = coverage.filter((item) => isMediumOrLow(item) && !meets(item.present, events, minPercent))
  if (short.length === 0) {
    return { check: { id, neededFor: 'Great', status: 'pass', summary: `each is on at least ${bar}` }, reasons: [] }
  }
  const reasons = short.map(
    (item): HealthReason => ({
      check: id,
      blocks: 'Great',
      fields: item.fields,
      eventsLacking: item.lacking,
      outOf: events,
      message: `${item.label} (${item.priority}) is on ${formatPercent(item.percent)} of events (${formatCount(
        item.lacking
      )} of ${formatCount(events)} lack it); Great needs at least ${bar}`
    })
  )
  const summary = `${formatList(short.map((item) => item.label))} below ${bar}`
  return { check: { id, neededFor: 'Great', status: 'fail', summary }, reasons }
}

function isMediumOrLow(item: Pick<Signal, 'priority'>): boolean {
  return item.priority === 'medium' || item.priority === 'low'
}

/** Integer comparison, so 1 of 10 meets 10% exactly. At least one event even when the bar is 0. */
function meets(present: number, events: number, minPercent: number): boolean {
  return present > 0 && present * 100 >= minPercent * events
}

/** "every one of the 3 events", "the 1 event": followed by a verb in the singular either way. */
function every(count: number, noun: string): string {
  return count === 1 ? `the 1 ${noun}` : `every one of the ${formatCount(count)} ${noun}s`
}

function ofEvents(count: number, events: number): string {
  return `${formatCount(count)} of ${formatCount(events)} event${events === 1 ? '' : 's'}`
}
