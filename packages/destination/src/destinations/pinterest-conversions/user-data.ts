import { isIP } from 'net'
import type { HashedUserDataKey, UserData } from './contract/types'
import { isAlreadyHashed, processHashing } from './hash'
import { MAX_HASHED_VALUES, USER_DATA_MAX_LENGTH } from './limits'
import type { NormalizeOptions } from './normalize'
import { EMPTY, isDropped, normalizeValue, PLACEHOLDER } from './normalize'
import type { Payload } from './reportConversionEvent/generated-types'
import { textOf } from './values'
import type { Warnings } from './warnings'

export type UserDataInput = Payload['user_data']

/** Mapping field → the Pinterest key it fills, for the keys that are hashed. */
export const HASHED_FIELDS = {
  email: 'em',
  phone: 'ph',
  gender: 'ge',
  date_of_birth: 'db',
  first_name: 'fn',
  last_name: 'ln',
  city: 'ct',
  state: 'st',
  zip: 'zp',
  country: 'country',
  external_id: 'external_id',
  hashed_maids: 'hashed_maids'
} as const
export type HashedField = keyof typeof HASHED_FIELDS

/** What happened to one input value on its way to Pinterest. */
export type ValueTrace = Readonly<
  | { input: string; status: 'hashed'; normalized: string; digest: string }
  | { input: string; status: 'prehashed'; digest: string }
  | { input: string; status: 'duplicate'; digest: string }
  | { input: string; status: 'dropped'; reason: string }
>

/** Per mapping field, every value that came in and what became of it. Filled only when asked for. */
export type UserDataTrace = Partial<Record<keyof NonNullable<UserDataInput>, ValueTrace[]>>

/**
 * The digests of the short codes gender, state and country normalize to (f, ca, us, ...):
 * computed once, so the few values that make up most events are not hashed again. Codes, not
 * anything a customer sent: nothing of one call is kept for the next.
 */
const CODE_DIGESTS: ReadonlyMap<string, string> = new Map(
  ['f', 'm', 'n', ...twoLetterCodes()].map((code) => [code, processHashing(code, 'sha256', 'hex')])
)

function twoLetterCodes(): string[] {
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  return [...letters].flatMap((first) => [...letters].map((second) => first + second))
}

const CODED: ReadonlySet<HashedUserDataKey> = new Set(['ge', 'st', 'country'])

/**
 * Pinterest's `user_data` from the mapped fields: hashed keys normalized, hashed and
 * deduplicated, plain keys cleaned. A value that cannot be used is dropped with a warning
 * (an empty one or a placeholder silently); a key with nothing left, or with more different
 * values than one person has, is left out.
 */
export function buildUserData(
  input: UserDataInput,
  eventSourceUrl: string | undefined,
  options: NormalizeOptions,
  warnings: Warnings,
  trace?: UserDataTrace
): UserData {
  const userData: UserData = {}
  const hashed = (field: HashedField) => digestsOf(field, input[field], options, warnings, trace)
  let digests: string[] | undefined
  if ((digests = hashed('email'))) userData.em = digests
  if ((digests = hashed('phone'))) userData.ph = digests
  if ((digests = hashed('gender'))) userData.ge = digests
  if ((digests = hashed('date_of_birth'))) userData.db = digests
  if ((digests = hashed('first_name'))) userData.fn = digests
  if ((digests = hashed('last_name'))) userData.ln = digests
  if ((digests = hashed('city'))) userData.ct = digests
  if ((digests = hashed('state'))) userData.st = digests
  if ((digests = hashed('zip'))) userData.zp = digests
  if ((digests = hashed('country'))) userData.country = digests
  if ((digests = hashed('external_id'))) userData.external_id = digests
  if ((digests = hashed('hashed_maids'))) userData.hashed_maids = digests
  const ip = ipAddressOf(input.client_ip_address, warnings, trace)
  if (ip) userData.client_ip_address = ip
  let value: string | undefined
  const max = USER_DATA_MAX_LENGTH
  if ((value = textOf(input.client_user_agent, 'user_data.client_user_agent', max.client_user_agent, warnings))) {
    userData.client_user_agent = value
  }
  const clickId =
    textOf(input.click_id, 'user_data.click_id', max.click_id, warnings) ??
    textOf(epikOf(eventSourceUrl), 'user_data.click_id', max.click_id, warnings)
  if ((value = clickId)) {
    userData.click_id = value
  }
  if ((value = textOf(input.partner_id, 'user_data.partner_id', max.partner_id, warnings))) userData.partner_id = value
  return userData
}

/** The digests of one field's values (a value, a list, lists in lists), deduplicated; undefined when none is left. */
function digestsOf(
  field: HashedField,
  values: unknown,
  options: NormalizeOptions,
  warnings: Warnings,
  trace: UserDataTrace | undefined
): string[] | undefined {
  if (values === undefined || values === null) return undefined
  const key = HASHED_FIELDS[field]
  const traced: ValueTrace[] | undefined = trace ? (trace[field] = []) : undefined
  let digests: string[] | undefined
  forEachValue(values, (raw) => {
    const outcome = traceValue(key, raw, options)
    if (outcome.status === 'dropped') {
      if (outcome.reason !== EMPTY && outcome.reason !== PLACEHOLDER) warnings.add(`user_data.${field}`, outcome.reason)
      traced?.push(outcome)
    } else if (digests === undefined) {
      digests = [outcome.digest]
      traced?.push(outcome)
    } else if (digests.includes(outcome.digest)) {
      traced?.push({ input: outcome.input, status: 'duplicate', digest: outcome.digest })
    } else {
      digests.push(outcome.digest)
      traced?.push(outcome)
    }
  })
  if (digests && digests.length > MAX_HASHED_VALUES) {
    warnings.add(
      `user_data.${field}`,
      `has ${digests.length} different values, more than the ${MAX_HASHED_VALUES} one person has: left out rather than credit the conversion to all of them`
    )
    return undefined
  }
  return digests
}

/** Every value of a field, lists in lists included, in order. */
function forEachValue(values: unknown, visit: (value: unknown) => void): void {
  if (!Array.isArray(values)) return visit(values)
  for (const value of values) forEachValue(value, visit)
}

/** Normalizes and hashes one value of a hashed key; a value that already is a digest is only lowercased. */
function traceValue(key: HashedUserDataKey, raw: unknown, options: NormalizeOptions): ValueTrace {
  const input = textInput(raw)
  if (input === undefined)
    return { input: `(${shapeOf(raw)})`, status: 'dropped', reason: `is ${shapeOf(raw)}, not text` }
  const value = input.trim()
  if (value === '') return { input, status: 'dropped', reason: EMPTY }
  if (isAlreadyHashed(value, 'sha256', 'hex')) return { input, status: 'prehashed', digest: value.toLowerCase() }
  const normalized = normalizeValue(key, value, options)
  if (isDropped(normalized)) return { input, status: 'dropped', reason: normalized.dropped }
  const digest = (CODED.has(key) && CODE_DIGESTS.get(normalized)) || processHashing(normalized, 'sha256', 'hex')
  return { input, status: 'hashed', normalized, digest }
}

function textInput(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw
  return typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined
}

function shapeOf(raw: unknown): string {
  if (Array.isArray(raw)) return 'a list'
  return typeof raw === 'object' && raw !== null ? 'an object' : `a ${typeof raw}`
}

/**
 * `context.ip` is sometimes a forwarded-for list ("client, proxy1, proxy2"); the client comes
 * first. An IPv6 address with a zone ("fe80::1%eth0", any length) names an interface of the
 * machine that logged it, never a client on the internet: it is not taken.
 */
function ipAddressOf(value: unknown, warnings: Warnings, trace: UserDataTrace | undefined): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') {
    warnings.add('user_data.client_ip_address', `is ${shapeOf(value)}, not text`)
    return undefined
  }
  const text = value.trim()
  if (text === '') return undefined
  const ip = text.includes(',')
    ? text
        .split(',')
        .map((part) => clientIp(part.trim()))
        .find(Boolean)
    : clientIp(text)
  if (ip) return ip
  const reason = 'is not an IPv4 or IPv6 address'
  warnings.add('user_data.client_ip_address', reason)
  if (trace) trace.client_ip_address = [{ input: text, status: 'dropped', reason }]
  return undefined
}

function clientIp(text: string): string | undefined {
  return isIP(text) && !text.includes('%') ? text : undefined
}

/** Pinterest's click ID travels as the `epik` query parameter of the landing page URL. */
export function epikOf(url: string | undefined): string | undefined {
  // A regular expression rather than `new URL()`, which costs microseconds on every event.
  const match = url && EPIK_PARAMETER.exec(url)
  if (!match) return undefined
  const encoded = match[1]
  // Pinterest's IDs are URL-safe: most need no decoding.
  if (!ENCODED.test(encoded)) return encoded.trim() || undefined
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' ')).trim() || undefined
  } catch {
    return undefined
  }
}

const EPIK_PARAMETER = /[?&]epik=([^&#]*)/
const ENCODED = /[%+]/
