import type { EventName, PinterestEvent } from 'pinterest-conversions'
import { EVENT_NAMES, OFFLINE_AFTER_SECONDS } from 'pinterest-conversions'
import { asksForLdp, isIgnored, ldpVerdict } from './ldp'
import { buildHealthReport, DEFAULT_GREAT_MIN_COVERAGE_PERCENT } from './report'
import type { SignalId } from './signals'
import { fitsSource, hasSignal, hasValue, SIGNALS } from './signals'
import type { EventNameBucket, HealthOptions, HealthReport, HealthState, ReportCriteria, SignalCounts } from './types'
import { OTHER_EVENT_NAMES } from './types'

export interface HealthTracker {
  /** Counts one event; `sentAtSeconds` (unix seconds) defaults to the tracker's `nowSeconds`. */
  add(event: PinterestEvent, sentAtSeconds?: number): void
  addAll(events: Iterable<PinterestEvent>, sentAtSeconds?: number): void
  /** The report over every event added so far; the tracker keeps counting afterwards. */
  report(): HealthReport
  /** The counters behind the report, read-only for callers. */
  readonly state: Readonly<HealthState>
}

export function createHealthTracker(options: HealthOptions = {}): HealthTracker {
  const nowSeconds = options.nowSeconds ?? Math.floor(Date.now() / 1000)
  requireSeconds(nowSeconds, 'nowSeconds')
  const criteria = criteriaOf(options)
  const state = emptyHealthState()
  const add = (event: PinterestEvent, sentAtSeconds: number = nowSeconds): void => {
    requireSeconds(sentAtSeconds, 'sentAtSeconds')
    addEvent(state, event, sentAtSeconds)
  }
  return {
    state,
    add,
    addAll(events, sentAtSeconds) {
      for (const event of events) add(event, sentAtSeconds)
    },
    report: () => buildHealthReport(state, criteria)
  }
}

/** The report for a list of events in one call, e.g. one batch answered by the server. */
export function healthReportOf(events: Iterable<PinterestEvent>, options: HealthOptions = {}): HealthReport {
  const tracker = createHealthTracker(options)
  tracker.addAll(events)
  return tracker.report()
}

function emptyHealthState(): HealthState {
  return {
    overall: emptyCounts(),
    byEventName: {},
    ipMissing: 0,
    userAgentMissing: 0,
    checkouts: 0,
    checkoutsWithEmOrMaid: 0,
    ldp: { requested: 0, ignored: 0, stMissing: 0, stNotCa: 0, countryMissing: 0, countryNotUs: 0 },
    offline: { receivedLate: 0, actionSourceOffline: 0 }
  }
}

function addEvent(state: HealthState, event: PinterestEvent, sentAtSeconds: number): void {
  const userData = event.user_data
  const bucketName = eventNameBucket(event.event_name)
  const bucket = (state.byEventName[bucketName] ??= emptyCounts())
  state.overall.events++
  bucket.events++
  for (const signal of SIGNALS) {
    const has = hasSignal(userData, signal)
    // An event that carries it could, whatever its source says (a web event mapped a device's ID).
    if (has || fitsSource(signal, event.action_source)) {
      state.overall.fitting[signal.id]++
      bucket.fitting[signal.id]++
    }
    if (!has) continue
    state.overall.signals[signal.id]++
    bucket.signals[signal.id]++
  }
  if (!hasValue(userData.client_ip_address)) state.ipMissing++
  if (!hasValue(userData.client_user_agent)) state.userAgentMissing++

  if (event.event_name === 'checkout') {
    state.checkouts++
    if (hasValue(userData.em) || hasValue(userData.hashed_maids)) state.checkoutsWithEmOrMaid++
  }

  if (asksForLdp(event)) {
    const verdict = ldpVerdict(event)
    state.ldp.requested++
    if (isIgnored(verdict)) state.ldp.ignored++
    if (verdict.stMissing) state.ldp.stMissing++
    if (verdict.stNotCa) state.ldp.stNotCa++
    if (verdict.countryMissing) state.ldp.countryMissing++
    if (verdict.countryNotUs) state.ldp.countryNotUs++
  }

  // "More than an hour": an event sent exactly an hour after it happened is still on time.
  if (sentAtSeconds - event.event_time > OFFLINE_AFTER_SECONDS) state.offline.receivedLate++
  if (event.action_source === 'offline') state.offline.actionSourceOffline++
}

const DOCUMENTED_NAMES: ReadonlySet<string> = new Set(EVENT_NAMES)

/** Event names arrive as data (custom names pass through), so the type alone does not bound them. */
function eventNameBucket(name: string): EventNameBucket {
  return DOCUMENTED_NAMES.has(name) ? (name as EventName) : OTHER_EVENT_NAMES
}

function emptyCounts(): SignalCounts {
  const signals = {} as Record<SignalId, number>
  const fitting = {} as Record<SignalId, number>
  for (const signal of SIGNALS) signals[signal.id] = fitting[signal.id] = 0
  return { events: 0, signals, fitting }
}

function criteriaOf(options: HealthOptions): ReportCriteria {
  const greatMinCoveragePercent = options.greatMinCoveragePercent ?? DEFAULT_GREAT_MIN_COVERAGE_PERCENT
  if (!(greatMinCoveragePercent >= 0 && greatMinCoveragePercent <= 100)) {
    throw new RangeError(`greatMinCoveragePercent must be between 0 and 100, got ${greatMinCoveragePercent}.`)
  }
  return { greatMinCoveragePercent, tagEventNames: options.tagEventNames }
}

function requireSeconds(value: number, name: string): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be unix seconds, got ${value}.`)
}
