/**
 * Generators of hostile Segment events: what thousands of apps and SDK versions really send,
 * and worse. An event starts plausible (so that most runs reach the code that normalizes,
 * hashes and sends) and then takes a few hostile mutations: any script, emoji, control
 * characters, lone surrogates, very long strings, numbers where text belongs and the reverse,
 * nulls, nested objects and mixed arrays where scalars belong, `__proto__` and `constructor`
 * keys, and timestamps in every format, in range and out of it.
 *
 * Objects are plain JSON-like objects (Object.prototype, never fast-check's default null
 * prototype; own `__proto__` keys as JSON.parse makes them): events reach a runtime as JSON.
 */
import fc from 'fast-check'

type Json = unknown
type Event = Record<string, Json>

// ---------------------------------------------------------------------------------------------
// Strings and scalars

const SCRIPTS = [
  'Zoë',
  'José Ñúñez',
  'Łukasz Żółć',
  'Ольга',
  'Ἀλέξανδρος',
  '李小龙',
  '佐藤 花子',
  '김민준',
  'محمد',
  'שָׁלוֹם',
  'श्रेया',
  'สมชาย',
  'Nguyễn Văn A',
  'ᐃᓄᒃᑎᑐᑦ',
  '👩🏽‍💻',
  '🏳️‍🌈',
  '😀😀',
  'e\u0301', // e + combining acute (NFD)
  'A\u200bB', // zero-width space
  '\u202Eevil\u202C', // right-to-left override
  'Ⅻ',
  'ﬁ',
  'İstanbul',
  'ß'
]

/** Text that means "nothing" to a person and something to a careless parser. */
const PLACEHOLDERS = [
  '',
  ' ',
  '\t\n',
  'null',
  'NULL',
  'undefined',
  'None',
  'N/A',
  'n/a',
  'nan',
  'NaN',
  'unknown',
  '[object Object]',
  '0',
  '-',
  '""'
]

const CONTROL = fc.string({
  unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 6
})
const LONE_SURROGATES = fc.constantFrom('\ud800', '\udfff', 'a\ud83d', '\ude00b', '\ud83d\ud83d')

/** Lengths around the limits the destination and Pinterest enforce, and far beyond. */
const LONG_LENGTHS = [
  33, 36, 65, 99, 100, 101, 199, 200, 201, 255, 256, 257, 1023, 1024, 1025, 2049, 8192, 8193, 16384, 16385, 70_000
]

export const longString: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('a', 'é', '😀', ' ', '9', 'x@y.z', '\u0000', 'A1-'),
    fc.constantFrom(...LONG_LENGTHS),
    fc.string({ maxLength: 4 })
  )
  .map(([unit, length, tail]) =>
    (unit.repeat(Math.ceil(length / unit.length)).slice(0, length - tail.length) + tail).slice(0, length)
  )

/** Names every object has: as a value, they must not find anything in a lookup table. */
const PROPERTY_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'length'
] as const

export const anyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...PROPERTY_NAMES) },
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 16 }) },
  { weight: 2, arbitrary: fc.constantFrom(...SCRIPTS) },
  { weight: 2, arbitrary: fc.constantFrom(...PLACEHOLDERS) },
  { weight: 1, arbitrary: CONTROL },
  { weight: 1, arbitrary: LONE_SURROGATES },
  { weight: 1, arbitrary: longString },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(' ', '\t', '\u00a0', '\u3000', '\n'), fc.string({ maxLength: 8 }))
      .map(([s, t]) => `${s}${t}${s}`)
  }
)

const NUMBERS: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double(), // includes NaN, ±Infinity and -0
  fc.constantFrom(
    0,
    -0,
    -1,
    1e21,
    -1e21,
    1e300,
    Number.MAX_SAFE_INTEGER + 2,
    2 ** 31,
    2 ** 63,
    1e-7,
    5e-324,
    1.5,
    0.1 + 0.2
  )
)

/** Numbers written as text, the way forms and CSV imports send them. */
const NUMERIC_STRINGS = fc.oneof(
  NUMBERS.map(String),
  fc.constantFrom(
    '1,299.99',
    '1.299,99',
    '$12',
    '12 USD',
    '１２３',
    '0x1F',
    '1e3',
    ' 42 ',
    '+7',
    '-0',
    '00042',
    'Infinity',
    ''
  )
)

export const scalar: fc.Arbitrary<Json> = fc.oneof(
  { weight: 5, arbitrary: anyString },
  { weight: 3, arbitrary: NUMBERS },
  { weight: 2, arbitrary: NUMERIC_STRINGS },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constant(null) }
)

/** Keys that have a meaning to JavaScript, to mapping directives or to templates. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(...PROPERTY_NAMES)
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '@path',
      '@if',
      '@template',
      '@arrayPath',
      '{{userId}}',
      '$',
      '$.userId',
      '',
      '0',
      '-1',
      'a.b',
      'email'
    )
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) }
)

/** Any JSON value: scalars, arrays of mixed types, objects with hostile keys, a few levels deep. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  {
    weight: 2,
    arbitrary: fc.anything({ key: hostileKey, values: [scalar], maxDepth: 3, maxKeys: 4, withNullPrototype: false })
  },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 5 }) }
)

// ---------------------------------------------------------------------------------------------
// Plausible values, with the noise real sources add

const noisy = (arb: fc.Arbitrary<string>) =>
  fc
    .tuple(
      arb,
      fc.constantFrom('', ' ', '  ', '\t'),
      fc.constantFrom('', ' ', '\n'),
      fc.constantFrom('same', 'upper', 'lower')
    )
    .map(
      ([value, before, after, casing]) =>
        before + (casing === 'upper' ? value.toUpperCase() : casing === 'lower' ? value.toLowerCase() : value) + after
    )

const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 })

const email = fc.oneof(
  { weight: 5, arbitrary: noisy(fc.emailAddress()) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...SCRIPTS), fc.constantFrom('例え.jp', 'exämple.de', 'mail.ru'))
      .map(([l, d]) => `${l}@${d}`)
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      hex64,
      hex64.map((h) => h.toUpperCase())
    )
  }, // already hashed
  { weight: 1, arbitrary: fc.constantFrom('not-an-email', 'a@', '@b', 'a b@c.d', 'jane@@x.com', 'n/a') }
)

const phone = fc.oneof(
  fc.constantFrom(
    '+1 415 555 0100',
    '(415) 555-0100',
    '415.555.0100',
    '0044 20 7946 0958',
    '+44 (0)20 7946 0958',
    '+49 30 901820',
    '030 901820',
    '+81-3-1234-5678',
    '+1',
    '555',
    'call me',
    '+999 123'
  ),
  fc.stringMatching(/^\+?[0-9 ()-]{3,20}$/),
  fc.integer({ min: 0, max: 99_999_999_999 }).map(String)
)

const RECENT_ISO = () => new Date(Date.now() - 30 * 86_400_000).toISOString()

const dateOfBirth = fc.oneof(
  fc
    .date({ min: new Date('1890-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true })
    .chain((d) =>
      fc.constantFrom(
        d.toISOString(),
        d.toISOString().slice(0, 10),
        d.toISOString().slice(0, 10).replace(/-/g, ''),
        d.toISOString().slice(0, 10).replace(/-/g, '/'),
        `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()}`,
        `${d.getUTCMonth() + 1}-${d.getUTCDate()}-${d.getUTCFullYear()}`,
        d.toUTCString().slice(5, 16),
        d.toDateString().slice(4)
      )
    ),
  fc.constantFrom('1990-02-30', '1990-13-01', '0000-00-00', '31/12/99', 'yesterday', RECENT_ISO())
)

const gender = fc.constantFrom('f', 'M', 'Female', 'male', 'Non-Binary', 'nb', 'x', 'other', 'prefer not to say', 'W')
const city = fc.oneof(
  fc.constantFrom('San Francisco', 'St. Louis', "Coeur d'Alene", 'São Paulo', 'Zürich', '東京', 'Москва', '...'),
  anyString
)
const state = fc.constantFrom('CA', 'ca', 'California', 'Calif.', 'US-NY', 'Québec', 'Bavaria', 'XX', 'New South Wales')
const zip = fc.constantFrom('94103', '94103-1234', '941031234', 'SW1A 1AA', 'H3Z 2Y7', '10115', '0', '-')
const country = fc.constantFrom(
  'US',
  'us',
  'USA',
  'United States',
  'United States of America',
  'Deutschland',
  'Germany',
  'GB',
  'UK',
  'Côte d’Ivoire',
  'XK',
  'Narnia'
)
const maid = fc.oneof(
  fc.uuid().map((u) => u.toUpperCase()),
  fc.uuid(),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'unknown')
)
const ip = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.tuple(fc.ipV4(), fc.ipV4()).map(([a, b]) => `${a}, ${b}`),
  fc.constantFrom('unknown, 10.0.0.1', '::ffff:203.0.113.7', '999.1.1.1', 'localhost', '203.0.113.7:8080')
)
const userAgent = fc.oneof(
  fc.constantFrom(
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
    'okhttp/4.9.0',
    'curl/8.4.0'
  ),
  anyString
)
const locale = fc.constantFrom(
  'en-US',
  'en_GB',
  'EN',
  'de',
  'zh-Hant-TW',
  'fil-PH',
  'x',
  'e',
  '',
  'en-',
  'pt-BR',
  'ja-JP-u-ca-japanese'
)
const url = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc
    .tuple(fc.webUrl(), fc.string({ unit: 'grapheme', maxLength: 30 }))
    .map(([u, epik]) => `${u}?epik=${encodeURIComponent(epik)}`),
  fc.tuple(fc.webUrl(), anyString).map(([u, epik]) => `${u}?a=1&epik=${epik}`), // not encoded at all
  fc.constantFrom('/relative/path', 'not a url', 'https://shop.example.com/?epik=', 'javascript:alert(1)')
)
const id = fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 24 }), fc.integer({ min: 0 }))
const amount = fc.oneof(
  fc.double({ min: 0, max: 1e6, noNaN: true }),
  fc.integer({ min: 0, max: 100_000 }),
  fc.constantFrom('149.98', '0', '12')
)
const currency = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('USD', 'usd', ' eur ', 'JPY') },
  { weight: 1, arbitrary: fc.constantFrom('US$', '€', 'dollars', 'XBT') }
)

// ---------------------------------------------------------------------------------------------
// Timestamps: recent ones in every format, and ones out of range

const DAY = 86_400

/** A moment `offset` seconds from now, written in one of the forms SDKs use. */
function timestampAt(offsetSeconds: number, format: number): Json {
  const ms = Date.now() + offsetSeconds * 1000
  const date = new Date(ms)
  const seconds = Math.floor(ms / 1000)
  switch (format) {
    case 0:
      return date.toISOString()
    case 1:
      return date.toISOString().replace('Z', '+00:00')
    case 2:
      return date.toISOString().replace('T', ' ').replace('Z', '')
    case 3:
      return date.toUTCString()
    case 4:
      return seconds
    case 5:
      return String(seconds)
    case 6:
      return ms
    case 7:
      return String(ms)
    case 8:
      return ms / 1000 // fractional seconds
    case 9:
      return date.toISOString().slice(0, 10)
    default:
      return date.toString()
  }
}

export const timestamp: fc.Arbitrary<Json> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.integer({ min: -8 * DAY, max: 2 * 60 }), fc.integer({ min: 0, max: 10 }))
      .map(([o, f]) => timestampAt(o, f))
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: -3650 * DAY, max: 3650 * DAY }), fc.integer({ min: 0, max: 10 }))
      .map(([o, f]) => timestampAt(o, f))
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      'now',
      '0',
      0,
      -1,
      1e11,
      99_999_999_999,
      1e15,
      8.64e15,
      8.64e15 + 1,
      1e21,
      '1e21',
      '275760-09-13T00:00:00.000Z',
      '+275760-09-13T00:00:01Z',
      '-271821-04-20T00:00:00Z',
      '2024-02-30T00:00:00Z',
      '2024-13-01',
      '9999-12-31T23:59:59Z',
      '1970-01-01T00:00:00Z',
      'Tue, 31 Dec 2024 25:00:00 GMT',
      '12/31/2024',
      'T',
      '٢٠٢٤-٠١-٠١'
    )
  },
  { weight: 2, arbitrary: hostileValue }
)

// ---------------------------------------------------------------------------------------------
// Events

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 })

/** A record whose keys are each present or not; absent keys are left out, as JSON would. */
function partial<T extends Record<string, fc.Arbitrary<unknown>>>(model: T): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(model, { requiredKeys: [], noNullPrototype: true }) as fc.Arbitrary<Record<string, unknown>>
}

const product = partial({
  product_id: id,
  sku: id,
  price: amount,
  quantity: fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 20 }) },
    { weight: 1, arbitrary: fc.constantFrom('2', 1.5, -1) }
  ),
  name: fc.oneof(fc.constantFrom('Linen Shirt', 'Wool Socks'), anyString),
  category: fc.constantFrom('Apparel', 'Apparel > Shirts', 'Home & Garden'),
  brand: fc.constantFrom('Acme', 'Ünïcödé'),
  currency
})

const traits = partial({
  email,
  phone,
  firstName: fc.oneof(fc.constantFrom(...SCRIPTS), anyString),
  lastName: fc.oneof(fc.constantFrom(...SCRIPTS), anyString),
  gender,
  birthday: dateOfBirth,
  address: partial({ city, state, postalCode: zip, country })
})

const context = partial({
  ip,
  userAgent,
  locale,
  page: partial({ url, path: fc.constant('/checkout'), title: anyString }),
  traits,
  app: partial({
    name: fc.constantFrom('Acme Shop', 'ショップ'),
    version: fc.constantFrom('3.2.1', '1'),
    namespace: fc.constantFrom('com.acme.shop', 'id1234567')
  }),
  device: partial({
    advertisingId: maid,
    adTrackingEnabled: fc.oneof(
      { weight: 4, arbitrary: fc.boolean() },
      { weight: 1, arbitrary: fc.constantFrom('false', 0, 1) }
    ),
    manufacturer: fc.constantFrom('Apple', 'samsung', 'Google'),
    model: fc.constantFrom('iPhone15,2', 'SM-S911B', 'Pixel 8'),
    type: fc.constantFrom('ios', 'android', 'mobile', 'tv')
  }),
  os: partial({
    name: fc.constantFrom('iOS', 'Android', 'iPadOS', 'Mac OS X', 'Windows'),
    version: fc.constantFrom('17.1', '14', '10.0.19045')
  }),
  network: partial({
    carrier: fc.constantFrom('EE', 'T-Mobile', 'Telekom.de'),
    wifi: fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom('true', 'no') })
  })
})

const properties = partial({
  email,
  phone,
  click_id: fc.oneof(fc.string({ minLength: 8, maxLength: 40 }), anyString),
  url,
  value: amount,
  total: amount,
  revenue: amount,
  currency,
  order_id: id,
  query: fc.oneof(fc.constantFrom('linen shirt', 'Kleid rot'), anyString),
  products: fc.array(product, { maxLength: 5 }),
  product_id: id,
  sku: id,
  price: amount,
  quantity: fc.integer({ min: 0, max: 10 }),
  name: anyString,
  category: fc.constantFrom('Apparel', 'Shoes'),
  brand: fc.constantFrom('Acme')
})

const EVENT_NAMES = [
  'Order Completed',
  'Product Added',
  'Products Searched',
  'Product Viewed',
  'Checkout Started',
  'Signed Up',
  'Application Opened'
]

/** A plausible event: every field optional, values of the right kind with the noise of real sources. */
export const plausibleEvent: fc.Arbitrary<Event> = fc
  .record(
    {
      type: fc.constantFrom('track', 'page'),
      event: fc.constantFrom(...EVENT_NAMES),
      messageId: optional(fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 40 }))),
      userId: optional(fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 24 }), fc.integer())),
      anonymousId: optional(fc.uuid()),
      timestamp: optional(timestamp),
      properties: optional(properties),
      context: optional(context),
      traits: optional(traits)
    },
    { requiredKeys: ['type', 'event'], noNullPrototype: true }
  )
  .map(withoutUndefined)

/** Where a mutation can strike: every field the mappings read, the objects around them, and keys that mean something to JavaScript. */
export const MUTATION_PATHS = [
  'timestamp',
  'messageId',
  'userId',
  'type',
  'event',
  'properties',
  'properties.email',
  'properties.phone',
  'properties.click_id',
  'properties.url',
  'properties.value',
  'properties.total',
  'properties.revenue',
  'properties.currency',
  'properties.order_id',
  'properties.query',
  'properties.products',
  'properties.products.0',
  'properties.products.0.product_id',
  'properties.products.0.price',
  'properties.products.0.quantity',
  'properties.products.0.name',
  'properties.products.1',
  'properties.product_id',
  'properties.price',
  'properties.quantity',
  'properties.name',
  'properties.category',
  'properties.__proto__',
  'properties.constructor',
  'properties.products.0.__proto__',
  'context',
  'context.ip',
  'context.userAgent',
  'context.locale',
  'context.page',
  'context.page.url',
  'context.traits',
  'context.traits.email',
  'context.traits.phone',
  'context.traits.firstName',
  'context.traits.lastName',
  'context.traits.gender',
  'context.traits.birthday',
  'context.traits.address',
  'context.traits.address.city',
  'context.traits.address.state',
  'context.traits.address.postalCode',
  'context.traits.address.country',
  'context.traits.__proto__',
  'context.traits.constructor',
  'context.app',
  'context.app.name',
  'context.app.version',
  'context.app.namespace',
  'context.device',
  'context.device.advertisingId',
  'context.device.adTrackingEnabled',
  'context.device.manufacturer',
  'context.device.model',
  'context.device.type',
  'context.os.name',
  'context.os.version',
  'context.network.carrier',
  'context.network.wifi',
  'context.__proto__',
  'context.personas',
  'traits',
  'traits.email',
  'traits.address',
  '__proto__',
  'constructor'
] as const

export type Mutation = [path: string, value: Json]

const mutation: fc.Arbitrary<Mutation> = fc.tuple(fc.constantFrom(...MUTATION_PATHS), hostileValue)

/**
 * A hostile event: a plausible one with up to five fields replaced (or added) by hostile values.
 * A mutation that deletes (undefined) is a field missing where the mapping expects it.
 */
export const hostileEvent: fc.Arbitrary<Event> = fc
  .tuple(
    plausibleEvent,
    fc.array(
      fc.oneof(
        { weight: 9, arbitrary: mutation },
        { weight: 1, arbitrary: fc.constantFrom(...MUTATION_PATHS).map((p): Mutation => [p, undefined]) }
      ),
      { maxLength: 5 }
    )
  )
  .map(([event, mutations]) => mutations.reduce(applyMutation, event))

/** A clean event that must be delivered when Pinterest accepts it: email, IP and user agent, a recent timestamp. */
export const cleanEvent: fc.Arbitrary<Event> = fc
  .tuple(fc.emailAddress(), fc.ipV4(), fc.uuid(), fc.integer({ min: 1, max: 6 * 24 * 60 }))
  .map(([address, ipAddress, messageId, minutesAgo]) => ({
    type: 'track',
    event: 'Order Completed',
    messageId: `clean-${messageId}`,
    timestamp: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    properties: {
      order_id: 'ord-1',
      total: 12.5,
      currency: 'USD',
      products: [{ product_id: 'sku-1', price: 12.5, quantity: 1 }]
    },
    context: { ip: ipAddress, userAgent: 'Mozilla/5.0 (X11; Linux x86_64)', traits: { email: address } }
  }))

/** A copy of `event` with `value` at `path`, intermediate objects created (or replaced when not objects), as own data properties. */
export function applyMutation(event: Event, [path, value]: Mutation): Event {
  const keys = path.split('.')
  const root: Event = { ...event }
  let node: Record<string, Json> = root
  keys.slice(0, -1).forEach((key, i) => {
    const child = Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined
    // An array stays one only for an index: JSON has no arrays with named keys.
    const copy: Record<string, Json> =
      Array.isArray(child) && /^\d+$/.test(keys[i + 1])
        ? (Array.from(child) as unknown as Record<string, Json>)
        : isObject(child)
        ? { ...child }
        : {}
    define(node, key, copy)
    node = copy
  })
  const last = keys[keys.length - 1]
  if (value === undefined) delete node[last]
  else define(node, last, value)
  return root
}

// defineProperty, not assignment: `node.__proto__ = x` would change the prototype of node; JSON.parse makes an own key.
function define(node: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true })
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null
}

function withoutUndefined<T extends Record<string, unknown>>(record: T): T {
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key]
  return record
}

// ---------------------------------------------------------------------------------------------
// Pinterest's answers

export type AnswerCase =
  | { kind: 'processed' }
  | { kind: 'some-failed'; failed: boolean[] }
  | { kind: 'status'; status: number; body: unknown }
  | { kind: 'unreadable-200'; body: unknown }

/** Mostly "all processed", so that deliveries are seen; also partial failures, every error status and answers that cannot be read. */
export const answerCase: fc.Arbitrary<AnswerCase> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'processed' as const }) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.boolean(), { minLength: 1, maxLength: 8 })
      .map((failed) => ({ kind: 'some-failed' as const, failed }))
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      {
        kind: 'status' as const,
        status: 400,
        body: { code: 4196, message: "Additional properties are not allowed ('x' was unexpected)" }
      },
      { kind: 'status' as const, status: 401, body: { code: 2, message: 'Authentication failed.' } },
      {
        kind: 'status' as const,
        status: 403,
        body: { code: 29, message: 'You are not permitted to access that resource.' }
      },
      { kind: 'status' as const, status: 429, body: { code: 8, message: 'This request exceeded a rate limit.' } },
      { kind: 'status' as const, status: 500, body: '<html>Internal Server Error</html>' },
      { kind: 'status' as const, status: 503, body: { code: 4197, message: 'ramped down' } },
      { kind: 'status' as const, status: 422, body: { code: 953, message: 'Not all events were processed.' } }
    )
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { kind: 'unreadable-200' as const, body: { num_events_received: 1 } },
      { kind: 'unreadable-200' as const, body: 'OK' }
    )
  }
)

/** Pinterest's answer (status and body) to a request of `count` events. */
export function replyFor(answer: AnswerCase, count: number): [number, unknown] {
  switch (answer.kind) {
    case 'processed':
      return [
        200,
        {
          num_events_received: count,
          num_events_processed: count,
          events: Array.from({ length: count }, () => ({ status: 'processed' }))
        }
      ]
    case 'some-failed': {
      const events = Array.from({ length: count }, (_, i) =>
        answer.failed[i % answer.failed.length]
          ? { status: 'failed', error_message: 'Invalid event' }
          : { status: 'processed' }
      )
      const processed = events.filter((e) => e.status === 'processed').length
      const body = { num_events_received: count, num_events_processed: processed, events }
      return processed === count
        ? [200, body]
        : [422, { code: 953, message: 'Not all events were processed.', details: body }]
    }
    case 'status':
      return [answer.status, answer.body]
    case 'unreadable-200':
      return [200, answer.body]
  }
}
