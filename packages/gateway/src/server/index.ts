/**
 * The local actions server: Segment's `serve` routes (GET /manifest, POST /authenticate,
 * POST /<action>) on node's `http`, with the embedded Pinterest sandbox mounted on the same
 * server when no live settings are given.
 */
import http from 'http'
import type { AddressInfo } from 'net'
import type { Logger } from '@segment/actions-core'
import type { Settings } from 'pinterest-conversions'
import { ACTION_SLUG } from 'pinterest-conversions'
import { silentLogger, describeTarget, SANDBOX_SETTINGS, createSandbox, toSandbox } from 'pinterest-conversions-tools'
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
import { gatewayAdminRoutes, ingestRoutes, operationsRoutes } from './routes/gateway'
import { connectRoutes } from './routes/connect'
import { pinterestHealthRoute } from './routes/pinterest-health'
import { deletionRoutes } from './routes/deletions'
import { deliveryRoutes } from './routes/delivery'
import { editorRoutes } from './routes/editor'
import { sessionRoutes } from './routes/session'
import { AdminGuard } from './admin'
import { Admission } from './admission'
import { ServedHosts } from './served-hosts'
import type { Gateway } from '../gateway/gateway'
import type { Sandbox } from 'pinterest-conversions-tools'

export type { Route, RouteRequest, Answer } from './router'
export type { ServerContext } from './context'

export interface ServerOptions {
  /** Settings for talking to Pinterest. Without them the embedded sandbox is mounted and used. */
  live?: Settings
  /** The sandbox to mount in sandbox mode (one is made when not given). */
  sandbox?: Sandbox
  /** A sandbox running elsewhere (PINTEREST_SANDBOX_URL, for drills that outlive this process): used instead of mounting one. */
  sandboxUrl?: string
  /** The gateway (Segment's tracking API, its admin and operations routes), made with this server's context: its sandbox is where the gateway's sandbox deliveries go. */
  gateway?: (context: ServerContext) => Gateway
  /** The admin routes' credential (as a Bearer token, or exchanged for the page's session); without it they are closed. */
  adminToken?: string
  /** PUBLIC_URL: a name the server answers to besides its own, and the origin of its page behind a proxy. */
  publicUrl?: URL
  /** The tracking API's backpressure, shared with the gateway's delivery (its pace). */
  admission?: Admission
  /** Where a defect of the destination is logged (stack, never a value). Nowhere by default. */
  logger?: Logger
  /** More routes (`POST /health`, `GET /`), matched before the built-in ones. */
  routes?: (context: ServerContext) => Route[]
  onAnswer?: RouterOptions['onAnswer']
}

/** Segment's SDKs send a 500 KB batch in well under a second, even from a phone. */
const REQUEST_TIMEOUT_MS = 30_000
const HEADERS_TIMEOUT_MS = 20_000
const KEEP_ALIVE_MS = 65_000

export interface LocalServer {
  readonly http: http.Server
  readonly context: ServerContext
  /** The sandbox, in sandbox mode. */
  readonly sandbox?: Sandbox
  readonly gateway?: Gateway
  readonly routes: readonly Route[]
  /** Starts listening; resolves to the base URL (port 0 picks a free port). */
  listen(port?: number, host?: string): Promise<string>
  /** The base URL; only once listening. */
  url(): string
  close(): Promise<void>
}

export function createServer(options: ServerOptions = {}): LocalServer {
  const sandbox = options.live || options.sandboxUrl ? undefined : options.sandbox ?? createSandbox()
  const server = http.createServer()
  // A client that takes longer than this to send its request holds memory and an admission slot for nothing.
  server.requestTimeout = REQUEST_TIMEOUT_MS
  server.headersTimeout = HEADERS_TIMEOUT_MS
  // Longer than clients keep an idle connection (undici: 4 s; load balancers: 60 s), so the client
  // closes it, never the server just as the client sends on it: under load that race reset calls.
  server.keepAliveTimeout = KEEP_ALIVE_MS
  let baseUrl: string | undefined
  const admin = new AdminGuard(options.adminToken)
  const hosts = new ServedHosts(options.publicUrl)
  const admission = options.admission ?? new Admission()

  const url = () => {
    if (!baseUrl) throw new Error('The server is not listening yet.')
    return baseUrl
  }
  const live = options.live
  const context: ServerContext = {
    mode: live ? 'live' : 'sandbox',
    baseSettings: () => ({ ...(live ?? SANDBOX_SETTINGS) }),
    transport: () => (live ? undefined : toSandbox(options.sandboxUrl ?? url())),
    sandboxBase: () => (live ? undefined : options.sandboxUrl ?? url()),
    describe: () =>
      describeTarget(
        live
          ? { live }
          : options.sandboxUrl
          ? { sandboxUrl: options.sandboxUrl, elsewhere: true }
          : { sandboxUrl: url() }
      ),
    logger: options.logger ?? silentLogger
  }
  const gateway = options.gateway?.(context)
  const routes: Route[] = [
    ...(options.routes?.(context) ?? []),
    ...(gateway
      ? [
          ...ingestRoutes(gateway, admission),
          ...gatewayAdminRoutes(gateway),
          ...editorRoutes(gateway),
          ...deliveryRoutes(gateway),
          ...operationsRoutes(gateway),
          ...connectRoutes(gateway, context),
          pinterestHealthRoute(gateway),
          ...deletionRoutes(gateway)
        ]
      : []),
    ...sessionRoutes(admin),
    manifestRoute(),
    authenticateRoute(context),
    actionRoute(context),
    healthRoute(context),
    ...explainRoutes(context),
    examplesRoute(ACTION_SLUG),
    ...playgroundRoutes(),
    ...(sandbox ? sandboxRoutes(sandbox) : [])
  ]
  server.on(
    'request',
    createRequestListener(routes, {
      secrets: () => [
        ...(options.live ? [options.live.conversion_token] : []),
        ...(options.adminToken ? [options.adminToken] : []),
        ...(gateway?.secrets() ?? [])
      ],
      admin,
      hosts,
      onAnswer: options.onAnswer
    })
  )

  return {
    http: server,
    context,
    sandbox,
    gateway,
    routes,
    url,
    listen: (port = 0, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => {
          server.off('error', reject)
          const address = server.address() as AddressInfo
          hosts.listening(host, address.port)
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
