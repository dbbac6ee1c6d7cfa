/**
 * Where a replay sends: Pinterest (live settings), the embedded sandbox in this process, or, for
 * a dry run, a capture endpoint in this process that writes each request body to stdout and
 * sends nothing on. Both local ones are real HTTP servers on 127.0.0.1 reached through the
 * destination's own request client, so what they receive is byte for byte what Pinterest would.
 */
import http from 'http'
import type { AddressInfo } from 'net'
import type { Settings } from '../destinations/pinterest-conversions/generated-types'
import { FieldError } from '../runtime/errors'
import { describeSettings, modeFromEnv, sandboxSettings } from '../runtime/mode'
import { createRequestListener, type Route } from '../server/router'
import { sandboxRoutes } from '../server/routes/sandbox'
import { createSandbox, SANDBOX_EVENTS_ROUTE } from '../server/sandbox'

export interface Delivery {
  settings: Settings
  /** One line for a person: where events go. */
  description: string
  dryRun: boolean
  close(): Promise<void>
}

export interface DeliveryChoice {
  sandbox: boolean
  dryRun: boolean
  /** Settings from --settings FILE, when given. */
  fileSettings?: Settings
  env: NodeJS.ProcessEnv
  /** Where a dry run writes the bodies (stdout). */
  bodies: NodeJS.WritableStream
}

export async function openDelivery(choice: DeliveryChoice): Promise<Delivery> {
  const configured = choice.fileSettings ?? liveFromEnv(choice.env)
  if (choice.dryRun) {
    const local = await listen([captureRoute(choice.bodies)])
    // The configured settings when there are some (partner_name, default_phone_country shape
    // the bodies); the sandbox's otherwise. Either way the requests only reach this process.
    const settings = { ...(configured ?? sandboxSettings(local.url)), api_base_url: local.url }
    return { settings, dryRun: true, description: 'dry run: nothing is sent; each Pinterest request body is written to stdout', close: local.close }
  }
  if (choice.sandbox) {
    // Keep only the last request: nobody looks at them during a replay.
    const local = await listen(sandboxRoutes(createSandbox({ keep: 1 })))
    const settings = { ...(choice.fileSettings ?? {}), ...sandboxSettings(local.url) }
    return { settings, dryRun: false, description: `${describeSettings('sandbox', settings)} (in this process)`, close: local.close }
  }
  if (!configured) {
    throw new FieldError(
      'No settings: set PINTEREST_AD_ACCOUNT_ID and PINTEREST_CONVERSION_TOKEN, or pass --settings FILE, or use --sandbox or --dry-run.',
      '--settings'
    )
  }
  return { settings: configured, dryRun: false, description: describeSettings('live', configured), close: async () => undefined }
}

function liveFromEnv(env: NodeJS.ProcessEnv): Settings | undefined {
  const mode = modeFromEnv(env)
  return mode.kind === 'live' ? mode.settings : undefined
}

/** Takes Pinterest requests, writes each body as one line, and answers as Pinterest would for valid events. */
function captureRoute(bodies: NodeJS.WritableStream): Route {
  return {
    method: 'POST',
    path: SANDBOX_EVENTS_ROUTE,
    summary: 'dry run: writes each request body to stdout',
    handle: async (request) => {
      const line = request.rawBody.replace(/\r?\n/g, ' ')
      // Wait for a slow reader of stdout: the replay then waits too, instead of piling up bodies.
      if (!bodies.write(`${line}\n`)) await new Promise((resolve) => bodies.once('drain', resolve))
      const count = countEvents(request.rawBody)
      return {
        status: 200,
        body: {
          num_events_received: count,
          num_events_processed: count,
          events: Array.from({ length: count }, () => ({ status: 'processed', warning_message: 'Dry run: not sent to Pinterest.' }))
        }
      }
    }
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

async function listen(routes: Route[]): Promise<{ url: string; close: () => Promise<void> }> {
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
