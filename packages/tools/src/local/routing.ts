import type { JSONObject, SegmentEvent } from '@segment/actions-core'
import { automaticPresets, presetNamed, resolveMapping } from './mappings'
import { subscriptionOf } from './subscriptions'

/** Where matching events go: a name for summaries, who it takes, and the mapping it sends them with. */
export interface Target {
  name: string
  matches(event: SegmentEvent): boolean
  mapping: JSONObject
}

export interface RoutingChoice {
  actionSlug: string
  /** Only this preset (events its subscription does not match are skipped). */
  preset?: string
  /** A mapping for every event: laid over the preset's mapping with --preset, over the action's defaults without. */
  mapping?: JSONObject
}

/**
 * The targets that take an event, in their order. The one place an event is routed: replay,
 * explain, the health route and the gateway's ingestion all ask it.
 */
export function targetsTaking<T extends Target>(targets: readonly T[], event: SegmentEvent): T[] {
  return targets.filter((target) => target.matches(event))
}

/**
 * The targets of a replay: every automatic preset, each taking the events its FQL subscription
 * matches (evaluated by Segment's own @segment/destination-subscriptions); or one preset; or
 * one mapping that takes every event.
 */
export function targetsFor({ actionSlug, preset, mapping }: RoutingChoice): Target[] {
  if (preset !== undefined) {
    const found = presetNamed(preset, '--preset')
    return [
      {
        name: found.name ?? preset,
        matches: subscriptionOf(found.subscribe),
        mapping: resolveMapping({ actionSlug, preset, mapping, presetField: '--preset' })
      }
    ]
  }
  if (mapping !== undefined) {
    return [{ name: 'mapping', matches: () => true, mapping: resolveMapping({ actionSlug, mapping }) }]
  }
  return automaticPresets
    .filter((p) => p.partnerAction === actionSlug)
    .map((p) => ({ name: p.name ?? p.subscribe, matches: subscriptionOf(p.subscribe), mapping: p.mapping ?? {} }))
}
