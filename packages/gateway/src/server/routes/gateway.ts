/**
 * The gateway over HTTP: Segment's tracking API (`/v1/*`), the admin routes that configure it
 * and show what it could not deliver, and the routes an operator's tooling polls.
 */
import { FieldError, isObject } from 'pinterest-conversions-tools'
import type { Gateway } from '../../gateway/gateway'
import type { CallType } from '../../gateway/calls'
import { CALL_TYPES } from '../../gateway/calls'
import type { RequeueSelection } from '../../queue'
import type { Answer, Route, RouteRequest } from '../router'
import { errorAnswer } from '../router'

/** How long a client should wait before sending again after a 503. */
const RETRY_AFTER_SECONDS = '5'

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

export function ingestRoutes(gateway: Gateway, clock: () => number = Date.now): Route[] {
  const handle =
    (route: 'batch' | CallType) =>
    async (request: RouteRequest): Promise<Answer> => {
      let answer: Answer
      try {
        await gateway.ingestion.ingest({
          route,
          headers: request.headers,
          rawBody: request.rawBody,
          receivedAt: clock()
        })
        answer = { status: 200, body: { success: true } }
      } catch (error) {
        answer = errorAnswer(error)
        if (answer.status === 503) answer.headers = { 'retry-after': RETRY_AFTER_SECONDS }
      }
      gateway.metrics.ingestRequests.inc({ status: String(answer.status) })
      return { ...answer, headers: { ...answer.headers, ...CORS } }
    }
  const preflight = () => ({ status: 204, text: '', headers: CORS })
  return ROUTES.flatMap(({ route, aliases }): Route[] => {
    const what = route === 'batch' ? '{batch: [calls]}' : `one ${route} call`
    const main: Route = {
      method: 'POST',
      path: `/v1/${route}`,
      summary: `Segment's tracking API: ${what}; 200 once stored`,
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
          handle: preflight
        })
      )
    ]
  })
}

export function gatewayAdminRoutes(gateway: Gateway): Route[] {
  const subscriptions = '/gateway/destinations/:destination/subscriptions'
  return [
    {
      method: 'GET',
      path: '/gateway/status',
      summary: 'accepted, queued, delivered, dead_lettered, unrouted, consent_skipped, duplicates, oldest queued age',
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
    admin(
      'PUT',
      '/gateway/config',
      'replace the configuration: checked, saved, applied without restart',
      async (request) => ({
        status: 200,
        body: await gateway.configuration.replace(request.json())
      })
    ),
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
      'POST',
      '/gateway/dead-letters/requeue',
      'send dead letters again: {ids: [...]} or {all: true, destination?}',
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
      summary: 'readiness: taking events (503 while shutting down or when the store does not answer)',
      handle: async () => {
        if (!gateway.ready) return { status: 503, body: { ok: false, error: 'shutting down' } }
        try {
          await gateway.status()
          return { status: 200, body: { ok: true } }
        } catch {
          return { status: 503, body: { ok: false, error: 'the store does not answer' } }
        }
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
    return { all: true, ...(typeof body.destination === 'string' && { destination: body.destination }) }
  }
  throw new FieldError('Say which dead letters: {"ids": [...]} or {"all": true}.', 'ids')
}
