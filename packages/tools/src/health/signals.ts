import type { ActionSource, UserData } from 'pinterest-conversions'

/**
 * The identifiers Pinterest weighs for "resilience" (Ads Manager > Conversion Health), in
 * Pinterest's order. Two of them only count when both keys are sent together: an IP address
 * without its user agent, or a first name without a last name, does not match a person.
 */
export type SignalId =
  | 'em'
  | 'hashed_maids'
  | 'ip_ua'
  | 'external_id'
  | 'fn_ln'
  | 'click_id'
  | 'ph'
  | 'ge'
  | 'db'
  | 'ct'
  | 'st'
  | 'zp'
  | 'country'

export type Priority = 'high' | 'medium' | 'low'

export interface Signal {
  readonly id: SignalId
  /** The Pinterest user_data keys that must all carry a value. */
  readonly fields: readonly (keyof UserData)[]
  readonly priority: Priority
  /** The Pinterest keys as an advertiser reads them in Pinterest's docs. */
  readonly label: string
  /**
   * The action sources whose events can carry it; absent: every source. A web page or a store
   * has no mobile advertising ID, so a web event lacking one lacks nothing it could have sent.
   */
  readonly sources?: readonly ActionSource[]
}

function signal(
  id: SignalId,
  priority: Priority,
  fields: readonly (keyof UserData)[],
  sources?: readonly ActionSource[]
): Signal {
  return { id, priority, fields, label: fields.join(' + '), ...(sources && { sources }) }
}

export const SIGNALS: readonly Signal[] = [
  signal('em', 'high', ['em']),
  signal('hashed_maids', 'high', ['hashed_maids'], ['app_android', 'app_ios']),
  signal('ip_ua', 'high', ['client_ip_address', 'client_user_agent']),
  signal('external_id', 'medium', ['external_id']),
  signal('fn_ln', 'medium', ['fn', 'ln']),
  signal('click_id', 'low', ['click_id']),
  signal('ph', 'low', ['ph']),
  signal('ge', 'low', ['ge']),
  signal('db', 'low', ['db']),
  signal('ct', 'low', ['ct']),
  signal('st', 'low', ['st']),
  signal('zp', 'low', ['zp']),
  signal('country', 'low', ['country'])
]

/** Whether an event from this action source can carry the signal at all. */
export function fitsSource(signal: Pick<Signal, 'sources'>, actionSource: ActionSource): boolean {
  return signal.sources === undefined || signal.sources.includes(actionSource)
}

export function hasSignal(userData: UserData, signal: Signal): boolean {
  return signal.fields.every((field) => hasValue(userData[field]))
}

/**
 * A key counts when it holds at least one non-empty value. Digest format is the contract
 * check's business; here an odd value still is a value the advertiser sent.
 */
export function hasValue(value: string | readonly string[] | undefined): boolean {
  if (typeof value === 'string') return value.trim() !== ''
  return Array.isArray(value) && value.some((item) => typeof item === 'string' && item !== '')
}
