/**
 * A small route table on node's `http` module: each route is a method, a path pattern
 * (`/v5/ad_accounts/:ad_account_id/events`) and a handler that returns an answer. Adding a
 * route (`POST /health`, `GET /`) is adding an entry; nothing else changes.
 *
 * Every answer passes one exit: errors become JSON (status, message, field; never a stack),
 * and every known secret is scrubbed from the body as a last safety net.
 */
import type { IncomingHttpHeaders, IncomingMessage, RequestListener, ServerResponse } from 'http'
import type { Readable, Transform } from 'stream'
import * as zlib from 'zlib'
import { FieldError, describeError, scrub, scrubbable, scrubText, bearerToken } from 'pinterest-conversions-tools'

export interface RouteRequest {
  method: string
  path: string
  /** Path and query as received, for handlers that read the query themselves. */
  url: string
  query: URLSearchParams
  params: Record<string, string>
  headers: IncomingHttpHeaders
  rawBody: string
  /** The body as JSON; a FieldError naming `body` when it is not JSON. An empty body reads as `{}`. */
  json(): unknown
  /** Values that must not appear in this request's answer (a token given in the body, say). */
  secrets: Set<string>
}

export interface Answer {
  status: number
  /** Sent as JSON, unless `text` is given. */
  body?: unknown
  text?: string
  headers?: Record<string, string>
  /** Answer nothing: the connection is reset, as a network failure would (the sandbox's fault drills). */
  reset?: true
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS'
  /** Literal segments and `:name` parameters. */
  path: string
  /** One line for listings (the 404 answer, the startup banner). */
  summary: string
  /** Another door to a listed route (a short name, a CORS preflight): left out of listings. */
  alias?: true
  /** `admin`: changes what the server does or shows what it received; guarded by RouterOptions.admit. */
  access?: 'admin'
  handle(request: RouteRequest): Answer | Promise<Answer>
}

export interface RouterOptions {
  /** Secrets known to the whole server (the configured token). */
  secrets?: () => Iterable<string>
  /** Largest request body accepted; a 1000-event batch of Segment events is a few MB. */
  maxBodyBytes?: number
  /** Asked before an admin route runs: undefined lets it run, an answer refuses it. */
  admit?: (headers: IncomingHttpHeaders) => Answer | undefined
  /** Told after each answer, for a request log. */
  onAnswer?: (request: { method: string; path: string }, status: number, ms: number) => void
}

const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024

interface CompiledRoute {
  route: Route
  pattern: RegExp
  names: string[]
}

export function createRequestListener(routes: readonly Route[], options: RouterOptions = {}): RequestListener {
  const compiled = routes.map(compile)
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES

  return (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const started = Date.now()
    const url = new URL(incoming.url ?? '/', 'http://local.invalid')
    const method = (incoming.method ?? 'GET').toUpperCase()
    const secrets = new Set<string>([...(options.secrets?.() ?? []), ...bearerTokens(incoming.headers)])
    const finish = (answer: Answer) => {
      if (answer.reset) outgoing.destroy()
      else send(outgoing, answer, secrets)
      options.onAnswer?.({ method, path: url.pathname }, answer.status, Date.now() - started)
    }
    readBody(incoming, maxBodyBytes)
      .then((rawBody) =>
        dispatch(compiled, { method, url, headers: incoming.headers, rawBody, secrets }, options.admit)
      )
      .catch(errorAnswer)
      .then(finish)
      .catch(() => outgoing.destroy())
  }
}

/** A route of the table that matches, or the 404/405 answer that lists the routes. */
async function dispatch(
  routes: CompiledRoute[],
  input: { method: string; url: URL; headers: IncomingHttpHeaders; rawBody: string; secrets: Set<string> },
  admit: RouterOptions['admit']
): Promise<Answer> {
  const { method, url } = input
  const onPath = routes.map((r) => ({ r, match: r.pattern.exec(url.pathname) })).filter((x) => x.match)
  const hit = onPath.find(({ r }) => r.route.method === method || (method === 'HEAD' && r.route.method === 'GET'))
  if (!hit) {
    if (onPath.length > 0) {
      const allowed = [...new Set(onPath.map(({ r }) => r.route.method))].join(', ')
      return {
        status: 405,
        headers: { allow: allowed },
        body: { ok: false, error: `${url.pathname} accepts ${allowed}, not ${method}.`, field: 'method' }
      }
    }
    return {
      status: 404,
      body: {
        ok: false,
        error: `No route for ${method} ${url.pathname}.`,
        routes: routes
          .filter(({ route }) => !route.alias)
          .map(({ route }) => `${route.method} ${route.path}: ${route.summary}`)
      }
    }
  }
  const refusal = hit.r.route.access === 'admin' ? admit?.(input.headers) : undefined
  if (refusal) return refusal
  const params: Record<string, string> = {}
  hit.r.names.forEach((name, i) => (params[name] = decodeURIComponent(hit.match?.[i + 1] ?? '')))
  const request: RouteRequest = {
    method,
    path: url.pathname,
    url: url.pathname + url.search,
    query: url.searchParams,
    params,
    headers: input.headers,
    rawBody: input.rawBody,
    json: () => parseJson(input.rawBody),
    secrets: input.secrets
  }
  return hit.r.route.handle(request)
}

/** An error thrown by a handler, as the JSON answer a caller can act on. */
export function errorAnswer(error: unknown): Answer {
  const problem = describeError(error)
  const { status, message, ...rest } = problem
  return { status, body: { ok: false, error: message, ...rest } }
}

function send(outgoing: ServerResponse, answer: Answer, secrets: Set<string>): void {
  const hidden = scrubbable(secrets)
  const text =
    answer.text !== undefined
      ? scrubText(answer.text, hidden)
      : `${JSON.stringify(scrub(answer.body ?? null, hidden), null, 2)}\n`
  const type = answer.text !== undefined ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8'
  outgoing.writeHead(answer.status, {
    'content-type': type,
    ...answer.headers,
    'content-length': Buffer.byteLength(text)
  })
  outgoing.end(text)
}

function compile(route: Route): CompiledRoute {
  const names: string[] = []
  const source = route.path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      names.push(segment.slice(1))
      return '([^/]+)'
    })
    .join('/')
  return { route, pattern: new RegExp(`^${source}/?$`), names }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return {}
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new FieldError(`The request body is not JSON: ${(error as Error).message}.`, 'body')
  }
}

/**
 * The body as text, decompressed when the client says it compressed it (Segment's mobile and
 * server SDKs gzip their batches). The limit counts decompressed bytes, so a small bomb stops
 * where a large plain body would.
 */
function readBody(incoming: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const encoding = contentEncoding(incoming.headers)
    const source = decoderFor(encoding, incoming)
    const chunks: Buffer[] = []
    let size = 0
    const stop = (error: FieldError) => {
      reject(error)
      if (source !== incoming) {
        incoming.unpipe()
        source.destroy()
      }
      incoming.resume()
    }
    source.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) return stop(new FieldError(`The request body is larger than ${limit} bytes.`, 'body', 413))
      chunks.push(chunk)
    })
    source.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    incoming.on('error', reject)
    if (source !== incoming) {
      source.on('error', (error: Error) =>
        stop(new FieldError(`The request body is not valid ${encoding} data: ${error.message}.`, 'body'))
      )
    }
  })
}

// A Map, not an object: the header is the client's, and "constructor" must not find a function.
const DECODERS = new Map<string, () => Transform>([
  ['gzip', zlib.createGunzip],
  ['x-gzip', zlib.createGunzip],
  ['deflate', zlib.createInflate],
  ['br', zlib.createBrotliDecompress]
])

function contentEncoding(headers: IncomingHttpHeaders): string {
  return String(headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase()
}

function decoderFor(encoding: string, incoming: IncomingMessage): Readable {
  if (encoding === '' || encoding === 'identity') return incoming
  const decoder = DECODERS.get(encoding)
  if (decoder === undefined) {
    incoming.resume()
    throw new FieldError(
      `Content-Encoding "${encoding}" is not supported: send the body uncompressed, or as gzip, deflate or br.`,
      'content-encoding',
      415
    )
  }
  return incoming.pipe(decoder())
}

function bearerTokens(headers: IncomingHttpHeaders): string[] {
  const token = bearerToken(headers.authorization)
  return token ? [token] : []
}
