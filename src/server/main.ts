/**
 * `npm start`: the local actions server on HOST:PORT (127.0.0.1:3000), live when
 * PINTEREST_AD_ACCOUNT_ID and PINTEREST_CONVERSION_TOKEN are set, on the embedded sandbox
 * otherwise. Prints the mode, the URL and a curl to try, then one line per request.
 */
import type { Mode } from '../local/mode'
import { modeFromEnv } from '../local/mode'
import { describeError, FieldError } from '../local/errors'
import { ACTION_SLUG } from '../local/local-destination'
import { streamLogger } from '../local/logger'
import { banner } from './banner'
import { createServer } from './index'

const DEFAULT_PORT = 3000
const DEFAULT_HOST = '127.0.0.1'

async function main(): Promise<void> {
  let mode: Mode
  let port: number
  try {
    mode = modeFromEnv(process.env)
    port = readPort(process.env.PORT)
  } catch (error) {
    process.stderr.write(`${describeError(error).message}\n`)
    process.exit(2)
  }
  const host = process.env.HOST?.trim() || DEFAULT_HOST
  const server = createServer({
    live: mode.kind === 'live' ? mode.settings : undefined,
    logger: streamLogger(process.stderr),
    onAnswer: (request, status, ms) => process.stdout.write(`${request.method} ${request.path} ${status} ${ms} ms\n`)
  })
  let baseUrl: string
  try {
    baseUrl = await server.listen(port, host)
  } catch (error) {
    const { code } = error as { code?: string }
    const hint =
      code === 'EADDRINUSE' ? `port ${port} is in use: start with PORT=${port + 1} npm start` : (error as Error).message
    process.stderr.write(`Cannot listen on ${host}:${port}: ${hint}\n`)
    process.exit(1)
  }
  process.stdout.write(
    banner({
      mode: mode.kind,
      target: server.context.describe(),
      baseUrl,
      routes: server.routes,
      actionSlug: ACTION_SLUG,
      host
    })
  )
  process.stdout.write('\n')
  const stop = () => void server.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

function readPort(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_PORT
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new FieldError(`PORT must be a port number (0-65535), not "${value}".`, 'PORT')
  return port
}

void main()
