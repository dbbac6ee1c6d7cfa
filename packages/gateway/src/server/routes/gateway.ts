/**
 * The gateway over HTTP: Segment's tracking API (`/v1/*`), the admin routes that configure it
 * and show what it could not deliver, and the routes an operator's tooling polls.
 */
import type { IncomingHttpHeaders } from 'http'
import { FieldError, isObject } from 'pinterest-conversions-tools'
import type { Gateway } from '../../gateway/gateway'
import type { CallType } from '../../gateway/calls'
import { CALL_TYPES, MAX_REQUEST_BYTES } from '../../gateway/calls'
import type { RequeueSelection } from '../../queue'
import type { Admission } from '../admission'
import { RETRY_AFTER_SECONDS } from '../admission'
import type { Admission as Verdict, Answer, Route, RouteRequest } from '../router'
import { errorAnswer } from '../router'

/** How long a client should wait before sending again after the store failed or while the gateway stops. */
const STORE_RETRY_AFTER_SECONDS = '5'
/** A configuration with many subscriptions and long mappings. */
const CONFIG_BODY_BYTES = 1024 * 1024

/**
 * Browsers post from the shop's own origin (analytics.js), so every answer of the tracking API
 * allows any origin, as Segment's does: the write key, not the origin, says who may send.
 */
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type',
  'access-control-max-age': '86400'
}

/**
 * Other names of the same routes: analytics.js posts to the first letter of the call (`/v1/t`,
 * `/v1/b` for a batch); `/v1/import` is Segment's older name for `/v1/batch`, still where
 * analytics-java and the classic analytics-android send.
 */
const ROUTES: Array<{ route: 'batch' | CallType; aliases: string[] }> = [
  { route: 'batch', aliases: ['b', 'import'] },
  ...CALL_TYPES.map((type) => ({ route: type, aliases: [type[0]] }))
]

export function ingestRoutes(gateway: Gateway, admission: Admission, clock: () => number = Date.now): Route[] {
  const answered = (answer: Answer): Answer => {
    gateway.metrics.ingestRequests.inc({ status: String(answer.status) })
    return { ...answer, headers: { ...answer.headers, ...CORS } }
  }
  const handle =
    (route: 'batch' | CallType) =>
    async (request: RouteRequest): Promise<Answer> => {
      const receivedAt = clock()
      try {
        await gateway.ingestion.ingest({ route, headers: request.headers, rawBody: request.rawBody, receivedAt })
        return answered({ status: 200, body: { success: true } })
      } catch (error) {
        const answer = errorAnswer(error)
        if (answer.status === 503) answer.headers = { 'retry-after': STORE_RETRY_AFTER_SECONDS }
        return answered(answer)
      }
    }
  // Before the body is read: a key nobody configured, or a gateway past what it can take.
  const admit = (head: { headers: IncomingHttpHeaders }): Verdict => {
    const unknownKey = writeKeyRefusal(gateway, head.headers)
    if (unknownKey) return { refused: answered(unknownKey) }
    const ticket = admission.enter()
    if (ticket) return ticket
    return {
      refused: answered({
        status: 503,
        headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
        body: { ok: false, error: 'The gateway is taking all it can; send again.', field: 'gateway' }
      })
    }
  }
  const preflight = () => ({ status: 204, text: '', headers: CORS })
  return ROUTES.flatMap(({ route, aliases }): Route[] => {
    const what = route === 'batch' ? '{batch: [calls]}' : `one ${route} call`
    const main: Route = {
      method: 'POST',
      path: `/v1/${route}`,
      summary: `Segment's tracking API: ${what}; 200 once stored`,
      anySite: true,
      bodyLimit: MAX_REQUEST_BYTES,
      admit,
      handle: handle(route)
    }
    return [
      main,
      ...aliases.map(
        (alias): Route => ({ ...main, path: `/v1/${alias}`, summary: `the same as ${main.path}`, alias: true })
      ),
      ...[route, ...aliases].map(
        (name): Route => ({
          method: 'OPTIONS',
          path: `/v1/${name}`,
          summary: 'CORS preflight',
          alias: true,
          anySite: true,
          handle: preflight
        })
      )
    ]
  })
}

/**
 * A write key given as the Basic user name is checked before the body is read; one given only
 * in the body (analytics.js sends it so) is checked by ingestion once the body is read.
 */
function writeKeyRefusal(gateway: Gateway, headers: IncomingHttpHeaders): Answer | undefined {
  const compiled = gateway.configuration.compiled
  if (!compiled.hasWriteKeys) {
    return errorAnswer(
      new FieldError('No write key is configured: set WRITE_KEY, or add sources to the configuration.', 'writeKey', 401)
    )
  }
  const key = basicUser(headers.authorization)
  if (key !== undefined && !compiled.sourceOf(key))
    return errorAnswer(new FieldError('Unknown write key.', 'writeKey', 401))
  return undefined
}

/** The user name of HTTP Basic credentials, where Segment's clients put the write key (calls.ts reads it again with the body). */
function basicUser(authorization: string | undefined): string | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(authorization?.trim() ?? '')
  const user = match ? Buffer.from(match[1], 'base64').toString('utf8').split(':')[0] : ''
  return user === '' ? undefined : user
}

export function gatewayAdminRoutes(gateway: Gateway): Route[] {
  const subscriptions = '/gateway/destinations/:destination/subscriptions'
  return [
    {
      method: 'GET',
      path: '/gateway/status',
      summary:
        'accepted, queued, delivered, warned, dead_lettered, unrouted, consent_skipped, duplicates, oldest queued age',
      handle: async () => ({ status: 200, body: await gateway.status() })
    },
    admin(
      'GET',
      '/gateway/config',
      'the configuration (literal secrets redacted), its file, whether it is the default',
      () => ({
        status: 200,
        body: gateway.configuration.view()
      })
    ),
    {
      ...admin(
        'PUT',
        '/gateway/config',
        'replace the configuration: checked, saved, applied without restart',
        async (request) => ({
          status: 200,
          body: await gateway.configuration.replace(request.json())
        })
      ),
      bodyLimit: CONFIG_BODY_BYTES
    },
    admin('GET', subscriptions, "a destination's subscriptions", (request) => ({
      status: 200,
      body: {
        destination: request.params.destination,
        subscriptions: gateway.configuration.subscriptions(request.params.destination)
      }
    })),
    admin(
      'POST',
      subscriptions,
      'add a subscription: {name, trigger, preset?, mapping?, enabled?, id?}',
      async (request) => ({
        status: 201,
        body: {
          subscription: await gateway.configuration.addSubscription(request.params.destination, request.json())
        }
      })
    ),
    admin('PUT', `${subscriptions}/:id`, 'replace a subscription', async (request) => ({
      status: 200,
      body: {
        subscription: await gateway.configuration.replaceSubscription(
          request.params.destination,
          request.params.id,
          request.json()
        )
      }
    })),
    admin(
      'DELETE',
      `${subscriptions}/:id`,
      'delete a subscription; answers how many of its events are still queued (dead-lettered when claimed)',
      async (request) => {
        const { queued } = await gateway.configuration.removeSubscription(request.params.destination, request.params.id)
        return { status: 200, body: { deleted: request.params.id, queued } }
      }
    ),
    admin(
      'POST',
      '/gateway/triggers/check',
      'check an FQL trigger: {trigger, events?} → which events it takes',
      (request) => {
        const body = objectBody(request)
        try {
          return { status: 200, body: gateway.configuration.checkTrigger(body.trigger, body.events) }
        } catch (error) {
          // A trigger being typed is not a failed request: the page shows the error next to it.
          if (!(error instanceof FieldError)) throw error
          return { status: 200, body: { ok: false, error: error.message, field: error.field } }
        }
      }
    ),
    admin(
      'GET',
      '/gateway/events/:messageId',
      "an event's story by messageId: for each subscription that took it, its state, attempts and times, values left out, refusal, Pinterest's answer",
      async (request) => {
        const story = await gateway.story(request.params.messageId)
        if (!story) {
          throw new FieldError(
            `No event with messageId "${request.params.messageId}" in the event log (stories are kept for EVENT_LOG_RETENTION) or the queue.`,
            'messageId',
            404
          )
        }
        return { status: 200, body: story }
      }
    ),
    admin(
      'GET',
      '/gateway/dead-letters',
      'dead letters, newest first: ?destination=&limit=&before=',
      async (request) => {
        const limit = request.query.get('limit') ? Number(request.query.get('limit')) : 100
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
          throw new FieldError('limit must be a whole number from 1 to 1000.', 'limit')
        }
        const destination = request.query.get('destination') ?? undefined
        const before = request.query.get('before') ?? undefined
        const deadLetters = await gateway.deadLetters({
          limit,
          ...(destination && { destination }),
          ...(before && { before })
        })
        return { status: 200, body: { count: deadLetters.length, dead_letters: deadLetters } }
      }
    ),
    admin(
      'DELETE',
      '/gateway/dead-letters',
      'delete dead letters, raw events and all: {ids: [...]} or {all: true, destination?, reason?}',
      async (request) => {
        const purged = await gateway.purge(readSelection(objectBody(request)))
        return { status: 200, body: { purged } }
      }
    ),
    admin(
      'POST',
      '/gateway/dead-letters/requeue',
      'send dead letters again: {ids: [...]} or {all: true, destination?, reason?}',
      async (request) => {
        const requeued = await gateway.requeue(readSelection(objectBody(request)))
        return { status: 200, body: { requeued } }
      }
    )
  ]
}

export function operationsRoutes(gateway: Gateway): Route[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      summary: 'liveness: the process answers',
      handle: () => ({ status: 200, body: { ok: true } })
    },
    {
      method: 'GET',
      path: '/readyz',
      summary: 'readiness: taking events (503 while shutting down or when the store cannot write)',
      handle: async () => {
        const readiness = await gateway.readiness()
        return readiness.ok
          ? { status: 200, body: { ok: true } }
          : { status: 503, body: { ok: false, error: readiness.error } }
      }
    },
    {
      method: 'GET',
      path: '/metrics',
      summary: 'Prometheus metrics',
      handle: async () => ({
        status: 200,
        text: await gateway.metrics.registry.metrics(),
        headers: { 'content-type': gateway.metrics.registry.contentType }
      })
    }
  ]
}

function admin(method: Route['method'], path: string, summary: string, handle: Route['handle']): Route {
  return { method, path, summary, access: 'admin', handle }
}

function objectBody(request: RouteRequest): Record<string, unknown> {
  const body = request.json()
  if (!isObject(body)) throw new FieldError('The body must be a JSON object.', 'body')
  return body
}

function readSelection(body: Record<string, unknown>): RequeueSelection {
  if (Array.isArray(body.ids)) {
    if (!body.ids.every((id) => typeof id === 'string' && id !== ''))
      throw new FieldError('ids must be a list of dead-letter ids.', 'ids')
    return { ids: body.ids as string[] }
  }
  if (body.all === true) {
    if (body.destination !== undefined && typeof body.destination !== 'string')
      throw new FieldError('destination must be a destination id.', 'destination')
    if (body.reason !== undefined && (typeof body.reason !== 'string' || body.reason === ''))
      throw new FieldError("reason must be a dead letter's reason, or its kind (rejected, invalid, ...).", 'reason')
    return {
      all: true,
      ...(typeof body.destination === 'string' && { destination: body.destination }),
      ...(typeof body.reason === 'string' && { reason: body.reason })
    }
  }
  throw new FieldError('Say which dead letters: {"ids": [...]} or {"all": true}.', 'ids')
}
