/**
 * Where events go: Pinterest itself (live) or the embedded sandbox. Decided from the
 * environment, the same way for `npm start` and `replay`, and always said out loud.
 */
import type { Settings } from 'pinterest-conversions'
import { SANDBOX_AD_ACCOUNT_ID, SANDBOX_CONVERSION_TOKEN } from '../sandbox/sandbox'
import { FieldError } from './errors'

export const ENV = {
  adAccountId: 'PINTEREST_AD_ACCOUNT_ID',
  conversionToken: 'PINTEREST_CONVERSION_TOKEN',
  testMode: 'PINTEREST_TEST_MODE'
} as const

export type Mode = { kind: 'live'; settings: Settings } | { kind: 'sandbox' }

/**
 * Live when both PINTEREST_AD_ACCOUNT_ID and PINTEREST_CONVERSION_TOKEN are set, with test mode
 * on unless PINTEREST_TEST_MODE=false; sandbox when neither is. Only one of them set is a
 * mistake, not a reason to fall back silently.
 */
export function modeFromEnv(env: NodeJS.ProcessEnv): Mode {
  const adAccountId = env[ENV.adAccountId]?.trim()
  const token = env[ENV.conversionToken]?.trim()
  if (!adAccountId && !token) return { kind: 'sandbox' }
  if (!adAccountId)
    throw new FieldError(
      `${ENV.conversionToken} is set but ${ENV.adAccountId} is not: set both to talk to Pinterest, or neither to use the sandbox.`,
      ENV.adAccountId
    )
  if (!token)
    throw new FieldError(
      `${ENV.adAccountId} is set but ${ENV.conversionToken} is not: set both to talk to Pinterest, or neither to use the sandbox.`,
      ENV.conversionToken
    )
  const testMode = env[ENV.testMode]?.trim().toLowerCase()
  if (testMode !== undefined && testMode !== '' && testMode !== 'true' && testMode !== 'false') {
    throw new FieldError(`${ENV.testMode} must be true or false, not "${env[ENV.testMode]}".`, ENV.testMode)
  }
  return {
    kind: 'live',
    settings: { ad_account_id: adAccountId, conversion_token: token, test_mode: testMode !== 'false' }
  }
}

/** Settings the sandbox accepts: its ad account and token. */
export const SANDBOX_SETTINGS: Settings = {
  ad_account_id: SANDBOX_AD_ACCOUNT_ID,
  conversion_token: SANDBOX_CONVERSION_TOKEN,
  test_mode: false
}

/** One line for a person: where events go, and whether Pinterest records them. Never the token. */
export function describeTarget(target: { sandboxUrl: string; elsewhere?: boolean } | { live: Settings }): string {
  if ('sandboxUrl' in target) {
    if (target.elsewhere) return `sandbox: the Pinterest sandbox served at ${target.sandboxUrl} (PINTEREST_SANDBOX_URL)`
    return `sandbox: the embedded Pinterest sandbox at ${target.sandboxUrl}; nothing leaves this machine`
  }
  const settings = target.live
  const test = settings.test_mode
    ? 'test mode on (?test=true: Pinterest checks the events and records nothing; PINTEREST_TEST_MODE=false to record)'
    : 'test mode OFF: Pinterest records these conversions'
  return `live: Pinterest at https://api.pinterest.com, ad account ${settings.ad_account_id}, ${test}`
}
