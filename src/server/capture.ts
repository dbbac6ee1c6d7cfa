/**
 * A stand-in for Pinterest that sends nothing on: it takes each request the destination makes to
 * `POST /v5/ad_accounts/{id}/events`, hands the body to whoever asked (replay --dry-run writes it
 * to stdout; POST /health has no use for it), and answers as Pinterest does for valid events, so
 * the destination reports every event it built as processed.
 *
 * It listens on 127.0.0.1 on a free port and is reached through the destination's own request
 * client, so what it receives is byte for byte what Pinterest would.
 */
import http from 'http'
import type { AddressInfo } from 'net'
import type { Route } from './router'
import { createRequestListener } from './router'
import { SANDBOX_EVENTS_ROUTE } from './sandbox'

/** Told each request body as received. Returning a promise holds the answer (and so the sender) until it settles. */
export type BodySink = (rawBody: string) => void | Promise<void>

export interface LocalListener {
  /** `http://127.0.0.1:<port>`: give it as `api_base_url`. */
  url: string
  close(): Promise<void>
}

/** The capture endpoint as a route, mounted where Pinterest has its events endpoint. */
export function captureRoute(sink: BodySink = () => undefined): Route {
  return {
    method: 'POST',
    path: SANDBOX_EVENTS_ROUTE,
    summary: 'capture: takes each request body and sends nothing on',
    handle: async (request) => {
      await sink(request.rawBody)
      const count = countEvents(request.rawBody)
      return {
        status: 200,
        body: {
          num_events_received: count,
          num_events_processed: count,
          events: Array.from({ length: count }, () => ({
            status: 'processed',
            warning_message: 'Dry run: not sent to Pinterest.'
          }))
        }
      }
    }
  }
}

/** A capture endpoint listening on 127.0.0.1; close it when done. */
export function openCapture(sink?: BodySink): Promise<LocalListener> {
  return listenOnLoopback([captureRoute(sink)])
}

/** `routes` served on 127.0.0.1 on a free port, for a stand-in used by this process only. */
export async function listenOnLoopback(routes: Route[]): Promise<LocalListener> {
  const server = http.createServer(createRequestListener(routes))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

function countEvents(body: string): number {
  try {
    const data = (JSON.parse(body) as { data?: unknown }).data
    return Array.isArray(data) ? data.length : 0
  } catch {
    return 0
  }
}
