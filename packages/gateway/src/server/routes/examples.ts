import { readdirSync, readFileSync } from 'fs'
import { join } from 'path'
import type { SegmentEvent } from '@segment/actions-core'
import type { Target } from 'pinterest-conversions-tools'
import { targetsFor, targetsTaking } from 'pinterest-conversions-tools'
import { EXAMPLES_DIR } from '../banner'
import type { Route } from '../router'

export interface ExampleEvent {
  /** The file name without .json: `order-completed`. */
  name: string
  /** What a person picks it by: the track event name, or `Page` for a page call. */
  title: string
  type: string
  /** The presets whose subscription takes it (`Checkout`). */
  presets: string[]
  event: SegmentEvent
}

/** `GET /examples`: the bundled example events (examples/*.json), each with the presets that take it. */
export function examplesRoute(actionSlug: string, dir = EXAMPLES_DIR): Route {
  return {
    method: 'GET',
    path: '/examples',
    summary: 'the bundled example events, each with the presets that take it',
    handle: () => ({ status: 200, body: { examples: readExamples(dir, targetsFor({ actionSlug })) } })
  }
}

function readExamples(dir: string, presets: readonly Target[]): ExampleEvent[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const event = JSON.parse(readFileSync(join(dir, file), 'utf8')) as SegmentEvent
      const title =
        event.type === 'track' ? String(event.event) : event.type.charAt(0).toUpperCase() + event.type.slice(1)
      return {
        name: file.slice(0, -'.json'.length),
        title,
        type: event.type,
        presets: targetsTaking(presets, event).map((preset) => preset.name),
        event
      }
    })
}
