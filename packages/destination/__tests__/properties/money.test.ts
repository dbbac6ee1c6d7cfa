/**
 * Money is exact: a product's price and the value computed from it (price × quantity) are what
 * decimal arithmetic on the price as written gives, checked against an oracle of its own (whole
 * numbers scaled by powers of ten, in BigInt), never against floating point.
 */
import { createTestEvent, createTestIntegration, defaultValues } from '@segment/actions-core'
import fc from 'fast-check'
import nock from 'nock'
import destination from '../../src/destinations/pinterest-conversions'
import {
  fakePinterest,
  SETTINGS
} from '../../src/destinations/pinterest-conversions/__tests__/__helpers__/pinterest-fake'
import { runParameters, timeoutFor } from './invariants'

const parameters = runParameters(300)
const MAPPING = { ...defaultValues(destination.actions.reportConversionEvent.fields), event_name: 'checkout' }

/** A decimal as digits and a scale: `digits` × 10^-scale. */
interface Exact {
  digits: bigint
  scale: number
}

/** Decimal text as JavaScript or a person writes it (`-12.50`, `1.5e-7`), exactly. */
function parse(text: string): Exact {
  const [mantissa, exponent = '0'] = text.toLowerCase().split('e')
  const negative = mantissa.startsWith('-')
  const [whole, fraction = ''] = mantissa.replace(/^[-+]/, '').split('.')
  let digits = BigInt(`${whole}${fraction}` || '0')
  let scale = fraction.length - Number(exponent)
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale)
    scale = 0
  }
  return { digits: negative ? -digits : digits, scale }
}

/** The plain decimal text of an exact value: no exponent, no trailing zeros, "0" for zero. */
function write({ digits, scale }: Exact): string {
  const negative = digits < 0n
  let text = (negative ? -digits : digits).toString().padStart(scale + 1, '0')
  if (scale > 0) text = `${text.slice(0, -scale)}.${text.slice(-scale)}`.replace(/\.?0+$/, '')
  return text === '0' || !negative ? text : `-${text}`
}

const times = (a: Exact, n: number): Exact => ({ digits: a.digits * BigInt(n), scale: a.scale })
const tooLarge = (a: Exact) => (a.digits < 0n ? -a.digits : a.digits) >= 10n ** BigInt(21 + a.scale)

/** Prices as sources send them: decimal text with up to 12 places, and JSON numbers of every size. */
const price = fc.oneof(
  fc
    .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.integer({ min: 0, max: 12 }))
    .map(([negative, digits, scale]) => write({ digits: negative ? -digits : digits, scale })),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e22, max: 1e22 }),
  fc.integer({ min: 0, max: 100_000 }).map((cents) => cents / 100)
)
const quantity = fc.integer({ min: 0, max: 2_147_483_647 })

afterEach(() => nock.cleanAll())

it(
  "sends a product's price, and price × quantity as the value, exactly as decimal arithmetic gives them",
  async () => {
    const pinterest = fakePinterest(undefined, Infinity)
    const integration = createTestIntegration(destination)
    await fc.assert(
      fc.asyncProperty(price, quantity, async (given, count) => {
        pinterest.bodies.length = 0
        const event = createTestEvent({
          type: 'track',
          event: 'Product Added',
          timestamp: new Date().toISOString(),
          context: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0' },
          properties: { products: [{ product_id: 'p-1', price: given, quantity: count }] }
        })
        await integration.testAction('reportConversionEvent', { event, mapping: MAPPING, settings: SETTINGS })
        const custom = pinterest.bodies[0].data[0].custom_data
        const exact = parse(String(given))
        if (Object.is(given, -0)) exact.digits = 0n
        const line = times(exact, count)
        expect(custom?.contents?.[0]?.item_price).toBe(tooLarge(exact) ? undefined : write(exact))
        expect(custom?.value).toBe(tooLarge(exact) || tooLarge(line) ? undefined : write(line))
      }),
      parameters
    )
  },
  timeoutFor(parameters, 30)
)

it('writes the cases floating point gets wrong', async () => {
  const pinterest = fakePinterest(undefined, Infinity)
  const integration = createTestIntegration(destination)
  const value = async (price: number | string, quantity: number) => {
    pinterest.bodies.length = 0
    const event = createTestEvent({
      type: 'track',
      event: 'Product Added',
      timestamp: new Date().toISOString(),
      context: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0' },
      properties: { products: [{ product_id: 'p-1', price, quantity }] }
    })
    await integration.testAction('reportConversionEvent', { event, mapping: MAPPING, settings: SETTINGS })
    return pinterest.bodies[0].data[0].custom_data?.value
  }
  expect(await value(19.9, 3)).toBe('59.7')
  expect(await value(0.1, 3)).toBe('0.3')
  expect(await value('1234567890.123456789', 7)).toBe('8641975230.864197523')
})
