/**
 * Conversion health: how Pinterest will grade the resilience of the events we build, before
 * Pinterest does. Pure: events in, a JSON-serializable report out; nothing is sent.
 */
export { createHealthTracker, healthReportOf, type HealthState, type HealthTracker, type SignalCounts } from './tracker'
export { formatHealthReport } from './format'
export { DEFAULT_GREAT_MIN_COVERAGE_PERCENT } from './report'
export { SIGNALS, type Priority, type Signal, type SignalId } from './signals'
export * from './types'
