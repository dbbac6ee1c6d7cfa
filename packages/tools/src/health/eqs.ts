/**
 * Our prediction of Pinterest's Event Quality Score (`GET …/conversion_eqs`), component by
 * component, from the events the destination sent: the same counts as the health report's
 * signals, in Pinterest's names, with what the report does not count (event ID, order ID and
 * value, product IDs, source URL). Counters only, mergeable, JSON-serializable: a gateway keeps
 * them per hour and adds up a window; and the difference from Pinterest's own answer.
 *
 * Our signals in Pinterest's components: em → hashed_email, hashed_maids → hashed_maid,
 * ip_ua → ip_address and user_agent each, external_id → advertiser_external_id, click_id →
 * click_id_epik. Pinterest's issues and overall status have no published rule: the prediction
 * gives coverage only.
 */
import type { ActionSource, PinterestEvent } from 'pinterest-conversions'
import { hasValue } from './signals'

export const EQS_COMPONENTS = [
  'hashed_email',
  'hashed_maid',
  'ip_address',
  'user_agent',
  'advertiser_external_id',
  'click_id_epik',
  'external_event_id',
  'order_id',
  'order_value',
  'product_id',
  'source_url'
] as const
export type EqsComponent = typeof EQS_COMPONENTS[number]

type Reader = (event: PinterestEvent) => boolean
const text = (value: unknown) => typeof value === 'string' && value.trim() !== ''

const READERS: Record<EqsComponent, Reader> = {
  hashed_email: (e) => hasValue(e.user_data.em),
  hashed_maid: (e) => hasValue(e.user_data.hashed_maids),
  ip_address: (e) => hasValue(e.user_data.client_ip_address),
  user_agent: (e) => hasValue(e.user_data.client_user_agent),
  advertiser_external_id: (e) => hasValue(e.user_data.external_id),
  click_id_epik: (e) => hasValue(e.user_data.click_id),
  external_event_id: (e) => text(e.event_id),
  order_id: (e) => text(e.custom_data?.order_id),
  order_value: (e) => text(e.custom_data?.value),
  product_id: (e) => hasValue(e.custom_data?.content_ids) || (e.custom_data?.contents ?? []).some((c) => text(c.id)),
  source_url: (e) => text(e.event_source_url)
}

/** Pinterest's source platform of an event, by its action source. */
export function sourcePlatformOf(actionSource: ActionSource | string): string {
  return { web: 'WEB', app_android: 'MOBILE_ANDROID', app_ios: 'MOBILE_IOS', offline: 'OFFLINE' }[actionSource] ?? 'WEB'
}

export interface EqsTypeCounts {
  events: number
  present: Partial<Record<EqsComponent, number>>
}

/** Source platform → event type (event_name as sent) → counts. */
export type EqsCounts = Record<string, Record<string, EqsTypeCounts>>

export function addToEqsCounts(counts: EqsCounts, event: PinterestEvent): void {
  const platform = (counts[sourcePlatformOf(event.action_source)] ??= {})
  const type = (platform[event.event_name] ??= { events: 0, present: {} })
  type.events++
  for (const component of EQS_COMPONENTS) {
    if (READERS[component](event)) type.present[component] = (type.present[component] ?? 0) + 1
  }
}

export function mergeEqsCounts(into: EqsCounts, from: EqsCounts): EqsCounts {
  for (const [platformName, types] of Object.entries(from)) {
    const platform = (into[platformName] ??= {})
    for (const [typeName, counts] of Object.entries(types)) {
      const type = (platform[typeName] ??= { events: 0, present: {} })
      type.events += counts.events
      for (const [component, n] of Object.entries(counts.present) as Array<[EqsComponent, number]>) {
        type.present[component] = (type.present[component] ?? 0) + n
      }
    }
  }
  return into
}

export interface ComponentPrediction {
  coverage: number
  events: number
  present: number
}

/** One source platform's prediction, in the shape of Pinterest's EventQualityScore (coverage only). */
export interface EqsPrediction {
  source_platform: string
  ingestion_source: 'CONVERSIONS_API'
  lookback_period: string
  /** Events sent per event type. */
  events: Record<string, number>
  quality_components: Record<EqsComponent, Record<string, ComponentPrediction>>
}

export function eqsPrediction(counts: EqsCounts, lookbackPeriod: string): EqsPrediction[] {
  return Object.entries(counts).map(([platform, types]) => {
    const components = {} as EqsPrediction['quality_components']
    for (const component of EQS_COMPONENTS) {
      components[component] = {}
      for (const [type, c] of Object.entries(types)) {
        const present = c.present[component] ?? 0
        components[component][type] = { coverage: percent(present, c.events), events: c.events, present }
      }
    }
    return {
      source_platform: platform,
      ingestion_source: 'CONVERSIONS_API',
      lookback_period: lookbackPeriod,
      events: Object.fromEntries(Object.entries(types).map(([type, c]) => [type, c.events])),
      quality_components: components
    }
  })
}

/** One component of one event type on one platform: Pinterest's coverage, ours, and Pinterest's minus ours. */
export interface EqsDifference {
  source_platform: string
  component: EqsComponent
  event_type: string
  pinterest: number | null
  ours: number | null
  /** Pinterest's coverage minus ours, in points; null when one side has no such events. */
  difference: number | null
}

/**
 * Every (platform, component, event type) either side knows, Pinterest's order of components.
 * Pinterest's answer is read defensively: it is data from outside.
 */
export function eqsDifference(pinterest: unknown, ours: readonly EqsPrediction[]): EqsDifference[] {
  const theirs = new Map<string, number>()
  const keys = new Set<string>()
  const key = (platform: string, component: string, type: string) => JSON.stringify([platform, component, type])
  const scores: unknown[] = Array.isArray(pinterest) ? pinterest : []
  for (const score of scores) {
    const { source_platform: named, quality_components: given } = (score ?? {}) as Record<string, unknown>
    const platform = typeof named === 'string' ? named : 'WEB'
    const components = (given ?? {}) as Record<string, Record<string, { coverage?: unknown } | undefined>>
    for (const component of EQS_COMPONENTS) {
      for (const [type, details] of Object.entries(components[component] ?? {})) {
        if (typeof details?.coverage !== 'number') continue
        theirs.set(key(platform, component, type), details.coverage)
        keys.add(key(platform, component, type))
      }
    }
  }
  const mine = new Map<string, number>()
  for (const prediction of ours) {
    for (const component of EQS_COMPONENTS) {
      for (const [type, details] of Object.entries(prediction.quality_components[component])) {
        mine.set(key(prediction.source_platform, component, type), details.coverage)
        keys.add(key(prediction.source_platform, component, type))
      }
    }
  }
  const order = (component: string) => EQS_COMPONENTS.indexOf(component as EqsComponent)
  return [...keys]
    .map((k) => JSON.parse(k) as [string, EqsComponent, string])
    .sort((a, b) => a[0].localeCompare(b[0]) || a[2].localeCompare(b[2]) || order(a[1]) - order(b[1]))
    .map(([platform, component, type]) => {
      const p = theirs.get(key(platform, component, type)) ?? null
      const o = mine.get(key(platform, component, type)) ?? null
      return {
        source_platform: platform,
        component,
        event_type: type,
        pinterest: p,
        ours: o,
        difference: p === null || o === null ? null : Math.round((p - o) * 10) / 10
      }
    })
}

/** Percent with one decimal, as Pinterest writes coverage. */
function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part * 1000) / whole) / 10
}
