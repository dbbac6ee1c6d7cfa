import type { PinterestEvent } from '../destinations/pinterest-conversions/contract/types'
import { fitsSource, healthReportOf, SIGNALS } from '../health'
import type { EventHealthView } from './types'

/**
 * The health module's report over this one event, read as "which signals does it carry and
 * which does it lack". The grade is the one a stream of events just like it would earn. A
 * signal the event's source cannot carry (a mobile ad ID on the web) is not something it lacks.
 */
export function eventHealth(event: PinterestEvent, nowSeconds: number): EventHealthView {
  const report = healthReportOf([event], { nowSeconds })
  const signal = ({ signal, label, priority }: typeof report.coverage[number]) => ({ signal, label, priority })
  const fits = ({ signal }: { signal: string }) => {
    const known = SIGNALS.find((s) => s.id === signal)
    return known === undefined || fitsSource(known, event.action_source)
  }
  const missing = report.coverage.filter((c) => c.present === 0)
  return {
    grade: report.grade,
    carries: report.coverage.filter((c) => c.present > 0).map(signal),
    lacks: missing.filter(fits).map(signal),
    cannotCarry: missing.filter((c) => !fits(c)).map(signal),
    goodFairBlockers: report.reasons.filter((reason) => reason.blocks === 'Good/Fair').map((reason) => reason.message),
    checks: report.checks
  }
}
