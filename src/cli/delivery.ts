/**
 * Where a replay sends: Pinterest (live settings), the embedded sandbox in this process, or, for
 * a dry run, a capture endpoint in this process (src/server/capture.ts) that writes each request
 * body to stdout and sends nothing on. Both local ones are real HTTP servers on 127.0.0.1 reached
 * through the destination's own request client, so what they receive is byte for byte what
 * Pinterest would.
 */
import type { Settings } from '../destinations/pinterest-conversions/generated-types'
import { FieldError } from '../runtime/errors'
import { describeSettings, modeFromEnv, sandboxSettings } from '../runtime/mode'
import { listenOnLoopback, openCapture } from '../server/capture'
import { sandboxRoutes } from '../server/routes/sandbox'
import { createSandbox } from '../server/sandbox'

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
    const local = await openCapture(writeLineTo(choice.bodies))
    // The configured settings when there are some (partner_name, default_phone_country shape
    // the bodies); the sandbox's otherwise. Either way the requests only reach this process.
    const settings = { ...(configured ?? sandboxSettings(local.url)), api_base_url: local.url }
    return {
      settings,
      dryRun: true,
      description: 'dry run: nothing is sent; each Pinterest request body is written to stdout',
      close: local.close
    }
  }
  if (choice.sandbox) {
    // Keep only the last request: nobody looks at them during a replay.
    const local = await listenOnLoopback(sandboxRoutes(createSandbox({ keep: 1 })))
    const settings = { ...(choice.fileSettings ?? {}), ...sandboxSettings(local.url) }
    return {
      settings,
      dryRun: false,
      description: `${describeSettings('sandbox', settings)} (in this process)`,
      close: local.close
    }
  }
  if (!configured) {
    throw new FieldError(
      'No settings: set PINTEREST_AD_ACCOUNT_ID and PINTEREST_CONVERSION_TOKEN, or pass --settings FILE, or use --sandbox or --dry-run.',
      '--settings'
    )
  }
  return {
    settings: configured,
    dryRun: false,
    description: describeSettings('live', configured),
    close: async () => undefined
  }
}

function liveFromEnv(env: NodeJS.ProcessEnv): Settings | undefined {
  const mode = modeFromEnv(env)
  return mode.kind === 'live' ? mode.settings : undefined
}

/** Writes each body as one line, waiting for a slow reader: the replay then waits too, instead of piling up bodies. */
function writeLineTo(bodies: NodeJS.WritableStream): (rawBody: string) => Promise<void> | void {
  return (rawBody) => {
    if (!bodies.write(`${rawBody.replace(/\r?\n/g, ' ')}\n`))
      return new Promise((resolve) => bodies.once('drain', () => resolve()))
  }
}
