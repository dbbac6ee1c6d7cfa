import { join } from 'path'
import type { Mode } from 'pinterest-conversions-tools'
import type { Route } from './router'
import { isLoopback } from './admin'

/** The bundled examples, found from src/server as from dist/server. */
export const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples')

/** The example the printed curl sends, and the preset it goes through. */
const CURL_EXAMPLE = { file: 'order-completed.json', preset: 'Checkout' }

/** A ready-to-paste curl (bash, zsh) posting one bundled example to the action route. */
function exampleCurl(baseUrl: string, actionSlug: string, example = CURL_EXAMPLE, examplesDir = EXAMPLES_DIR): string {
  const file = shellQuote(join(examplesDir, example.file))
  return `curl -s ${baseUrl}/${actionSlug} -H 'Content-Type: application/json' -d "{\\"preset\\": \\"${example.preset}\\", \\"payload\\": $(cat ${file})}"`
}

/** What `npm start` prints: the mode, the URL, the routes and a curl to try. Never the token. */
export function banner(input: {
  mode: Mode['kind']
  /** One line: where events go (describeTarget). */
  target: string
  baseUrl: string
  routes: readonly Route[]
  actionSlug: string
  host: string
  gateway?: { writeKey?: string; store: string; config: string }
}): string {
  const lines = [
    'Pinterest Conversions API: gateway and local actions server',
    `  mode    ${input.target}`,
    `  url     ${input.baseUrl}`,
    ...(input.gateway ? gatewayLines(input.gateway) : []),
    '  routes',
    ...input.routes
      .filter((route) => !route.alias)
      .map((route) => `    ${route.method.padEnd(6)} ${route.path}  ${route.summary}`),
    '',
    `Try it: this sends examples/${CURL_EXAMPLE.file} through the ${CURL_EXAMPLE.preset} preset and shows the request to Pinterest and its answer:`,
    '',
    `  ${exampleCurl(input.baseUrl, input.actionSlug)}`,
    '',
    ...(input.gateway?.writeKey ? trackCurlLines(input.baseUrl, input.gateway.writeKey) : [])
  ]
  if (input.mode === 'live' && !isLoopback(input.host)) {
    lines.push(
      `Warning: HOST=${input.host} lets other machines send events to Pinterest with your conversion token.`,
      ''
    )
  }
  return lines.join('\n')
}

function gatewayLines(gateway: { writeKey?: string; store: string; config: string }): string[] {
  return [
    `  queue   ${gateway.store}`,
    `  config  ${gateway.config}`,
    `  write key ${gateway.writeKey ?? 'none: set WRITE_KEY (or sources in the configuration) before sending to /v1'}`
  ]
}

/** Segment's SDKs point their host here; this is what one of their calls looks like. */
function trackCurlLines(baseUrl: string, writeKey: string): string[] {
  const event = JSON.stringify({
    userId: 'user-1',
    event: 'Order Completed',
    properties: { order_id: 'o-1', total: 30, currency: 'USD' },
    context: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0', traits: { email: 'jane@example.com' } }
  })
  return [
    'Or send as a Segment SDK does (analytics-node: host; analytics.js: apiHost) and watch /gateway/status:',
    '',
    `  curl -s ${baseUrl}/v1/track -u ${shellQuote(`${writeKey}:`)} -H 'Content-Type: application/json' -d ${shellQuote(
      event
    )}`,
    ''
  ]
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}
