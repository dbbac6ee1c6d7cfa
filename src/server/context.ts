import type { DestinationDefinition } from '@segment/actions-core'
import type { Settings } from '../destinations/pinterest-conversions/generated-types'
import { FieldError } from '../runtime/errors'
import type { Mode } from '../runtime/mode'

/** What routes share: the destination, the mode, and the settings each request starts from. */
export interface ServerContext {
  definition: DestinationDefinition<Settings>
  mode: Mode['kind']
  /** Live: the settings from the environment. Sandbox: settings pointing at this server's sandbox. */
  baseSettings(): Settings
}

/**
 * The settings of one request: the base settings with the keys the caller gave laid over them.
 * A caller that sends elsewhere (its own api_base_url) brings its own token: the configured
 * one only ever goes where it was configured to go.
 */
export function settingsFor(context: ServerContext, given: unknown, secrets: Set<string>, field?: string): Settings {
  const named = (key: string) => (field ? `${field}.${key}` : key)
  if (given === undefined || given === null) return context.baseSettings()
  if (typeof given !== 'object' || Array.isArray(given))
    throw new FieldError(`${field ?? 'The body'} must be an object of destination settings.`, field ?? 'body')
  const override = given as Partial<Settings>
  if (typeof override.conversion_token === 'string') secrets.add(override.conversion_token)
  const base = context.baseSettings()
  const movesBaseUrl = override.api_base_url !== undefined && override.api_base_url !== base.api_base_url
  if (movesBaseUrl && override.conversion_token === undefined) {
    throw new FieldError(
      `${named(
        'api_base_url'
      )} sends elsewhere than the configured API: give that API's conversion_token as well (the configured token only goes to the configured API).`,
      named('api_base_url')
    )
  }
  return { ...base, ...override }
}
