import { join } from 'path'
import type { Mode } from 'pinterest-conversions-tools'
import type { Route } from './router'
import { isLoopback } from './admin'

/** The bundled examples, found from src/server as from dist/server. */
export const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples')

/** The example the printed curl sends, and the preset it goes through. */
const CURL_EXAMPLE = { file: 'order-completed.json', preset: 'Checkout' }

/** A ready-to-paste curl (bash, zsh) posting one bundled example to the action route, an admin route. */
function exampleCurl(
  baseUrl: string,
  actionSlug: string,
  admin: AdminLines,
  example = CURL_EXAMPLE,
  examplesDir = EXAMPLES_DIR
): string {
  const file = shellQuote(join(examplesDir, example.file))
  // The token is read where it is kept, not printed in the command.
  const token = admin.tokenFile ? `$(cat ${shellQuote(admin.tokenFile)})` : '$ADMIN_TOKEN'
  return `curl -s ${baseUrl}/${actionSlug} -H "Authorization: Bearer ${token}" -H 'Content-Type: application/json' -d "{\\"preset\\": \\"${example.preset}\\", \\"payload\\": $(cat ${file})}"`
}

export interface AdminLines {
  /** The admin token, when it was generated and is kept in `tokenFile`: the sign-in links carry it. */
  generated?: string
  tokenFile?: string
  /** Where the page is: this server's URL, and PUBLIC_URL when set. */
  pages: string[]
}

export interface GatewayLines {
  /** The key the tracking API takes besides the configuration's sources. */
  writeKey?: string
  /** The sandbox's public key is not taken, because these destinations send to Pinterest. */
  refusedSandboxKeyFor?: string[]
  store: string
  config: string
}

/**
 * What `npm start` prints: the mode, the URL, how to sign in, the routes and a curl to try.
 * Never the conversion token; the admin token only when it was generated, in the sign-in link
 * (a URL fragment, which browsers never send to a server or put in a Referer).
 */
export function banner(input: {
  mode: Mode['kind']
  /** One line: where events go (describeTarget). */
  target: string
  baseUrl: string
  routes: readonly Route[]
  actionSlug: string
  host: string
  admin: AdminLines
  gateway?: GatewayLines
}): string {
  const lines = [
    'Pinterest Conversions API: gateway and local actions server',
    `  mode    ${input.target}`,
    `  url     ${input.baseUrl}`,
    ...adminLines(input.admin),
    ...(input.gateway ? gatewayLines(input.gateway) : []),
    '  routes',
    ...input.routes
      .filter((route) => !route.alias)
      .map((route) => `    ${route.method.padEnd(6)} ${route.path}  ${route.summary}`),
    '',
    `Try it: this sends examples/${CURL_EXAMPLE.file} through the ${CURL_EXAMPLE.preset} preset and shows the request to Pinterest and its answer:`,
    '',
    `  ${exampleCurl(input.baseUrl, input.actionSlug, input.admin)}`,
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

function adminLines(admin: AdminLines): string[] {
  if (admin.generated === undefined) {
    return [
      `  admin   ADMIN_TOKEN: the page asks for it at ${admin.pages.join(' or ')}; curl sends it as a Bearer token`
    ]
  }
  return [
    `  admin   sign in: ${admin.pages
      .map((page) => `${page.replace(/\/$/, '')}/#admin=${admin.generated}`)
      .join(' or ')}`,
    `          (the token is kept in ${admin.tokenFile}; set ADMIN_TOKEN to choose it)`
  ]
}

function gatewayLines(gateway: GatewayLines): string[] {
  const refused = gateway.refusedSandboxKeyFor
  const none = refused?.length
    ? `none: ${refused.join(', ')} send${
        refused.length === 1 ? 's' : ''
      } to Pinterest, so the public sandbox-write-key is not taken; set WRITE_KEY (or sources in the configuration)`
    : 'none: set WRITE_KEY (or sources in the configuration) before sending to /v1'
  return [`  queue   ${gateway.store}`, `  config  ${gateway.config}`, `  write key ${gateway.writeKey ?? none}`]
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
