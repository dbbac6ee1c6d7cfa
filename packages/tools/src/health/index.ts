/**
 * Conversion health: how Pinterest will grade the resilience of the events we build, before
 * Pinterest does. Pure: events in, a JSON-serializable report out; nothing is sent.
 */
export { createHealthTracker, healthReportOf } from './tracker'
export type { HealthTracker } from './tracker'
export { formatHealthReport } from './format'
export { DEFAULT_GREAT_MIN_COVERAGE_PERCENT } from './report'
export { fitsSource, SIGNALS } from './signals'
export { addToEqsCounts, EQS_COMPONENTS, eqsDifference, eqsPrediction, mergeEqsCounts, sourcePlatformOf } from './eqs'
export type { ComponentPrediction, EqsComponent, EqsCounts, EqsDifference, EqsPrediction, EqsTypeCounts } from './eqs'
export type { Priority, Signal, SignalId } from './signals'
export * from './types'
