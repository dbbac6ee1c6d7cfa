import type { PinterestEvent } from 'pinterest-conversions'
import { healthReportOf } from '../health'
import type { EventHealthView } from './types'

/**
 * The health module's report over this one event, read as "which signals does it carry and
 * which does it lack". The grade is the one a stream of events just like it would earn. A
 * signal the event's source cannot carry (a mobile ad ID on the web) is not something it lacks.
 */
export function eventHealth(event: PinterestEvent, nowSeconds: number): EventHealthView {
  const report = healthReportOf([event], { nowSeconds })
  const signal = ({ signal, label, priority }: typeof report.coverage[number]) => ({ signal, label, priority })
  return {
    grade: report.grade,
    carries: report.coverage.filter((c) => c.present > 0).map(signal),
    lacks: report.coverage.filter((c) => c.lacking > 0).map(signal),
    // Over one event, a signal no event could carry is one its action source cannot.
    cannotCarry: report.coverage.filter((c) => c.events === 0).map(signal),
    goodFairBlockers: report.reasons.filter((reason) => reason.blocks === 'Good/Fair').map((reason) => reason.message),
    checks: report.checks
  }
}
