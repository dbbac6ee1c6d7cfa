import { parseFql, validate } from '@segment/destination-subscriptions'
import type { SegmentEvent } from '@segment/actions-core'
import { automaticPresets } from './mappings'

/** A matcher for an FQL subscription, evaluated by Segment's own @segment/destination-subscriptions. */
export function subscriptionOf(fql: string): (event: SegmentEvent) => boolean {
  const parsed = parseFql(fql)
  if ('error' in parsed) throw new Error(`A preset's subscription does not parse (${fql}): ${parsed.error.message}`)
  return (event) => validate(parsed, event)
}

/** The names of the presets whose subscription takes this event. */
export function presetsMatching(event: SegmentEvent, actionSlug?: string): string[] {
  return automaticPresets
    .filter((preset) => actionSlug === undefined || preset.partnerAction === actionSlug)
    .filter((preset) => subscriptionOf(preset.subscribe)(event))
    .map((preset) => preset.name ?? preset.subscribe)
}
