/**
 * `replay FILE --explain N`: the first N events of a file, each explained as the playground
 * explains it (src/explain), for every preset that takes it, as text on stdout. Nothing is sent
 * unless --sandbox (the in-process sandbox) or --send (Pinterest, with the configured settings)
 * asks for it.
 */
import type { SegmentEvent } from '@segment/actions-core'
import type { Settings } from 'pinterest-conversions'
import {
  explainEvent,
  formatExplanation,
  parseEventLine,
  targetsTaking,
  withTimestamp
} from 'pinterest-conversions-tools'
import type { Transport, Target } from 'pinterest-conversions-tools'
import type { LineSource } from './lines'

export interface ExplainRun {
  source: LineSource
  targets: Target[]
  settings: Settings
  send: boolean
  /** Where sent requests go instead of Pinterest (the in-process sandbox). */
  transport?: Transport
  /** How many events (JSON objects) to explain; lines that are not events do not count. */
  limit: number
  write: (text: string) => void
  now?: () => Date
}

export interface ExplainTally {
  events: number
  explained: number
  refused: number
  unmatched: number
}

export async function explainFirst(run: ExplainRun): Promise<ExplainTally> {
  const tally: ExplainTally = { events: 0, explained: 0, refused: 0, unmatched: 0 }
  const now = run.now ?? (() => new Date())
  let line = 0
  for await (const text of run.source.lines) {
    line++
    if (text.trim() === '') continue
    const event = parseEventLine(text)
    if (typeof event === 'string') {
      run.write(`line ${line}: ${event}; skipped\n\n`)
      continue
    }
    const number = ++tally.events
    const name = describeEvent(event)
    const taken = targetsTaking(run.targets, event)
    if (taken.length === 0) {
      tally.unmatched++
      run.write(`Event ${number} (line ${line}): ${name} matched no preset: not explained\n\n`)
    }
    for (const target of taken) {
      const explanation = await explainEvent({
        event: withTimestamp(event, now()),
        mapping: target.mapping,
        settings: run.settings,
        send: run.send,
        transport: run.transport
      })
      tally.explained++
      if (!explanation.ok) tally.refused++
      run.write(`${formatExplanation(explanation, `Event ${number} (line ${line}): ${name} through ${target.name}`)}\n`)
    }
    if (tally.events >= run.limit) break
  }
  return tally
}

function describeEvent(event: SegmentEvent): string {
  return event.type === 'track' ? `track "${String(event.event)}"` : `${String(event.type)} call`
}
