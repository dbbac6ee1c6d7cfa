/** The counts of a replay, and its failures grouped by message. */

export interface TargetCounts {
  sent: number
  processed: number
  failed: number
}

// A file where every event fails differently must not grow the summary without bound.
const MAX_FAILURE_GROUPS = 50
const OTHER_MESSAGES = '(other messages)'

export class Tally {
  /** Lines of the input, blank ones included. */
  lines = 0
  /** Lines that were JSON objects (events). */
  events = 0
  /** Lines that were not JSON, or not a JSON object. */
  broken = 0
  /** Events no target took. */
  skipped = 0
  /** Event deliveries handed to the destination (an event taken by two presets counts twice). */
  sent = 0
  processed = 0
  failed = 0
  readonly byTarget = new Map<string, TargetCounts>()
  readonly failures = new Map<string, number>()

  recordOutcome(target: string, ok: boolean, message?: string): void {
    const counts = this.byTarget.get(target) ?? { sent: 0, processed: 0, failed: 0 }
    this.byTarget.set(target, counts)
    counts.sent++
    this.sent++
    if (ok) {
      counts.processed++
      this.processed++
      return
    }
    counts.failed++
    this.failed++
    const key = groupKey(message ?? 'no message')
    const group = this.failures.has(key) || this.failures.size < MAX_FAILURE_GROUPS ? key : OTHER_MESSAGES
    this.failures.set(group, (this.failures.get(group) ?? 0) + 1)
  }
}

/** Messages that differ only by the time they name are one kind of failure. */
function groupKey(message: string): string {
  return message.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>')
}

export function formatSummary(tally: Tally, input: { label: string; description: string; dryRun: boolean }): string {
  const rows: Array<[string, string]> = [
    ['lines', `${tally.lines}`],
    ['events read', `${tally.events}`],
    ['not JSON (skipped)', `${tally.broken}`],
    ['matched no preset', `${tally.skipped}`],
    [input.dryRun ? 'built (not sent)' : 'sent', `${tally.sent}${perTarget(tally)}`],
    [input.dryRun ? 'would be sent' : 'processed', `${tally.processed}`],
    ['failed', `${tally.failed}`]
  ]
  const lines = [
    `Summary of ${input.label}${input.dryRun ? ' (dry run)' : ''}:`,
    ...rows.map(([name, value]) => `  ${name.padEnd(20)} ${value}`)
  ]
  const groups = [...tally.failures.entries()].sort((a, b) => b[1] - a[1])
  for (const [message, count] of groups) lines.push(`    ${String(count).padStart(6)} × ${message}`)
  return `${lines.join('\n')}\n`
}

function perTarget(tally: Tally): string {
  if (tally.byTarget.size === 0) return ''
  const parts = [...tally.byTarget.entries()].map(([name, c]) => `${name} ${c.sent}`)
  return `  (${parts.join(', ')})`
}
