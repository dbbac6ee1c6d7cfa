/**
 * A small route table on node's `http` module: each route is a method, a path pattern
 * (`/v5/ad_accounts/:ad_account_id/events`) and a handler that returns an answer. Adding a
 * route (`POST /health`, `GET /`) is adding an entry; nothing else changes.
 *
 * Every request passes the same gate, in this order, and its body is read only at the end:
 * the Host must name this gateway; an admin route needs the admin token or the page's session;
 * a request that changes something must come from no page or this gateway's own, as JSON; the
 * route may refuse it (a write key nobody configured, an overloaded gateway); a declared length
 * over the route's limit is refused; then the body is read, decompressed, within that limit.
 *
 * Every answer passes one exit: errors become JSON (status, message, field; never a stack),
 * and every known secret is scrubbed from the body as a last safety net.
 */
import type { IncomingHttpHeaders, IncomingMessage, RequestListener, ServerResponse } from 'http'
import { FieldError, describeError, scrub, scrubbable, scrubText, bearerToken } from 'pinterest-conversions-tools'
import type { AdminGuard } from './admin'
import { checkDeclaredBody, readBody } from './body'
import { MAX_JSON_DEPTH, tooDeepAt } from './json-depth'
import type { ServedHosts } from './served-hosts'

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

/** What a route sees of a request before its body is read. */
export interface RequestHead {
  method: string
  path: string
  headers: IncomingHttpHeaders
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

/** A route's verdict before the body is read: refused with an answer, or let in, to be told once the body is read and once answered. */
export type Admission = { refused: Answer } | Admitted

export interface Admitted {
  read?(): void
  answered(): void
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS'
  /** Literal segments and `:name` parameters. */
  path: string
  /** One line for listings (the 404 answer, the startup banner). */
  summary: string
  /** Another door to a listed route (a short name, a CORS preflight): left out of listings. */
  alias?: true
  /** `admin`: changes what the server does or shows what it received; needs RouterOptions.admin's credentials. */
  access?: 'admin'
  /** The largest body it reads, in bytes once decompressed (DEFAULT_BODY_LIMIT when not given). */
  bodyLimit?: number
  /**
   * Pages of any site send here (analytics.js to the tracking API), under whatever name the shop
   * gave the gateway: neither the Host nor the Origin is checked, any Content-Type is read, and
   * no session counts. The write key, not the origin, says who may send.
   */
  anySite?: true
  /** The media type of the body it reads: `application/json` unless it says (an OAuth token endpoint reads a form). */
  bodyType?: string
  /** Asked before the body is read, once the caller passed the gate. */
  admit?(head: RequestHead): Admission
  handle(request: RouteRequest): Answer | Promise<Answer>
}

export interface RouterOptions {
  /** Secrets known to the whole server (the configured token, the admin token). */
  secrets?: () => Iterable<string>
  /** Who may use the admin routes; without it, nobody. */
  admin?: AdminGuard
  /** The names the server answers to and the pages it trusts; every name and page without it. */
  hosts?: ServedHosts
  /** Told after each answer, for a request log. */
  onAnswer?: (request: { method: string; path: string }, status: number, ms: number) => void
}

/** What a route reads unless it says otherwise: a subscription, a requeue, a sign-in. */
export const DEFAULT_BODY_LIMIT = 64 * 1024

/** Methods that change something: a page of another site must not be able to make a browser send them. */
const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

interface CompiledRoute {
  route: Route
  pattern: RegExp
  names: string[]
}

interface Incoming {
  method: string
  url: URL
  incoming: IncomingMessage
  secrets: Set<string>
  /** Set once a route admitted the request. */
  admitted?: Admitted
}

export function createRequestListener(routes: readonly Route[], options: RouterOptions = {}): RequestListener {
  const compiled = routes.map(compile)

  return (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const started = Date.now()
    const request: Incoming = {
      method: (incoming.method ?? 'GET').toUpperCase(),
      url: new URL(incoming.url ?? '/', 'http://local.invalid'),
      incoming,
      secrets: new Set<string>([...(options.secrets?.() ?? []), ...bearerTokens(incoming.headers)])
    }
    const finish = (answer: Answer) => {
      request.admitted?.answered()
      if (answer.reset) outgoing.destroy()
      else send(outgoing, answer, request.secrets)
      options.onAnswer?.({ method: request.method, path: request.url.pathname }, answer.status, Date.now() - started)
    }
    serve(compiled, request, options)
      .catch(errorAnswer)
      .then(finish)
      .catch(() => outgoing.destroy())
  }
}

/** The gate (see the top of this file), then the route's handler. */
async function serve(routes: CompiledRoute[], request: Incoming, options: RouterOptions): Promise<Answer> {
  const { method, url, incoming } = request
  const { headers } = incoming
  const found = find(routes, method, url.pathname)
  const route = 'route' in found ? found.route : undefined
  if (!route?.anySite && options.hosts && !options.hosts.servesHost(headers.host)) return misdirected(headers.host)
  if (!('route' in found)) return found
  if (route?.access === 'admin') {
    const refusal = options.admin ? options.admin.check(headers) : closed()
    if (refusal) return refusal
  }
  if (!route?.anySite && CHANGES.has(method)) {
    const refusal = crossSite(headers, options.hosts, route?.bodyType ?? 'application/json')
    if (refusal) return refusal
  }
  const admission = found.route.admit?.({ method, path: url.pathname, headers })
  if (admission && 'refused' in admission) return admission.refused
  request.admitted = admission
  const limit = found.route.bodyLimit ?? DEFAULT_BODY_LIMIT
  checkDeclaredBody(headers, limit)
  const rawBody = await readBody(incoming, limit)
  request.admitted?.read?.()
  const deep = tooDeepAt(rawBody)
  if (deep !== undefined) {
    throw new FieldError(`${deep} is nested more than ${MAX_JSON_DEPTH} objects and lists deep.`, deep)
  }
  return found.route.handle({
    method,
    path: url.pathname,
    url: url.pathname + url.search,
    query: url.searchParams,
    params: found.params,
    headers,
    rawBody,
    json: () => parseJson(rawBody),
    secrets: request.secrets
  })
}

/** The route that takes the request, with its parameters; or the 404/405 answer that lists the routes. */
function find(
  routes: CompiledRoute[],
  method: string,
  path: string
): { route: Route; params: Record<string, string> } | Answer {
  const onPath = routes.map((r) => ({ r, match: r.pattern.exec(path) })).filter((x) => x.match)
  const hit = onPath.find(({ r }) => r.route.method === method || (method === 'HEAD' && r.route.method === 'GET'))
  if (!hit) {
    if (onPath.length > 0) {
      const allowed = [...new Set(onPath.map(({ r }) => r.route.method))].join(', ')
      return {
        status: 405,
        headers: { allow: allowed },
        body: { ok: false, error: `${path} accepts ${allowed}, not ${method}.`, field: 'method' }
      }
    }
    return {
      status: 404,
      body: {
        ok: false,
        error: `No route for ${method} ${path}.`,
        routes: routes
          .filter(({ route }) => !route.alias)
          .map(({ route }) => `${route.method} ${route.path}: ${route.summary}`)
      }
    }
  }
  const params: Record<string, string> = {}
  hit.r.names.forEach((name, i) => (params[name] = decodeURIComponent(hit.match?.[i + 1] ?? '')))
  return { route: hit.r.route, params }
}

function misdirected(host: string | undefined): Answer {
  return {
    status: 421,
    body: {
      ok: false,
      error: `Host "${host}" is not a name this gateway serves: behind a proxy, set PUBLIC_URL to the address it serves the gateway at.`,
      field: 'host'
    }
  }
}

function closed(): Answer {
  return { status: 401, body: { ok: false, error: 'This server has no admin routes open.', field: 'ADMIN_TOKEN' } }
}

/**
 * A change must come from no page at all (curl, the CLI) or from this gateway's own, and as JSON:
 * a form or a `text/plain` fetch, the requests a page of any site may send without asking, is
 * refused by its type even if its origin were not.
 */
function crossSite(headers: IncomingHttpHeaders, hosts: ServedHosts | undefined, bodyType: string): Answer | undefined {
  const origin = headers.origin
  if (origin !== undefined && hosts && !hosts.trustsOrigin(origin)) {
    return {
      status: 403,
      body: {
        ok: false,
        error: `A page of ${origin} may not change this gateway: only its own page (or a client that sends no Origin) may.`,
        field: 'origin'
      }
    }
  }
  const type = mediaType(headers['content-type'])
  const hasBody = Number(headers['content-length'] ?? 0) > 0 || headers['transfer-encoding'] !== undefined
  // A request with neither a body nor a type (a DELETE, Pinterest's body-less POSTs) has nothing to
  // be read as another type: a form always names its type, and the Origin check above holds.
  if (type !== bodyType && (hasBody || type !== '')) {
    return {
      status: 415,
      body: {
        ok: false,
        error: `This route takes Content-Type: ${bodyType}${type ? `, not ${type}` : ''}.`,
        field: 'content-type'
      }
    }
  }
  return undefined
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase()
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

function bearerTokens(headers: IncomingHttpHeaders): string[] {
  const token = bearerToken(headers.authorization)
  return token ? [token] : []
}
