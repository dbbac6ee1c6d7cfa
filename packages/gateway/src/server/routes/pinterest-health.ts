/**
 * `GET /health/pinterest?lookback_period=1d|14d`: Pinterest's Event Quality Score of the
 * connected ad account, as Pinterest answered it, beside the gateway's prediction for the same
 * window (what it delivered to that account), and the difference component by component.
 */
import { eqsDifference, FieldError } from 'pinterest-conversions-tools'
import type { Gateway } from '../../gateway/gateway'
import type { LookbackPeriod } from '../../connect/pinterest-api'
import type { Route } from '../router'

const PERIODS: readonly LookbackPeriod[] = ['1d', '14d']

export function pinterestHealthRoute(gateway: Gateway): Route {
  return {
    method: 'GET',
    path: '/health/pinterest',
    access: 'admin',
    summary: "?lookback_period=1d|14d: Pinterest's Event Quality Score beside ours, component by component",
    handle: async (request) => {
      const lookback = request.query.get('lookback_period') as LookbackPeriod
      if (!PERIODS.includes(lookback)) {
        throw new FieldError('lookback_period must be 1d or 14d.', 'lookback_period')
      }
      const { connection, prediction } = gateway
      const { pinterest, adAccountId } = await connection.withToken(async (token, account) => ({
        pinterest: await connection.api.qualityScore(token, account, lookback),
        adAccountId: account
      }))
      const ours = await prediction.predict(adAccountId, lookback)
      return {
        status: 200,
        body: {
          ad_account_id: adAccountId,
          lookback_period: lookback,
          pinterest,
          ours,
          difference: eqsDifference(pinterest, ours)
        }
      }
    }
  }
}
