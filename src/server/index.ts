/**
 * The local actions server: Segment's `serve` routes (GET /manifest, POST /authenticate,
 * POST /<action>) on node's `http`, with the embedded Pinterest sandbox mounted on the same
 * server when no live settings are given.
 */
import http from 'http'
import type { AddressInfo } from 'net'
import type { DestinationDefinition } from '@segment/actions-core'
import destination from '../destinations/pinterest-conversions'
import type { Settings } from '../destinations/pinterest-conversions/generated-types'
import { sandboxSettings } from '../runtime/mode'
import type { ServerContext } from './context'
import type { Route, RouterOptions } from './router'
import { createRequestListener } from './router'
import { actionRoute } from './routes/action'
import { authenticateRoute } from './routes/authenticate'
import { healthRoute } from './routes/health'
import { examplesRoute } from './routes/examples'
import { explainRoutes } from './routes/explain'
import { manifestRoute } from './routes/manifest'
import { playgroundRoutes } from './routes/playground'
import { sandboxRoutes } from './routes/sandbox'
import type { Sandbox } from './sandbox'
import { createSandbox } from './sandbox'

export type { Route, RouteRequest, Answer } from './router'
export type { ServerContext } from './context'

/** The action POST /health maps events with: the destination's one action, the one with batches. */
const HEALTH_ACTION = 'reportConversionEvent'

export interface ServerOptions {
  /** Settings for talking to Pinterest. Without them the embedded sandbox is mounted and used. */
  live?: Settings
  /** The sandbox to mount in sandbox mode (one is made when not given). */
  sandbox?: Sandbox
  definition?: DestinationDefinition<Settings>
  /** More routes (`POST /health`, `GET /`), matched before the built-in ones. */
  routes?: (context: ServerContext) => Route[]
  onAnswer?: RouterOptions['onAnswer']
}

export interface LocalServer {
  readonly http: http.Server
  readonly context: ServerContext
  /** The sandbox, in sandbox mode. */
  readonly sandbox?: Sandbox
  readonly routes: readonly Route[]
  /** Starts listening; resolves to the base URL (port 0 picks a free port). */
  listen(port?: number, host?: string): Promise<string>
  /** The base URL; only once listening. */
  url(): string
  close(): Promise<void>
}

export function createServer(options: ServerOptions = {}): LocalServer {
  const definition = options.definition ?? destination
  const sandbox = options.live ? undefined : options.sandbox ?? createSandbox()
  const server = http.createServer()
  let baseUrl: string | undefined

  const url = () => {
    if (!baseUrl) throw new Error('The server is not listening yet.')
    return baseUrl
  }
  const context: ServerContext = {
    definition,
    mode: options.live ? 'live' : 'sandbox',
    baseSettings: () => (options.live ? { ...options.live } : sandboxSettings(url()))
  }
  const routes: Route[] = [
    ...(options.routes?.(context) ?? []),
    manifestRoute(context),
    authenticateRoute(context),
    ...Object.keys(definition.actions).map((slug) => actionRoute(context, slug)),
    healthRoute(context, HEALTH_ACTION),
    ...explainRoutes(context, Object.keys(definition.actions)[0]),
    examplesRoute(Object.keys(definition.actions)[0]),
    ...playgroundRoutes(),
    ...(sandbox ? sandboxRoutes(sandbox) : [])
  ]
  server.on(
    'request',
    createRequestListener(routes, {
      secrets: () => (options.live ? [options.live.conversion_token] : []),
      onAnswer: options.onAnswer
    })
  )

  return {
    http: server,
    context,
    sandbox,
    routes,
    url,
    listen: (port = 0, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => {
          server.off('error', reject)
          const address = server.address() as AddressInfo
          baseUrl = `http://${urlHost(address)}:${address.port}`
          resolve(baseUrl)
        })
      }),
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}

/** The host the server can call itself on: a wildcard address is reached through loopback. */
function urlHost(address: AddressInfo): string {
  if (address.address === '0.0.0.0' || address.address === '::') return '127.0.0.1'
  return address.family === 'IPv6' ? `[${address.address}]` : address.address
}
