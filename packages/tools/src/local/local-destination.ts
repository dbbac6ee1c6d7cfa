/**
 * The destination run the way a Segment-compatible runtime runs it: through actions-core's
 * `Destination` (mapping, validation, perform/performBatch, request client), never a parallel
 * path. A local run only adds, from outside the definition, where the requests go (a
 * transport), who watches (an observer), and how long a request may take.
 */
import type { DestinationDefinition, InputField, JSONObject, Logger, Result, SegmentEvent } from '@segment/actions-core'
import { Destination, transform } from '@segment/actions-core'
import destination, { ACTION_SLUG, NO_ATTRIBUTION, performers } from 'pinterest-conversions'
import type { Settings, DeliveryObserver, FailureBody, LeftOut } from 'pinterest-conversions'
import type { Transport } from '../sandbox/transport'
import type { FrameworkRefusal } from './refusal'
import { isValidationError, refusalOf } from './refusal'
import type { Rescue } from './rescue'
import { payloadMapping, rescueOf, withLeftOut } from './rescue'
import { silentLogger } from './logger'
import { SANDBOX_SETTINGS } from './mode'
import { withoutNullContext } from './segment-event'
import type { MultiStatus, MultiStatusEntry } from './multistatus'

export interface LocalRun {
  /** Where requests go instead of Pinterest: the sandbox, or nowhere (capture). Pinterest when absent. */
  transport?: Transport
  observer?: DeliveryObserver
  /** How long one request waits for an answer (the destination's default when absent). */
  timeoutMs?: number
  /** Where a defect of the destination is logged (its stack, never a value). */
  logger?: Logger
  /** Told of the values left out of an event actions-core refused for them alone (see rescue.ts). */
  rescued?(leftOut: readonly LeftOut[]): void
}

const noop = () => undefined

/** The definition as a local run uses it: the same fields, presets and delivery path. */
export function localDefinition(run: LocalRun = {}): DestinationDefinition<Settings> {
  const via = run.transport ?? ((request) => request)
  const action = destination.actions[ACTION_SLUG]
  // Segment's partner marker is Segment's to send: a local run sends the Partner Name setting only.
  const { perform, performBatch } = performers({
    observer: run.observer,
    timeoutMs: run.timeoutMs,
    attribution: NO_ATTRIBUTION
  })
  const authentication = destination.authentication
  const check = authentication?.testAuthentication
  return {
    ...destination,
    ...(authentication &&
      check && {
        authentication: { ...authentication, testAuthentication: (request, input) => check(via(request), input) }
      }),
    actions: {
      [ACTION_SLUG]: {
        ...action,
        perform: (request, data) => perform(via(request), data),
        performBatch: (request, data) => performBatch?.(via(request), data)
      }
    }
  }
}

export class LocalDestination extends Destination<Settings> {
  private readonly logger: Logger
  private readonly rescued?: LocalRun['rescued']

  constructor(run: LocalRun = {}) {
    super(localDefinition(run))
    this.logger = run.logger ?? silentLogger
    this.rescued = run.rescued
  }

  /**
   * The single path (`perform`), as the runtime takes it for one event. Throws the action's
   * typed errors; a refusal of actions-core's validation as a FrameworkRefusal naming its fields,
   * unless it was about optional values alone: then the event runs again without them.
   */
  async runOne(event: SegmentEvent, mapping: JSONObject, settings: Settings): Promise<Result[]> {
    const input = withoutNullContext(event)
    try {
      return await this.executeAction(ACTION_SLUG, { event: input, mapping, settings, ...this.context() })
    } catch (error) {
      if (!isValidationError(error)) throw error
      const payload = mappedPayload(mapping, input)
      const rescue = rescueOf(error.errors, payload, this.fields())
      if (!rescue) throw refusalOf(error, payload, this.fields())
      return await this.runRescued(rescue, settings, () => refusalOf(error, payload, this.fields()))
    } finally {
      this.forgetResponses()
    }
  }

  /**
   * The batch path (`performBatch`): one multistatus entry per event. An event actions-core's
   * validation refused for optional values alone runs again without them (in one more batch);
   * any other refusal gets its fields in its body, as the destination's own failures have them.
   */
  async runBatch(events: SegmentEvent[], mapping: JSONObject, settings: Settings): Promise<MultiStatus> {
    const inputs = events.map(withoutNullContext)
    try {
      const nodes = await this.executeBatch(ACTION_SLUG, { events: inputs, mapping, settings, ...this.context() })
      const refused = nodes.flatMap((node, i) => (isFrameworkRefusal(node) ? [i] : []))
      if (refused.length === 0) return nodes
      const rescues = await Promise.all(refused.map((i) => VALIDATOR.rescue(inputs[i], mapping)))
      const rescued = refused.flatMap((at, n) => (rescues[n] ? [{ at, rescue: rescues[n] }] : []))
      const again =
        rescued.length > 0
          ? await this.runRescuedBatch(
              rescued.map((r) => r.rescue),
              settings
            )
          : []
      rescued.forEach(({ at }, n) => (nodes[at] = again[n]))
      return await Promise.all(
        nodes.map((node, i) => (isFrameworkRefusal(node) ? this.explainRefusal(node, inputs[i], mapping) : node))
      )
    } finally {
      this.forgetResponses()
    }
  }

  private async runRescued(rescue: Rescue, settings: Settings, refusal: () => Error): Promise<Result[]> {
    this.rescued?.(rescue.leftOut)
    let results: Result[]
    try {
      results = await this.executeAction(ACTION_SLUG, {
        event: rescue.payload as unknown as SegmentEvent,
        mapping: payloadMapping(this.fields()),
        settings,
        ...this.context()
      })
    } catch (error) {
      throw isValidationError(error) ? refusal() : error
    }
    return results.map((r) =>
      r.output === 'Action Executed' ? { ...r, data: withLeftOut(r.data, rescue.leftOut) } : r
    )
  }

  private async runRescuedBatch(rescues: Rescue[], settings: Settings): Promise<MultiStatus> {
    for (const rescue of rescues) this.rescued?.(rescue.leftOut)
    const nodes = await this.executeBatch(ACTION_SLUG, {
      events: rescues.map((rescue) => rescue.payload as unknown as SegmentEvent),
      mapping: payloadMapping(this.fields()),
      settings,
      ...this.context()
    })
    return nodes.map((node, i) => {
      if (isFrameworkRefusal(node)) return node
      const body = 'body' in node ? node.body : undefined
      return { ...node, body: withLeftOut(body, rescues[i].leftOut) } as MultiStatusEntry
    })
  }

  /** actions-core's batch path keeps only the message of a refusal: its single path, asked again, names the fields. */
  private async explainRefusal(
    node: MultiStatusEntry,
    event: SegmentEvent,
    mapping: JSONObject
  ): Promise<MultiStatusEntry> {
    const refusal = await VALIDATOR.refusal(event, mapping)
    if (!refusal) return node
    const body: FailureBody = { failure: 'invalid', fields: [...refusal.fields] }
    return { ...node, body: body as unknown as JSONObject }
  }

  private fields(): Record<string, InputField> {
    return this.actions[ACTION_SLUG].definition.fields
  }

  private context() {
    return { features: {}, logger: this.logger }
  }

  // actions-core keeps every response of the destination; a long-running process must not.
  private forgetResponses(): void {
    this.responses.length = 0
  }
}

/** The same definition with a perform that does nothing: actions-core's mapping and validation alone. */
class PayloadValidator extends Destination<Settings> {
  constructor() {
    super({
      ...destination,
      actions: { [ACTION_SLUG]: { ...destination.actions[ACTION_SLUG], perform: noop, performBatch: undefined } }
    })
  }

  /** actions-core's refusal of the event as mapped, with its fields; undefined when it passes. */
  async refusal(event: SegmentEvent, mapping: JSONObject): Promise<FrameworkRefusal | undefined> {
    const error = await this.validationError(event, mapping)
    return error && refusalOf(error, mappedPayload(mapping, event), this.actions[ACTION_SLUG].definition.fields)
  }

  /** The event as mapped without the optional values actions-core refused, when those were its only problems. */
  async rescue(event: SegmentEvent, mapping: JSONObject): Promise<Rescue | undefined> {
    const error = await this.validationError(event, mapping)
    return error && rescueOf(error.errors, mappedPayload(mapping, event), this.actions[ACTION_SLUG].definition.fields)
  }

  private async validationError(event: SegmentEvent, mapping: JSONObject) {
    try {
      await this.executeAction(ACTION_SLUG, {
        event,
        mapping,
        settings: SANDBOX_SETTINGS,
        features: {},
        logger: silentLogger
      })
      return undefined
    } catch (error) {
      return isValidationError(error) ? error : undefined
    }
  }
}

const VALIDATOR = new PayloadValidator()

function isFrameworkRefusal(node: MultiStatusEntry): boolean {
  return (
    node.status === 400 &&
    (node as { errortype?: string }).errortype === 'PAYLOAD_VALIDATION_FAILED' &&
    !('body' in node && node.body) &&
    !('sent' in node && node.sent)
  )
}

function mappedPayload(mapping: JSONObject, event: SegmentEvent): JSONObject {
  return transform(mapping, event as unknown as JSONObject)
}

/**
 * The definition's testAuthentication, run by actions-core's `Destination.testAuthentication`.
 * The framework replaces whatever the check throws by a plain Error ("Credentials are
 * invalid: ..."); the check is observed so the typed error (401, 403, settings) can be rethrown.
 */
export async function testAuthentication(settings: Settings, run: LocalRun = {}): Promise<void> {
  const definition = localDefinition(run)
  const authentication = definition.authentication
  const check = authentication?.testAuthentication
  if (!authentication || !check) return
  let thrown: unknown
  const observed: DestinationDefinition<Settings> = {
    ...definition,
    authentication: {
      ...authentication,
      testAuthentication: async (request, input) => {
        try {
          return await check(request, input)
        } catch (error) {
          thrown = error
          throw error
        }
      }
    }
  }
  try {
    await new Destination(observed).testAuthentication(settings)
  } catch (error) {
    throw thrown ?? error
  }
}
