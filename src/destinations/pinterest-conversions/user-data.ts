import { isIP } from 'net'
import type { HashedUserDataKey, UserData } from './contract/types'
import { isAlreadyHashed, processHashing } from './hash'
import { MAX_HASHED_VALUES, tooMany } from './limits'
import type { NormalizeOptions } from './normalize'
import { isDropped, normalizeValue } from './normalize'
import type { Payload } from './reportConversionEvent/generated-types'

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

/** How the values of one hashed mapping field become the digests of its Pinterest key. */
interface HashedKeyRule {
  readonly field: HashedField
  readonly key: HashedUserDataKey
  /** The outcome per input, for fields written in a handful of forms across all events. */
  readonly memo?: Map<string, ValueTrace>
}

// Gender, state and country come in a handful of written forms across all events, so their
// outcome is remembered instead of normalized and hashed again. Bounded: when full, it starts over.
const REMEMBERED: ReadonlySet<HashedField> = new Set(['gender', 'state', 'country'])
const MEMO_LIMIT = 1000

// One rule per field, built at load, holding its key and memo, so that nothing is looked up by
// field name for each value.
const RULE = Object.fromEntries(
  (Object.keys(HASHED_FIELDS) as HashedField[]).map((field) => [
    field,
    { field, key: HASHED_FIELDS[field], memo: REMEMBERED.has(field) ? new Map<string, ValueTrace>() : undefined }
  ])
) as Record<HashedField, HashedKeyRule>

/**
 * Pinterest's `user_data` from the mapped fields: hashed keys normalized, hashed and
 * deduplicated (a key with nothing left is left out), plain keys cleaned.
 */
export function buildUserData(
  input: UserDataInput,
  eventSourceUrl: string | undefined,
  options: NormalizeOptions,
  trace?: UserDataTrace
): UserData {
  const userData: UserData = {}
  // One line per key, not a loop over the rules: with the key written out, V8 adds it to the
  // object directly; a key chosen at run time costs a lookup of the object's new shape per key.
  let digests: string[] | undefined
  if ((digests = digestsOf(RULE.email, input.email, options, trace))) userData.em = digests
  if ((digests = digestsOf(RULE.phone, input.phone, options, trace))) userData.ph = digests
  if ((digests = digestsOf(RULE.gender, input.gender, options, trace))) userData.ge = digests
  if ((digests = digestsOf(RULE.date_of_birth, input.date_of_birth, options, trace))) userData.db = digests
  if ((digests = digestsOf(RULE.first_name, input.first_name, options, trace))) userData.fn = digests
  if ((digests = digestsOf(RULE.last_name, input.last_name, options, trace))) userData.ln = digests
  if ((digests = digestsOf(RULE.city, input.city, options, trace))) userData.ct = digests
  if ((digests = digestsOf(RULE.state, input.state, options, trace))) userData.st = digests
  if ((digests = digestsOf(RULE.zip, input.zip, options, trace))) userData.zp = digests
  if ((digests = digestsOf(RULE.country, input.country, options, trace))) userData.country = digests
  if ((digests = digestsOf(RULE.external_id, input.external_id, options, trace))) userData.external_id = digests
  if ((digests = digestsOf(RULE.hashed_maids, input.hashed_maids, options, trace))) userData.hashed_maids = digests
  const ip = firstIpAddress(input.client_ip_address)
  if (ip) userData.client_ip_address = ip
  else if (trace && input.client_ip_address)
    trace.client_ip_address = [
      { input: input.client_ip_address, status: 'dropped', reason: 'is not an IPv4 or IPv6 address' }
    ]
  const userAgent = input.client_user_agent?.trim()
  if (userAgent) userData.client_user_agent = userAgent
  const clickId = input.click_id?.trim() || epikOf(eventSourceUrl)
  if (clickId) userData.click_id = clickId
  const partnerId = input.partner_id?.trim()
  if (partnerId) userData.partner_id = partnerId
  return userData
}

/** The digests of one mapping field's values, deduplicated; undefined when none is left. */
function digestsOf(
  rule: HashedKeyRule,
  values: unknown,
  options: NormalizeOptions,
  trace?: UserDataTrace
): string[] | undefined {
  if (values === undefined || values === null) return undefined
  const list = Array.isArray(values) ? values : [values]
  const digests = hashValues(rule, list, options, trace && (trace[rule.field] = []))
  if (digests && digests.length > MAX_HASHED_VALUES)
    throw tooMany(`user_data.${rule.field}`, digests.length, MAX_HASHED_VALUES, 'different values')
  return digests
}

function hashValues(
  rule: HashedKeyRule,
  values: readonly unknown[],
  options: NormalizeOptions,
  trace?: ValueTrace[]
): string[] | undefined {
  let digests: string[] | undefined
  for (const raw of values) {
    const outcome = traceValue(rule, raw, options)
    if (outcome.status === 'dropped') {
      trace?.push(outcome)
    } else if (digests === undefined) {
      // A literal of one: pushing onto [] would reserve room for 17 digests, per key, per event.
      digests = [outcome.digest]
      trace?.push(outcome)
    } else if (digests.includes(outcome.digest)) {
      trace?.push({ input: outcome.input, status: 'duplicate', digest: outcome.digest })
    } else {
      digests.push(outcome.digest)
      trace?.push(outcome)
      // One past the limit is enough for the caller to refuse the event: hash no further.
      if (digests.length > MAX_HASHED_VALUES) break
    }
  }
  return digests
}

/** Normalizes and hashes one value of a hashed key; a value that already is a digest is only lowercased. */
function traceValue(rule: HashedKeyRule, raw: unknown, options: NormalizeOptions): ValueTrace {
  const memo = rule.memo
  if (memo === undefined || typeof raw !== 'string') return computeTrace(rule.key, raw, options)
  let trace = memo.get(raw)
  if (trace === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear()
    trace = computeTrace(rule.key, raw, options)
    memo.set(raw, trace)
  }
  return trace
}

function computeTrace(key: HashedUserDataKey, raw: unknown, options: NormalizeOptions): ValueTrace {
  const input =
    typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined
  if (input === undefined) return { input: String(raw), status: 'dropped', reason: 'is not text' }
  const value = input.trim()
  if (value === '') return { input, status: 'dropped', reason: 'is empty' }
  if (isAlreadyHashed(value, 'sha256', 'hex')) return { input, status: 'prehashed', digest: value.toLowerCase() }
  const normalized = normalizeValue(key, value, options)
  if (isDropped(normalized)) return { input, status: 'dropped', reason: normalized.dropped }
  return { input, status: 'hashed', normalized, digest: processHashing(normalized, 'sha256', 'hex') }
}

/**
 * `context.ip` is sometimes a forwarded-for list ("client, proxy1, proxy2"); the client comes
 * first. An IPv6 address with a zone ("fe80::1%eth0", any length) names an interface of the
 * machine that logged it, never a client on the internet: it is not taken.
 */
function firstIpAddress(value: string | undefined): string | undefined {
  if (!value) return undefined
  if (!value.includes(',')) return clientIp(value.trim())
  for (const part of value.split(',')) {
    const ip = clientIp(part.trim())
    if (ip) return ip
  }
  return undefined
}

function clientIp(text: string): string | undefined {
  return isIP(text) && !text.includes('%') ? text : undefined
}

/** Pinterest's click ID travels as the `epik` query parameter of the landing page URL. */
function epikOf(url: string | undefined): string | undefined {
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
