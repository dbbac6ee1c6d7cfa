import { describeTarget, modeFromEnv } from '../mode'

describe('mode from the environment', () => {
  it('is the sandbox without Pinterest credentials', () => {
    expect(modeFromEnv({})).toEqual({ kind: 'sandbox' })
    expect(modeFromEnv({ PINTEREST_AD_ACCOUNT_ID: ' ', PINTEREST_CONVERSION_TOKEN: '' })).toEqual({ kind: 'sandbox' })
  })

  it('is live with both, in test mode unless PINTEREST_TEST_MODE=false', () => {
    const env = { PINTEREST_AD_ACCOUNT_ID: '549755885175', PINTEREST_CONVERSION_TOKEN: 'pina_token' }
    expect(modeFromEnv(env)).toEqual({
      kind: 'live',
      settings: { ad_account_id: '549755885175', conversion_token: 'pina_token', test_mode: true }
    })
    expect(modeFromEnv({ ...env, PINTEREST_TEST_MODE: 'true' })).toMatchObject({ settings: { test_mode: true } })
    expect(modeFromEnv({ ...env, PINTEREST_TEST_MODE: 'FALSE' })).toMatchObject({ settings: { test_mode: false } })
  })

  it('refuses half a configuration, or a test mode that is not true or false, naming the variable', () => {
    expect(() => modeFromEnv({ PINTEREST_AD_ACCOUNT_ID: '1' })).toThrow(
      expect.objectContaining({ field: 'PINTEREST_CONVERSION_TOKEN' })
    )
    expect(() => modeFromEnv({ PINTEREST_CONVERSION_TOKEN: 'pina_x' })).toThrow(
      expect.objectContaining({ field: 'PINTEREST_AD_ACCOUNT_ID' })
    )
    expect(() =>
      modeFromEnv({ PINTEREST_AD_ACCOUNT_ID: '1', PINTEREST_CONVERSION_TOKEN: 'pina_x', PINTEREST_TEST_MODE: 'no' })
    ).toThrow(expect.objectContaining({ field: 'PINTEREST_TEST_MODE' }))
  })

  it('describes the mode without the token, and says when Pinterest records', () => {
    const live = describeTarget({ live: { ad_account_id: '1', conversion_token: 'pina_secret', test_mode: false } })
    expect(live).toMatch(/live: Pinterest at https:\/\/api\.pinterest\.com, ad account 1, test mode OFF/)
    expect(live).not.toContain('pina_secret')
    expect(describeTarget({ live: { ad_account_id: '1', conversion_token: 'x', test_mode: true } })).toContain(
      'test mode on'
    )
    expect(describeTarget({ sandboxUrl: 'http://127.0.0.1:3000' })).toMatch(
      /sandbox at http:\/\/127\.0\.0\.1:3000; nothing leaves/
    )
  })
})
