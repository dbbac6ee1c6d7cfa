/** Settings for property runs: the ad account of the tests and conversion tokens of every shape. */
import fc from 'fast-check'
import type { Settings } from '../../src/destinations/pinterest-conversions/generated-types'
import { hostileValue } from './arbitraries'

export const AD_ACCOUNT_ID = '549755885175'

const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'

/**
 * Conversion tokens: mostly the shape Ads Manager gives (`pina_` and 40 to 120 URL-safe
 * characters), sometimes pasted badly (spaces, a line break, quotes, characters no HTTP
 * header may carry). Always long enough that finding it in a text cannot be chance.
 */
export const conversionToken: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 40, maxLength: 120 })
      .map((s) => `pina_${s}`)
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 20, maxLength: 40 }),
        fc.constantFrom(' ', '\n', '"', '\\', 'é', '😀', '\u0000', '\r\n', '\t')
      )
      .map(([s, odd]) => `pina_${s.slice(0, 10)}${odd}${s.slice(10)}`)
  }
)

/** Settings a runtime hands over as it got them: a valid ad account and a token, and sometimes one setting of any type or shape. */
export const settings = fc
  .tuple(
    conversionToken,
    fc.option(
      fc.tuple(
        fc.constantFrom('ad_account_id', 'partner_name', 'default_phone_country', 'api_base_url', 'test_mode'),
        fc.oneof(
          hostileValue,
          fc.constantFrom(
            'ss-segment',
            ' GB ',
            'de',
            12,
            549755885175,
            Number('123456789012345678'),
            'https://api.pinterest.com/',
            true,
            'true'
          )
        )
      ),
      { nil: undefined, freq: 4 }
    )
  )
  .map(([conversion_token, extra]) => {
    const result: Record<string, unknown> = { ad_account_id: AD_ACCOUNT_ID, conversion_token }
    if (extra)
      Object.defineProperty(result, extra[0], { value: extra[1], enumerable: true, writable: true, configurable: true })
    // Typed as the destination declares them; their values are whatever the runtime was given.
    return result as unknown as Settings
  })
