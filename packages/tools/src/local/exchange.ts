import type { DecoratedResponse } from '@segment/actions-core'
import type { ExchangeRecord } from 'pinterest-conversions'
import { REDACTED } from './redact'

/** One HTTP request the destination made and what came back, fit to show a person. */
export interface Exchange {
  /** Headers only for a request that went through actions-core's HTTP client; Authorization keeps its scheme only. */
  request: { method: string; url: string; headers?: Record<string, string>; body: unknown }
  response?: { status: number; headers: Record<string, string>; body: unknown }
  /** When no answer came: what happened instead (a timeout, a reset connection). */
  error?: string
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key'])

/**
 * An exchange as the destination's delivery observed it. A response from actions-core's
 * client carries the request it answered (with the headers the client added).
 */
export function exchangeOf(record: ExchangeRecord): Exchange {
  const response = record.response as (ExchangeRecord['response'] & Partial<DecoratedResponse>) | undefined
  const sent = response?.request
  return {
    request: {
      method: 'POST',
      url: sent?.url ?? record.url,
      ...(sent && { headers: redactHeaders(headersOf(sent.headers)) }),
      body: record.body
    },
    ...(response && {
      response: {
        status: response.status,
        headers: headersOf(response.headers),
        body: response.data ?? parseMaybeJson(response.content)
      }
    }),
    ...(record.error !== undefined && { error: errorText(record.error) })
  }
}

/** What went wrong instead of an answer: the error's kind and code, never its message (it may quote the request). */
function errorText(error: unknown): string {
  const { name, code } = (error ?? {}) as { name?: string; code?: string }
  return [name, code].filter(Boolean).join(' ') || 'no answer'
}

function redactHeaders(headers: Record<string, string>): Record<string, string> {
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
