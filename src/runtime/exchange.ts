import type { DecoratedResponse } from '@segment/actions-core'
import { REDACTED } from './redact'

/** One HTTP request the destination made and the answer it got, fit to show a person. */
export interface Exchange {
  request: { method: string; url: string; headers: Record<string, string>; body: unknown }
  response: { status: number; headers: Record<string, string>; body: unknown }
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key'])

/**
 * An exchange from a response actions-core recorded (its action client adds `request` and
 * `options` to every response). The Authorization header keeps only its scheme.
 */
export function exchangeOf(response: DecoratedResponse): Exchange {
  const { request, options } = response
  return {
    request: {
      method: request?.method ?? String(options?.method ?? 'GET'),
      url: request?.url ?? '',
      headers: redactHeaders(headersOf(request?.headers)),
      body: options?.json ?? parseMaybeJson(options?.body)
    },
    response: {
      status: response.status,
      headers: headersOf(response.headers),
      body: response.data ?? parseMaybeJson(response.content)
    }
  }
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const redacted: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (!SECRET_HEADERS.has(name.toLowerCase())) redacted[name] = value
    else redacted[name] = /^(Bearer|Basic)\s/i.test(value) ? `${value.split(/\s/)[0]} ${REDACTED}` : REDACTED
  }
  return redacted
}

function headersOf(
  headers: { forEach(callback: (value: string, name: string) => void): void } | undefined
): Record<string, string> {
  const plain: Record<string, string> = {}
  headers?.forEach((value, name) => (plain[name] = value))
  return plain
}

function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== 'string') return value
  try {
    return JSON.parse(value)
  } catch {
    return value
  }
}
