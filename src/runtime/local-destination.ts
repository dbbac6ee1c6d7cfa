/**
 * The destination run the way a Segment-compatible runtime runs it: through actions-core's
 * `Destination` (mapping, validation, perform/performBatch, request client), never a parallel
 * path. This file only opens what the runtime keeps protected and collects what was sent.
 */
import type { DestinationDefinition, JSONObject, Result, SegmentEvent } from '@segment/actions-core'
import { Destination } from '@segment/actions-core'
import destination from '../destinations/pinterest-conversions'
import type { Settings } from '../destinations/pinterest-conversions/generated-types'
import type { Exchange } from './exchange'
import { exchangeOf } from './exchange'
import { withoutNullContext } from './segment-event'

/** What `executeBatch` answers: one outcome per event, in order. */
export type MultiStatus = Awaited<ReturnType<Destination<Settings>['executeBatch']>>

const noop = () => undefined
// actions-core reads these from the runtime; a local run has no stats, cache or state to give.
const RUNTIME_CONTEXT = {
  features: {},
  logger: {
    level: 'error',
    name: 'local',
    debug: noop,
    info: noop,
    warn: noop,
    error: noop,
    crit: noop,
    log: noop,
    withTags: noop
  }
}

export class LocalDestination extends Destination<Settings> {
  constructor(definition: DestinationDefinition<Settings> = destination) {
    super(definition)
  }

  /** The single path (`perform`), as the runtime takes it for one event. Throws the action's typed errors. */
  async runOne(actionSlug: string, event: SegmentEvent, mapping: JSONObject, settings: Settings): Promise<Result[]> {
    return this.executeAction(actionSlug, { event: withoutNullContext(event), mapping, settings, ...RUNTIME_CONTEXT })
  }

  /** The batch path (`performBatch`): one multistatus entry per event. */
  async runBatch(
    actionSlug: string,
    events: SegmentEvent[],
    mapping: JSONObject,
    settings: Settings
  ): Promise<MultiStatus> {
    return this.executeBatch(actionSlug, {
      events: events.map(withoutNullContext),
      mapping,
      settings,
      ...RUNTIME_CONTEXT
    })
  }

  /**
   * The requests made since the last call, Authorization redacted. actions-core pushes every
   * response of an action onto `responses`; taking them empties the list, so a long replay does
   * not keep every batch it ever sent.
   */
  takeExchanges(): Exchange[] {
    return this.responses.splice(0).map(exchangeOf)
  }

  /** Forgets the recorded requests without looking at them (a replay has no use for them). */
  discardExchanges(): void {
    this.responses.splice(0)
  }
}

/**
 * The definition's testAuthentication, run by actions-core's `Destination.testAuthentication`.
 * The framework replaces whatever the check throws by a plain Error ("Credentials are
 * invalid: ..."); the check is observed so the typed error (401, 403, settings) can be rethrown.
 */
export async function testAuthentication(
  settings: Settings,
  definition: DestinationDefinition<Settings> = destination
): Promise<void> {
  const authentication = definition.authentication
  const check = authentication?.testAuthentication
  let thrown: unknown
  const observed: DestinationDefinition<Settings> =
    authentication && check
      ? {
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
      : definition
  try {
    await new Destination(observed).testAuthentication(settings)
  } catch (error) {
    throw thrown ?? error
  }
}
