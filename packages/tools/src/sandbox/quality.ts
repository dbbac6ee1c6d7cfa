/**
 * The sandbox's Event Quality Score (`GET /v5/ad_accounts/{id}/conversion_eqs`), computed from
 * the events it really recorded: per ad account, source platform and event type, how many
 * events carried each of Pinterest's quality components over the lookback window (1 or 14 days
 * before the sandbox's clock). Only counters are kept, in hourly buckets, dropped after 14 days.
 *
 * This reads the request bodies as Pinterest would, on its own: it shares no code with the
 * gateway's prediction (tools/src/health/eqs.ts), so a mistake in one shows as a difference.
 * Pinterest does not publish how it sets `overall_status` or raises issues; the sandbox's rule
 * is written in docs/pinterest-account.md. It receives no Pinterest Tag events, so the overlap
 * of external_event_id with the Tag is 0.
 */
import { answer, pinterestError } from './http'
import type { SandboxAnswer } from './http'

export const EQS_LOOKBACK_PERIODS = ['1d', '14d'] as const
export type LookbackPeriod = typeof EQS_LOOKBACK_PERIODS[number]

const SOURCE_PLATFORMS = [
  'WEB',
  'MOBILE',
  'MOBILE_ANDROID',
  'MOBILE_IOS',
  'OFFLINE',
  'PINTEREST_WEB',
  'PINTEREST_ANDROID',
  'PINTEREST_IOS',
  'POINT_OF_SALE'
]
const INGESTION_SOURCES = ['TAG', 'MMP', 'FILE_UPLOAD', 'CONVERSIONS_API', 'NATIVE']
const HOUR_SECONDS = 60 * 60
const WINDOW_HOURS: Record<LookbackPeriod, number> = { '1d': 24, '14d': 14 * 24 }
/** Below this coverage the sandbox raises an issue on the component. */
const LOW_COVERAGE_PERCENT = 50

type Body = Record<string, unknown>
type Reader = (event: Body) => boolean

const hasText = (value: unknown) => typeof value === 'string' && value.trim() !== ''
const hasAny = (value: unknown) => (Array.isArray(value) ? value.some(hasText) : hasText(value))
const userData = (event: Body) => (event.user_data ?? {}) as Body
const customData = (event: Body) => (event.custom_data ?? {}) as Body

/** Pinterest's quality components, in the order of its QualityComponents schema's description. */
const COMPONENTS: ReadonlyArray<[string, Reader]> = [
  ['hashed_email', (e) => hasAny(userData(e).em)],
  ['hashed_maid', (e) => hasAny(userData(e).hashed_maids)],
  ['ip_address', (e) => hasText(userData(e).client_ip_address)],
  ['user_agent', (e) => hasText(userData(e).client_user_agent)],
  ['advertiser_external_id', (e) => hasAny(userData(e).external_id)],
  ['click_id_epik', (e) => hasText(userData(e).click_id)],
  ['external_event_id', (e) => hasText(e.event_id)],
  ['order_id', (e) => hasText(customData(e).order_id)],
  ['order_value', (e) => hasText(customData(e).value)],
  [
    'product_id',
    (e) =>
      hasAny(customData(e).content_ids) ||
      (Array.isArray(customData(e).contents) && (customData(e).contents as Body[]).some((item) => hasText(item?.id)))
  ],
  ['source_url', (e) => hasText(e.event_source_url)]
]

const PLATFORM_OF_SOURCE: Record<string, string> = {
  web: 'WEB',
  app_android: 'MOBILE_ANDROID',
  app_ios: 'MOBILE_IOS',
  offline: 'OFFLINE'
}

interface Counts {
  events: number
  present: number[]
}

export interface QualityLedger {
  /** Counts events Pinterest recorded (processed, not in test mode) at the sandbox's `nowSeconds`. */
  record(adAccountId: string, events: readonly Body[], nowSeconds: number): void
  /** `GET …/conversion_eqs?lookback_period=`: Pinterest's answer (an array of EventQualityScore). */
  answer(adAccountId: string, query: URLSearchParams, nowSeconds: number): SandboxAnswer
  clear(): void
}

export function createQualityLedger(): QualityLedger {
  // account → hour → platform → event type → counts
  let buckets = new Map<string, Map<number, Map<string, Map<string, Counts>>>>()

  function prune(hours: Map<number, unknown>, nowHour: number): void {
    for (const hour of hours.keys()) if (hour <= nowHour - WINDOW_HOURS['14d']) hours.delete(hour)
  }

  return {
    record(adAccountId, events, nowSeconds) {
      const nowHour = Math.floor(nowSeconds / HOUR_SECONDS)
      const hours = buckets.get(adAccountId) ?? new Map<number, Map<string, Map<string, Counts>>>()
      buckets.set(adAccountId, hours)
      prune(hours, nowHour)
      const platforms = hours.get(nowHour) ?? new Map<string, Map<string, Counts>>()
      hours.set(nowHour, platforms)
      for (const event of events) {
        const platform = PLATFORM_OF_SOURCE[String(event.action_source)] ?? 'WEB'
        const types = platforms.get(platform) ?? new Map<string, Counts>()
        platforms.set(platform, types)
        const type = String(event.event_name)
        const counts = types.get(type) ?? { events: 0, present: COMPONENTS.map(() => 0) }
        types.set(type, counts)
        counts.events++
        COMPONENTS.forEach(([, reads], i) => {
          if (reads(event)) counts.present[i]++
        })
      }
    },

    answer(adAccountId, query, nowSeconds) {
      const lookback = query.get('lookback_period')
      if (!EQS_LOOKBACK_PERIODS.includes(lookback as LookbackPeriod)) {
        return pinterestError(400, 1, `lookback_period must be one of ${EQS_LOOKBACK_PERIODS.join(', ')}.`)
      }
      const platform = query.get('source_platform')
      if (platform !== null && !SOURCE_PLATFORMS.includes(platform)) {
        return pinterestError(400, 1, `source_platform must be one of ${SOURCE_PLATFORMS.join(', ')}.`)
      }
      const ingestion = query.get('ingestion_source')
      if (ingestion !== null && !INGESTION_SOURCES.includes(ingestion)) {
        return pinterestError(400, 1, `ingestion_source must be one of ${INGESTION_SOURCES.join(', ')}.`)
      }
      // The sandbox only receives the Conversions API.
      if (ingestion !== null && ingestion !== 'CONVERSIONS_API') return answer(200, [])
      const period = lookback as LookbackPeriod
      const nowHour = Math.floor(nowSeconds / HOUR_SECONDS)
      const totals = new Map<string, Map<string, Counts>>()
      for (const [hour, platforms] of buckets.get(adAccountId) ?? []) {
        if (hour <= nowHour - WINDOW_HOURS[period] || hour > nowHour) continue
        for (const [name, types] of platforms) {
          if (platform !== null && name !== platform) continue
          const sum = totals.get(name) ?? new Map<string, Counts>()
          totals.set(name, sum)
          for (const [type, counts] of types) {
            const into = sum.get(type) ?? { events: 0, present: COMPONENTS.map(() => 0) }
            sum.set(type, into)
            into.events += counts.events
            counts.present.forEach((n, i) => (into.present[i] += n))
          }
        }
      }
      const scores = [...totals].map(([name, types]) => scoreOf(name, types, period))
      return answer(200, scores)
    },

    clear() {
      buckets = new Map()
    }
  }
}

function scoreOf(platform: string, types: Map<string, Counts>, period: LookbackPeriod): object {
  const components: Record<string, Record<string, object>> = {}
  COMPONENTS.forEach(([component], i) => {
    const byType: Record<string, object> = {}
    for (const [type, counts] of types) {
      const coverage = percent(counts.present[i], counts.events)
      const issues =
        coverage < LOW_COVERAGE_PERCENT
          ? [
              {
                id: 'LOW_COVERAGE',
                name: 'Low coverage',
                reason: `${component} is on ${counts.present[i]} of ${counts.events} ${type} events.`
              }
            ]
          : []
      byType[type] = { coverage, issues, ...(component === 'external_event_id' && { overlap: 0 }) }
    }
    components[component] = byType
  })
  return {
    overall_status: overallStatus(types),
    quality_components: components,
    ingestion_source: 'CONVERSIONS_API',
    source_platform: platform,
    lookback_period: period
  }
}

/**
 * The sandbox's rule (Pinterest's is unpublished): GOOD when an email or mobile ID, the IP
 * address and the user agent are each on at least 90% of events; NEEDS_IMPROVEMENT when one of
 * them is on fewer than half; FAIR between.
 */
function overallStatus(types: Map<string, Counts>): 'GOOD' | 'FAIR' | 'NEEDS_IMPROVEMENT' {
  const index = (name: string) => COMPONENTS.findIndex(([component]) => component === name)
  let events = 0
  const present = { person: 0, ip: 0, ua: 0 }
  for (const counts of types.values()) {
    events += counts.events
    present.person += Math.max(counts.present[index('hashed_email')], counts.present[index('hashed_maid')])
    present.ip += counts.present[index('ip_address')]
    present.ua += counts.present[index('user_agent')]
  }
  const lowest = Math.min(...Object.values(present).map((n) => percent(n, events)))
  if (lowest >= 90) return 'GOOD'
  return lowest < LOW_COVERAGE_PERCENT ? 'NEEDS_IMPROVEMENT' : 'FAIR'
}

/** Percent with one decimal. */
function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part * 1000) / whole) / 10
}
