import { Gauge } from 'prom-client'
import type { Registry } from 'prom-client'
import type { PinterestConnection } from './connection'

/** The connection's gauges: whether it is there, and the days its refresh token has left. Never a token. */
export function registerConnectionMetrics(registry: Registry, connection: PinterestConnection): void {
  new Gauge({
    name: 'gateway_pinterest_connected',
    help: 'Pinterest connected through OAuth (1) or not (0)',
    registers: [registry],
    collect() {
      this.set(connection.daysLeft() === undefined ? 0 : 1)
    }
  })
  new Gauge({
    name: 'gateway_pinterest_refresh_token_days_left',
    help: 'Whole days until the Pinterest refresh token ends (0 when not connected); the status warns from 7',
    registers: [registry],
    collect() {
      this.set(connection.daysLeft() ?? 0)
    }
  })
}
