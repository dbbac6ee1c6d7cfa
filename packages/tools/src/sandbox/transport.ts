/**
 * Where a local run's requests go instead of Pinterest. The destination always sends to
 * https://api.pinterest.com (no setting moves it); a local run hands it a request client
 * wrapped to go elsewhere:
 * - `toSandbox`: the same actions-core client, with the Pinterest origin swapped for the
 *   sandbox's, so the sandbox receives byte for byte what Pinterest would;
 * - `capture`: no network at all: each body is handed to whoever asked (a dry run writes it
 *   out) and answered as Pinterest answers a valid request (contract/answer.ts).
 */
import type { ModifiedResponse, RequestClient } from '@segment/actions-core'
import { Headers } from '@segment/actions-core'
import { answerTo } from 'pinterest-conversions'

/** Turns the request client actions-core gives the destination into the one it uses. */
export type Transport = (request: RequestClient) => RequestClient

/** Pinterest's API, and its web site (the OAuth authorize page): the only origins anything here sends to. */
export const PINTEREST_API_ORIGIN = 'https://api.pinterest.com'
export const PINTEREST_WEB_ORIGIN = 'https://www.pinterest.com'

export function toSandbox(baseUrl: string): Transport {
  return (request) => ((url, options) => request(rebase(url, baseUrl), options)) as RequestClient
}

/**
 * A Pinterest URL (of the API or of the authorize page) moved to the sandbox at `baseUrl`,
 * which serves both at the same paths; any other URL unchanged.
 */
export function rebase(url: string, baseUrl: string): string {
  for (const origin of [PINTEREST_API_ORIGIN, PINTEREST_WEB_ORIGIN]) {
    if (url.startsWith(origin)) return baseUrl + url.slice(origin.length)
  }
  return url
}

/** `fetch` with Pinterest's URLs moved to the sandbox: for code that calls fetch itself (the gateway's OAuth client). */
export function sandboxFetch(baseUrl: string, send: typeof fetch = fetch): typeof fetch {
  return (input, init) => send(rebase(input instanceof Request ? input.url : String(input), baseUrl), init)
}

/** Told each request body, as JSON text. Returning a promise holds the answer (and so the sender) until it settles. */
export type BodySink = (body: string) => void | Promise<void>

export function capture(sink?: BodySink, now: () => number = Date.now): Transport {
  const client = async (url: string, options?: { json?: unknown }) => {
    const text = JSON.stringify(options?.json ?? null)
    await sink?.(text)
    const { status, body } = answerTo(JSON.parse(text), Math.floor(now() / 1000))
    const response = {
      status,
      ok: status < 300,
      statusText: '',
      url,
      data: body,
      content: JSON.stringify(body),
      headers: new Headers()
    }
    return response as unknown as ModifiedResponse
  }
  return () => client as RequestClient
}
