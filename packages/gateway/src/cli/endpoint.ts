/**
 * Where a replay sends: Pinterest (live settings), the embedded sandbox served in this process on
 * 127.0.0.1 (reached through actions-core's HTTP client, so it receives byte for byte what
 * Pinterest would), or, for a dry run, nowhere: the capturing client writes each request body
 * to stdout and answers as Pinterest would.
 */
import type { Settings } from 'pinterest-conversions'
import {
  FieldError,
  describeTarget,
  modeFromEnv,
  SANDBOX_SETTINGS,
  createSandbox,
  capture,
  toSandbox
} from 'pinterest-conversions-tools'
import type { BodySink, Transport } from 'pinterest-conversions-tools'
import { createServer } from '../server'

export interface Endpoint {
  settings: Settings
  /** Where requests go instead of Pinterest; absent for Pinterest itself. */
  transport?: Transport
  /** One line for a person: where events go. */
  description: string
  dryRun: boolean
  close(): Promise<void>
}

export interface EndpointChoice {
  sandbox: boolean
  dryRun: boolean
  /** Settings from --settings FILE, when given. */
  fileSettings?: Settings
  env: NodeJS.ProcessEnv
  /** Where a dry run writes the bodies (stdout). */
  bodies: NodeJS.WritableStream
}

export async function openEndpoint(choice: EndpointChoice): Promise<Endpoint> {
  const configured = choice.fileSettings ?? liveFromEnv(choice.env)
  if (choice.dryRun) {
    // The configured settings when there are some (partner_name, default_phone_country shape
    // the bodies); the sandbox's otherwise. Either way nothing leaves this process.
    return {
      settings: configured ?? SANDBOX_SETTINGS,
      transport: capture(writeLineTo(choice.bodies)),
      dryRun: true,
      description: 'dry run: nothing is sent; each Pinterest request body is written to stdout',
      close: async () => undefined
    }
  }
  if (choice.sandbox) {
    // Keep only the last request: nobody looks at them during a replay.
    const server = createServer({ sandbox: createSandbox({ keep: 1 }) })
    const url = await server.listen(0)
    return {
      settings: { ...choice.fileSettings, ...SANDBOX_SETTINGS },
      transport: toSandbox(url),
      dryRun: false,
      description: `${describeTarget({ sandboxUrl: url })} (in this process)`,
      close: () => server.close()
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
    description: describeTarget({ live: configured }),
    close: async () => undefined
  }
}

function liveFromEnv(env: NodeJS.ProcessEnv): Settings | undefined {
  const mode = modeFromEnv(env)
  return mode.kind === 'live' ? mode.settings : undefined
}

/** Writes each body as one line, waiting for a slow reader: the replay then waits too, instead of piling up bodies. */
function writeLineTo(bodies: NodeJS.WritableStream): BodySink {
  return (body) => {
    if (!bodies.write(`${body}\n`)) return new Promise((resolve) => bodies.once('drain', () => resolve()))
  }
}
