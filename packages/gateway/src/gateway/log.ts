/**
 * The gateway's log: one JSON line per thing an operator acts on (start, a delivered batch, a
 * dead letter, a store that cannot write, shutdown). pino, because it writes JSON lines fast
 * enough to stay off the delivery path's profile and is what Node operators already parse.
 * Lines carry ids, counts, statuses and field names: never an event's values or a secret
 * (the redaction below is a net for a setting logged by mistake, not the plan).
 */
import pino from 'pino'
import { REDACTED } from 'pinterest-conversions-tools'

export type GatewayLog = pino.Logger

export function createLog(stream: NodeJS.WritableStream = process.stdout, level = 'info'): GatewayLog {
  return pino(
    {
      level,
      base: { service: 'pinterest-gateway' },
      redact: {
        paths: [
          '*.conversion_token',
          '*.writeKey',
          '*.access_token',
          '*.refresh_token',
          'conversion_token',
          'writeKey',
          'access_token',
          'refresh_token'
        ],
        censor: REDACTED
      }
    },
    stream
  )
}

/** A log that writes nothing (tests, tools). */
export const silentLog: GatewayLog = pino({ level: 'silent' })
