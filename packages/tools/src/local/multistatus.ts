import type { Destination } from '@segment/actions-core'
import type { Settings } from 'pinterest-conversions'

/** What actions-core's `executeBatch` answers: one outcome per event, in order. */
export type MultiStatus = Awaited<ReturnType<Destination<Settings>['executeBatch']>>
export type MultiStatusEntry = MultiStatus[number]
