/**
 * The six invariants of issue 6, as assertions a property calls on every run, and what they
 * need: the run count and seed from the environment, a Pinterest fake that records every body
 * and answers as told, a logger that keeps its lines, and a snapshot of the built-in prototypes.
 */
import { dirname } from 'path'
import type { JSONObject, Logger } from '@segment/actions-core'
import {
  APIError,
  IntegrationError,
  InvalidAuthenticationError,
  PayloadValidationError,
  RetryableError
} from '@segment/actions-core'
import type fc from 'fast-check'
import { ACTION_SOURCES, EVENT_NAMES } from '../../src/destinations/pinterest-conversions/constants'
import type { EventsRequest } from '../../src/destinations/pinterest-conversions/contract'
import { contractViolation, HASHED_KEYS } from '../../src/destinations/pinterest-conversions/contract'
import { fakePinterest } from '../../src/destinations/pinterest-conversions/__tests__/__helpers__/pinterest-fake'
import reportConversionEvent from '../../src/destinations/pinterest-conversions/reportConversionEvent'
import type { AnswerCase } from './arbitraries'
import { replyFor } from './arbitraries'

// ---------------------------------------------------------------------------------------------
// Runs

/**
 * fast-check parameters: `FC_NUM_RUNS` (the total for one property, shared by its cases) and
 * `FC_SEED` override the defaults. On failure fast-check reports the seed and the shrunk
 * counterexample; `FC_SEED=<seed>` replays it.
 */
export function runParameters(defaultRuns: number, cases = 1): fc.Parameters<unknown> {
  const total = Number(process.env.FC_NUM_RUNS) || defaultRuns * cases
  const seed = process.env.FC_SEED === undefined || process.env.FC_SEED === '' ? undefined : Number(process.env.FC_SEED)
  return {
    numRuns: Math.max(1, Math.ceil(total / cases)),
    ...(seed !== undefined && Number.isFinite(seed) && { seed })
  }
}

/**
 * The parameters of case `index` of a property: with a fixed seed, each case gets its own
 * (seed + index), or every mapping would see the very same events.
 */
export function forCase(parameters: fc.Parameters<unknown>, index: number): fc.Parameters<unknown> {
  return parameters.seed === undefined ? parameters : { ...parameters, seed: parameters.seed + index }
}

/** A jest timeout that fits the run count: long runs are meant to be long. */
export function timeoutFor(parameters: fc.Parameters<unknown>, msPerRun: number): number {
  return 30_000 + (parameters.numRuns ?? 100) * msPerRun
}

/**
 * An event as a runtime hands it to actions-core: a `context` or `context.personas` of null
 * left out, as absent. actions-core 3.170.0 throws a TypeError of its own on either (reading
 * Engage audience membership), before perform: not the destination's to contain. Every local
 * runtime of this repository does the same (the tools' withoutNullContext).
 */
export function asRuntimesHandIt<T extends { context?: unknown }>(event: T): T {
  const context = event.context as Record<string, unknown> | null | undefined
  if (context === null) {
    const { context: _, ...rest } = event
    return rest as T
  }
  if (context?.personas === null) {
    const { personas: _, ...rest } = context
    return { ...event, context: rest }
  }
  return event
}

// ---------------------------------------------------------------------------------------------
// Invariant 1: only the framework's typed errors

// The framework's own validation error, from the copy actions-core itself loads.
// eslint-disable-next-line @typescript-eslint/no-var-requires -- the copy actions-core loads, resolved from its own folder
export const { AggregateAjvError } = require(require.resolve('@segment/ajv-human-errors', {
  paths: [dirname(require.resolve('@segment/actions-core'))]
})) as {
  AggregateAjvError: new (...args: never[]) => Error
}

const TYPED_ERRORS = [
  IntegrationError,
  PayloadValidationError,
  RetryableError,
  InvalidAuthenticationError,
  APIError,
  AggregateAjvError
]

/** deliver.ts reports a defect of its own with this message, kept to its event: still a defect. */
export const CONTAINED_DEFECT = 'a defect of the destination, not of the event'

export function expectTypedError(error: unknown): void {
  if (error === undefined) return
  const typed = TYPED_ERRORS.some((type) => error instanceof type)
  if (!typed) throw new Error(`untyped error thrown: ${describe(error)}`)
  expectNoContainedDefect((error as Error).message)
}

/**
 * What JavaScript itself says when code meets a value it did not expect. Found in the message of
 * a typed error, it is a defect passed off as a verdict (a TypeError caught and wrapped).
 */
const ENGINE_MESSAGES = [
  /is not a function/,
  /Cannot read propert(y|ies) of/,
  /Cannot convert .* to primitive value/,
  /Cannot destructure/,
  /is not iterable/,
  /is not defined/,
  /Invalid time value/,
  /Maximum call stack/,
  /Invalid array length/,
  /is not a legal HTTP header value/
]

export function expectNoContainedDefect(message: string | undefined): void {
  if (message?.includes(CONTAINED_DEFECT)) throw new Error(`a defect was contained as an event failure: ${message}`)
  const engine = ENGINE_MESSAGES.find((pattern) => message !== undefined && pattern.test(message))
  if (engine) throw new Error(`a JavaScript error was passed off as a typed error: ${message}`)
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}\n${error.stack}` : String(error)
}

// ---------------------------------------------------------------------------------------------
// Invariant 2 and the first half of 3: the contract, and digests

const HEX64 = /^[0-9a-f]{64}$/

export function expectContractAndDigests(bodies: readonly EventsRequest[]): void {
  for (const body of bodies) {
    const violation = contractViolation(body)
    if (violation) throw new Error(`request body breaks the Pinterest contract: ${violation}`)
    for (const event of body.data) {
      for (const key of HASHED_KEYS) {
        const values = event.user_data[key]
        if (values === undefined) continue
        if (
          !Array.isArray(values) ||
          values.length === 0 ||
          !values.every((v) => typeof v === 'string' && HEX64.test(v))
        ) {
          throw new Error(
            `user_data.${key} is not a list of lowercase SHA-256 digests: ${JSON.stringify(values).slice(0, 200)}`
          )
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The second half of invariant 3: no raw input of a hashed field in any body

/**
 * Where each hashed mapping field reads from, taken from the mapping itself (the `@path`s of
 * the user_data fields whose category is hashedPII), so the check follows the mappings.
 */
export function hashedSourcePaths(mapping: JSONObject): string[][] {
  const hashedFields = Object.entries(reportConversionEvent.fields.user_data.properties ?? {})
    .filter(([, field]) => field.category === 'hashedPII')
    .map(([key]) => key)
  const userData = (mapping.user_data ?? {}) as Record<string, unknown>
  return hashedFields.flatMap((field) => pathsIn(userData[field]))
}

function pathsIn(directive: unknown): string[][] {
  if (Array.isArray(directive)) return directive.flatMap(pathsIn)
  if (typeof directive !== 'object' || directive === null) return []
  const path = (directive as Record<string, unknown>)['@path']
  if (typeof path === 'string') return [path.replace(/^\$\.?/, '').split('.')]
  return Object.values(directive).flatMap(pathsIn)
}

/**
 * Every raw string that reaches a hashed field (numbers and booleans as the framework turns
 * them into text), and every string, number and key of the event elsewhere.
 */
export function splitInput(event: object, hashedPaths: string[][]): { hashed: string[]; elsewhere: string[] } {
  const hashed: string[] = []
  const elsewhere: string[] = []
  const isHashedPath = (path: string[]) =>
    hashedPaths.some((p) => p.length === path.length && p.every((k, i) => k === path[i]))
  const walk = (value: unknown, path: string[], into: string[]) => {
    const target = path.length > 0 && isHashedPath(path) ? hashed : into
    if (typeof value === 'string') target.push(value)
    else if (typeof value === 'number' || typeof value === 'boolean') target.push(String(value))
    else if (typeof value === 'object' && value !== null) {
      for (const key of Object.keys(value)) {
        target.push(key)
        // Array items keep the path of the array: a `multiple` field takes every item.
        walk((value as Record<string, unknown>)[key], Array.isArray(value) ? path : [...path, key], target)
      }
    }
  }
  walk(event, [], elsewhere)
  return { hashed, elsewhere }
}

/** Strings shorter than this occur in JSON by chance ("a", "en", "web"); they prove nothing. */
export const MIN_CHECKED_LENGTH = 4

/**
 * No raw value of a hashed field, trimmed and lowercased (also in Unicode NFC), appears inside
 * any string of a body, keys included. The digests of the hashed keys are left out of the search
 * (a raw "beef" occurs in a random digest one time in a few hundred), and so are raw values
 * that could be there for an honest reason:
 * - shorter than MIN_CHECKED_LENGTH characters;
 * - already a SHA-256 digest (passed through, lowercased, by design);
 * - found inside a non-hashed input of the same events (event_id from messageId, an order id,
 *   a product name: the same text may honestly be sent there), inside a setting (partner_name
 *   goes on every event), or inside the destination's own vocabulary (keys, event names,
 *   action sources).
 */
export function expectNoRawHashedValue(
  bodies: readonly EventsRequest[],
  inputs: ReadonlyArray<{ hashed: string[]; elsewhere: string[] }>,
  settings: object = {}
): void {
  if (bodies.length === 0) return
  const sent = bodies.flatMap((body) => stringsOf(body, true)).map((s) => s.toLowerCase())
  const innocent = [
    ...inputs.flatMap((i) => i.elsewhere),
    ...splitInput(settings, []).elsewhere,
    ...VOCABULARY,
    ...bodies.flatMap((body) => stringsOf(body, false, true))
  ].map((s) => s.toLowerCase())
  for (const raw of inputs.flatMap((i) => i.hashed)) {
    for (const candidate of new Set([raw.trim().toLowerCase(), raw.trim().normalize('NFC').toLowerCase()])) {
      if (candidate.length < MIN_CHECKED_LENGTH || /^[0-9a-f]{64}$/.test(candidate)) continue
      if (innocent.some((text) => text.includes(candidate))) continue
      const where = sent.find((text) => text.includes(candidate))
      if (where !== undefined)
        throw new Error(
          `the raw hashed value ${JSON.stringify(raw)} was sent as is, in ${JSON.stringify(where.slice(0, 200))}`
        )
    }
  }
}

const VOCABULARY = [...EVENT_NAMES, ...ACTION_SOURCES]

/**
 * The strings of a body: values (digests of the hashed keys left out when `skipDigests`) and,
 * when `keysOnly`, only the keys.
 */
function stringsOf(value: unknown, skipDigests: boolean, keysOnly = false, inHashedKey = false): string[] {
  if (typeof value === 'string') return keysOnly || (skipDigests && inHashedKey && HEX64.test(value)) ? [] : [value]
  if (typeof value !== 'object' || value === null) return []
  if (Array.isArray(value)) return value.flatMap((item) => stringsOf(item, skipDigests, keysOnly, inHashedKey))
  return Object.entries(value).flatMap(([key, item]) => [
    key,
    ...stringsOf(item, skipDigests, keysOnly, (HASHED_KEYS as readonly string[]).includes(key))
  ])
}

// ---------------------------------------------------------------------------------------------
// Invariant 4: the token

/** The token, raw and as JSON would escape it, appears in none of `texts`. */
export function expectNoToken(token: string, texts: ReadonlyArray<string | undefined>): void {
  const forms = new Set([token, JSON.stringify(token).slice(1, -1), token.trim()].filter((form) => form.length >= 8))
  for (const text of texts) {
    if (text === undefined) continue
    for (const form of forms) {
      if (text.includes(form)) throw new Error(`the conversion token appears in: ${text.slice(0, 300)}`)
    }
  }
}

/** A logger as actions-core takes it, keeping every line it is given. */
export function capturingLogger(lines: string[]): Logger {
  const keep =
    (level: string) =>
    (...message: unknown[]) =>
      void lines.push(`${level} ${message.map((m) => (typeof m === 'string' ? m : safeJson(m))).join(' ')}`)
  return {
    level: 'debug',
    name: 'property-test',
    debug: keep('debug'),
    info: keep('info'),
    warn: keep('warn'),
    error: keep('error'),
    crit: keep('crit'),
    log: keep('log'),
    withTags: () => undefined
  }
}

/** Everything an error shows: its message, its stack and its own properties. */
export function textOfError(error: unknown): string | undefined {
  if (error === undefined) return undefined
  if (!(error instanceof Error)) return String(error)
  return `${error.message}\n${error.stack ?? ''}\n${safeJson(error)}`
}

export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

// ---------------------------------------------------------------------------------------------
// Invariant 6: prototypes

const PROTOTYPES: Array<[string, object]> = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype],
  ['Boolean.prototype', Boolean.prototype],
  ['Date.prototype', Date.prototype],
  ['RegExp.prototype', RegExp.prototype],
  ['Error.prototype', Error.prototype],
  ['Promise.prototype', Promise.prototype],
  ['Map.prototype', Map.prototype],
  ['Set.prototype', Set.prototype],
  ['JSON', JSON]
]

export type PrototypeSnapshot = Map<string, Map<PropertyKey, unknown>>

/** Every own property (names and symbols) of the built-in prototypes, with its value or accessors. */
export function snapshotPrototypes(): PrototypeSnapshot {
  return new Map(
    PROTOTYPES.map(([name, proto]) => [
      name,
      new Map(
        Reflect.ownKeys(proto).map((key) => {
          const d = Object.getOwnPropertyDescriptor(proto, key)!
          return [key, 'value' in d ? d.value : [d.get, d.set]]
        })
      )
    ])
  )
}

export function expectPrototypesIntact(before: PrototypeSnapshot): void {
  const after = snapshotPrototypes()
  for (const [name, properties] of before) {
    const now = after.get(name)!
    for (const key of now.keys()) if (!properties.has(key)) throw new Error(`${name} gained a property: ${String(key)}`)
    for (const [key, value] of properties) {
      const current = now.get(key)
      const same =
        Array.isArray(value) && Array.isArray(current)
          ? value[0] === current[0] && value[1] === current[1]
          : Object.is(value, current)
      if (!same) throw new Error(`${name}.${String(key)} was changed or removed`)
    }
  }
  if (Object.getPrototypeOf({}) !== Object.prototype || Object.getPrototypeOf([]) !== Array.prototype)
    throw new Error('a prototype chain was replaced')
}

// ---------------------------------------------------------------------------------------------
// Pinterest, faked with nock for the whole of a property

export interface PropertyPinterest {
  /** Bodies received since the last reset, in order. */
  bodies: EventsRequest[]
  /** How the next requests are answered. */
  readonly answer: AnswerCase
  reset(answer: AnswerCase): void
  stop(): void
}

/** One interceptor for every request of a property run, on any ad account: nock's per-call setup would cost more than the run. */
export function propertyPinterest(): PropertyPinterest {
  let current: AnswerCase = { kind: 'processed' }
  const fake = fakePinterest(
    (body) => {
      const [status, answer] = replyFor(current, Array.isArray(body?.data) ? body.data.length : 0)
      return [status, answer, { 'Content-Type': typeof answer === 'string' ? 'text/html' : 'application/json' }]
    },
    Infinity,
    { anyAccount: true }
  )
  return {
    get bodies() {
      return fake.bodies
    },
    get answer() {
      return current
    },
    reset(answer) {
      fake.bodies.length = 0
      current = answer
    },
    stop: () => fake.scope.persist(false)
  }
}
