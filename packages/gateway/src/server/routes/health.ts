import { ACTION_SLUG } from 'pinterest-conversions'
import {
  describeEntry,
  FieldError,
  failureBodyOf,
  LocalDestination,
  resolveMapping,
  targetsFor,
  withTimestamp,
  createSentHealth,
  sentEventOf,
  capture
} from 'pinterest-conversions-tools'
import type { MultiStatusEntry, Target } from 'pinterest-conversions-tools'
import type { ServerContext } from '../context'
import { settingsFor } from '../context'
import type { Route } from '../router'
import type { ActionInput } from './action'
import { EVENTS_BODY_BYTES, eventsOf, readInput } from './action'

/** One event the destination refused to build, and why (never its data). */
export interface RejectedEvent {
  /** Its index in `payload`. */
  index: number
  /** The preset it went through; absent when a given mapping took every event. */
  preset?: string
  status: number
  error: string
  field?: string
  fields?: string[]
}

/**
 * `POST /health` with the action route's body `{ payload, settings?, mapping?, preset? }` (one
 * Segment event or an array): maps the events through the destination exactly as the action
 * route's batch path does (actions-core executeBatch), but the requests go nowhere: the
 * capturing client answers them as Pinterest would, in this process. The answer is the
 * conversion health report of the events the destination built, and how many it built
 * (`mapped`) or refused (`rejected`, each with why).
 *
 * Routing: with `preset` or `mapping`, every event goes through that mapping, as on the action
 * route. With neither, each event goes to every preset whose subscription matches it, as
 * `replay` does and as a workspace with the presets enabled would: the action's bare defaults
 * leave event_name empty, so they would refuse every event and the report would say nothing.
 */
export function healthRoute(context: ServerContext): Route {
  return {
    method: 'POST',
    path: '/health',
    access: 'admin',
    bodyLimit: EVENTS_BODY_BYTES,
    summary:
      '{ payload, settings?, mapping?, preset? }: maps the events, sends nothing, answers their conversion health report',
    handle: async (request) => {
      const input = readInput(request.json())
      const payload = Array.isArray(input.payload) ? eventsOf(input.payload) : [input.payload]
      const settings = settingsFor(context, input.settings, request.secrets, 'settings')
      const targets = targetsOf(input)
      const now = new Date()
      const events = payload.map((event) => withTimestamp(event, now))

      const sentAtSeconds = Math.floor(now.getTime() / 1000)
      const health = createSentHealth({ nowSeconds: sentAtSeconds })
      const rejected: RejectedEvent[] = []
      const routed = new Set<number>()
      // The configured settings shape the events (partner_name, default_phone_country); the
      // requests reach no one.
      const destination = new LocalDestination({ transport: capture(), logger: context.logger })
      for (const target of targets) {
        const indices = events.flatMap((event, index) => (target.matches(event) ? [index] : []))
        if (indices.length === 0) continue
        indices.forEach((index) => routed.add(index))
        const nodes = await destination.runBatch(
          indices.map((index) => events[index]),
          target.mapping,
          settings
        )
        refuseUnusableSettings(nodes)
        indices.forEach((index, i) => {
          health.addOutcome(nodes[i], sentAtSeconds)
          if (!sentEventOf(nodes[i])) rejected.push(rejectionOf(nodes[i], index, target.preset))
        })
      }

      const report = health.report()
      return {
        status: 200,
        body: {
          ok: true,
          mode: context.mode,
          action: ACTION_SLUG,
          routing: input.preset !== undefined ? 'preset' : input.mapping !== undefined ? 'mapping' : 'presets',
          ...(input.preset !== undefined && { preset: input.preset }),
          counts: {
            received: events.length,
            matchedNoPreset: events.length - routed.size,
            mapped: report.events,
            rejected: rejected.length
          },
          rejected,
          health: report
        }
      }
    }
  }
}

/** Where events go, and the preset that takes them (none for a mapping given without one). */
type HealthTarget = Target & { preset?: string }

/** Every preset by its subscription; or one target taking every event, with the preset's or the given mapping. */
function targetsOf(input: ActionInput): HealthTarget[] {
  if (input.preset === undefined && input.mapping === undefined) {
    return targetsFor({ actionSlug: ACTION_SLUG }).map((target) => ({ ...target, preset: target.name }))
  }
  const mapping = resolveMapping({ actionSlug: ACTION_SLUG, preset: input.preset, mapping: input.mapping })
  return [{ name: input.preset ?? 'mapping', preset: input.preset, matches: () => true, mapping }]
}

function rejectionOf(node: MultiStatusEntry | undefined, index: number, preset: string | undefined): RejectedEvent {
  const where = { index, ...(preset !== undefined && { preset }) }
  if (!node) return { ...where, status: 500, error: 'The runtime answered no outcome for this event.' }
  const { message, field, fields } = describeEntry(node)
  return { ...where, status: node.status, error: message, ...(field && { field }), ...(fields && { fields }) }
}

/**
 * Unusable settings refuse every event alike; that is a mistake in the request, not a finding
 * about the events, so it is answered as one: 400 naming the setting.
 */
function refuseUnusableSettings(nodes: readonly MultiStatusEntry[]): void {
  for (const node of nodes) {
    const body = failureBodyOf((node as { body?: unknown }).body)
    if (body?.failure === 'settings') {
      const setting = body.fields?.[0] ?? 'settings'
      throw new FieldError((node as { errormessage?: string }).errormessage ?? 'The settings cannot work.', setting)
    }
  }
}
