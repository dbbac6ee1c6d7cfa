import type { Logger } from '@segment/actions-core'
import type { Settings } from 'pinterest-conversions'
import { isObject, FieldError } from 'pinterest-conversions-tools'
import type { LocalRun, Mode, Transport } from 'pinterest-conversions-tools'

/** What routes share: the mode, the settings each request starts from, and where requests go. */
export interface ServerContext {
  mode: Mode['kind']
  /** Live: the settings from the environment. Sandbox: the sandbox's ad account and token. */
  baseSettings(): Settings
  /** Sandbox mode: the sandbox mounted on this server; live mode: none (Pinterest itself). */
  transport(): Transport | undefined
  /** Where Pinterest's URLs go instead of Pinterest: the sandbox's base URL; undefined in live mode. */
  sandboxBase(): string | undefined
  /** One line: where events go. */
  describe(): string
  /** Where a defect of the destination is logged. */
  logger: Logger
}

/** A run of the destination as this server makes it: to its sandbox, or to Pinterest. */
export function runOf(context: ServerContext, extra: Omit<LocalRun, 'transport' | 'logger'> = {}): LocalRun {
  return { ...extra, transport: context.transport(), logger: context.logger }
}

/** The settings of one request: the base settings with the keys the caller gave laid over them. */
export function settingsFor(context: ServerContext, given: unknown, secrets: Set<string>, field?: string): Settings {
  if (given === undefined || given === null) return context.baseSettings()
  if (!isObject(given)) {
    throw new FieldError(`${field ?? 'The body'} must be an object of destination settings.`, field ?? 'body')
  }
  const override = given as Partial<Settings>
  if (typeof override.conversion_token === 'string') secrets.add(override.conversion_token)
  return { ...context.baseSettings(), ...override }
}
