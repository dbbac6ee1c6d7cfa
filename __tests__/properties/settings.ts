/** Settings for property runs: the ad account of the tests and conversion tokens of every shape. */
import fc from 'fast-check'

export const AD_ACCOUNT_ID = '549755885175'

const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'

/**
 * Conversion tokens: mostly the shape Ads Manager gives (`pina_` and 40 to 120 URL-safe
 * characters), sometimes pasted badly (spaces, a line break, quotes, characters no HTTP
 * header may carry). Always long enough that finding it in a text cannot be chance.
 */
export const conversionToken: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 40, maxLength: 120 }).map((s) => `pina_${s}`) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 20, maxLength: 40 }), fc.constantFrom(' ', '\n', '"', '\\', 'é', '😀', '\u0000', '\r\n', '\t'))
      .map(([s, odd]) => `pina_${s.slice(0, 10)}${odd}${s.slice(10)}`)
  }
)
