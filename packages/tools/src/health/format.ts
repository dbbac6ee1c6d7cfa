import { formatCount, formatList, formatPercent } from './numbers'
import type { SignalId } from './signals'
import type { CheckId, HealthReport } from './types'

const CHECK_TITLES: Record<CheckId, string> = {
  ip_ua_on_every_event: 'client_ip_address + client_user_agent on every event',
  em_or_maid_on_every_checkout: 'em or hashed_maids on every checkout',
  lower_funnel_tag_events_sent: 'lower-funnel Tag events also sent through the API',
  medium_and_low_ids_sent: 'every medium and low priority id sent'
}

// The by-event_name table has a column per signal; full key names would not fit a terminal.
const SHORT_HEADERS: Record<SignalId, string> = {
  em: 'em',
  hashed_maids: 'maids',
  ip_ua: 'ip+ua',
  external_id: 'ext_id',
  fn_ln: 'fn+ln',
  click_id: 'click',
  ph: 'ph',
  ge: 'ge',
  db: 'db',
  ct: 'ct',
  st: 'st',
  zp: 'zp',
  country: 'country'
}
const LEGEND =
  'maids = hashed_maids, ip+ua = client_ip_address + client_user_agent, ext_id = external_id, fn+ln = fn + ln, click = click_id'

/** The report as plain text for a terminal: grade and reasons first, then the numbers behind them. */
export function formatHealthReport(report: HealthReport): string {
  const lines: string[] = []
  lines.push(`Conversion health over ${events(report.events)}`)
  lines.push(`Grade: ${report.grade ?? 'none (no events)'}`)
  lines.push(...gradeCaveat(report))

  lines.push('', 'Checks:')
  lines.push(
    ...table(
      report.checks.map((check) => [
        check.status,
        `for ${check.neededFor}`,
        `${CHECK_TITLES[check.id]}: ${check.summary}`
      ]),
      ['left', 'left', 'left']
    )
  )

  if (report.reasons.length > 0) {
    lines.push('', 'Held back by:')
    for (const reason of report.reasons) lines.push(`  [${reason.blocks}] ${reason.message}`)
  }

  lines.push('', 'Coverage, all events:')
  lines.push(
    ...table(
      [
        ['signal', 'priority', 'present', '%', 'lacking'],
        ...report.coverage.map((item) => [
          item.label,
          item.priority,
          formatCount(item.present),
          item.events === 0 ? NOT_CARRIED : formatPercent(item.percent),
          formatCount(item.lacking)
        ])
      ],
      ['left', 'left', 'right', 'right', 'right']
    )
  )
  for (const item of report.coverage.filter((c) => c.events < report.events)) {
    lines.push(
      item.events === 0
        ? `  (${item.label}: no event here comes from a source that can carry it)`
        : `  (${item.label} counted over the ${formatCount(item.events)} events whose action source can carry it)`
    )
  }

  if (report.byEventName.length > 0) {
    lines.push('', "Coverage by event_name, % of that name's events:")
    const signals = report.coverage.map((item) => item.signal)
    lines.push(
      ...table(
        [
          ['event_name', 'events', ...signals.map((signal) => SHORT_HEADERS[signal])],
          ...report.byEventName.map((entry) => [
            entry.event_name,
            formatCount(entry.events),
            ...entry.coverage.map((item) => (item.events === 0 ? NOT_CARRIED : compactPercent(item.percent)))
          ])
        ],
        ['left', 'right', ...signals.map((): Align => 'right')]
      )
    )
    lines.push(`  (${LEGEND})`)
  }

  lines.push('', ...ldpLines(report), '', ...offlineLines(report))
  return lines.join('\n') + '\n'
}

/** A grade above Poor rests on the lower-funnel check the data cannot decide; say so next to it. */
function gradeCaveat(report: HealthReport): string[] {
  if (report.grade === null || report.grade === 'Poor') return []
  const lowerFunnel = report.checks.find((check) => check.id === 'lower_funnel_tag_events_sent')
  if (lowerFunnel?.status !== 'unverified') return []
  return [
    '  (assuming every lower-funnel event your Pinterest Tag fires is also sent through the API: Pinterest grades Poor',
    `   otherwise. Lower-funnel names in this data: ${formatList(report.lowerFunnel.present)}; absent: ${formatList(
      report.lowerFunnel.absent
    )}.)`
  ]
}

function ldpLines(report: HealthReport): string[] {
  const ldp = report.limitedDataProcessing
  if (ldp.requested === 0) return ['Limited Data Processing: no event asks for LDP']
  const lines = [
    `Limited Data Processing: ${formatCount(ldp.requested)} event${ldp.requested === 1 ? ' asks' : 's ask'} for LDP; ` +
      `Pinterest will apply it to ${formatCount(ldp.applied)} and ignore it on ${formatCount(
        ldp.ignored
      )} (it needs st = hashed ca and country = hashed us)`
  ]
  if (ldp.ignored > 0) {
    const causes = ldp.ignoredBecause
    lines.push(
      `  ignored because: st missing ${formatCount(causes.stMissing)}, st not ca ${formatCount(causes.stNotCa)}, ` +
        `country missing ${formatCount(causes.countryMissing)}, country not us ${formatCount(
          causes.countryNotUs
        )} (an event can have several causes)`
    )
  }
  return lines
}

function offlineLines(report: HealthReport): string[] {
  const offline = report.offline
  const hours = report.criteria.offlineAfterSeconds / 3600
  return [
    'Offline:',
    `  received late: ${events(offline.receivedLate)} (${formatPercent(offline.receivedLatePercent)}) sent more than ` +
      `${hours} hour${hours === 1 ? '' : 's'} after their event_time; Pinterest counts them as offline conversions`,
    `  action_source offline: ${events(offline.actionSourceOffline)} (${formatPercent(
      offline.actionSourceOfflinePercent
    )}); ` + 'Pinterest never deduplicates these against the Tag'
  ]
}

/** In place of a percentage when no event could carry the signal (a mobile ID on the web). */
const NOT_CARRIED = '-'

/** Whole percent for the wide table, without letting 99.9 pass for 100 or 0.1 for 0. */
function compactPercent(percent: number): string {
  if (percent === 0 || percent === 100) return String(percent)
  return percent < 1 ? '<1' : String(Math.floor(percent))
}

function events(count: number): string {
  return `${formatCount(count)} event${count === 1 ? '' : 's'}`
}

type Align = 'left' | 'right'

function table(rows: readonly (readonly string[])[], align: readonly Align[]): string[] {
  const widths = align.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)))
  return rows.map(
    (row) =>
      '  ' +
      row
        .map((cell, column) =>
          align[column] === 'right' ? cell.padStart(widths[column]) : cell.padEnd(widths[column])
        )
        .join('  ')
        .trimEnd()
  )
}
