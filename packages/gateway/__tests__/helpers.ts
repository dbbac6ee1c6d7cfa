import { spawn } from 'child_process'
import http from 'http'
import type { LocalServer, ServerOptions } from '../src/server'
import { createServer } from '../src/server'
import { createHash } from 'crypto'
import { readFileSync } from 'fs'
import { join } from 'path'

export const ROOT = join(__dirname, '..')
/** The repository, where docs/ lives. */
export const REPOSITORY = join(ROOT, '..', '..')
export const EXAMPLES = join(ROOT, 'examples')

/** A bundled example event (they carry no timestamp: the runtime stamps them with the current time). */
export function example(name: string): Record<string, any> {
  return JSON.parse(readFileSync(join(EXAMPLES, `${name}.json`), 'utf8'))
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** The admin token of the servers the tests start; request() sends it unless told otherwise. */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789'

/** An answer of the local server: status, raw text, headers, and the JSON body (undefined when the text is not JSON). */
export interface Reply {
  status: number
  text: string
  headers: Headers
  body: any
}

export interface SendOptions {
  writeKey?: string
  headers?: Record<string, string>
  method?: string
  /** The admin token sent as a Bearer token (TEST_ADMIN_TOKEN by default); null sends none. */
  adminToken?: string | null
}

/**
 * One HTTP request; a JSON body unless text or bytes are given; the write key as Basic user when
 * given, else the admin token as a Bearer token, as an operator's curl would.
 */
export async function request(base: string, path: string, body?: unknown, options: SendOptions = {}): Promise<Reply> {
  const admin = options.adminToken === undefined ? TEST_ADMIN_TOKEN : options.adminToken
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(admin !== null && { authorization: `Bearer ${admin}` }),
    ...options.headers
  }
  if (options.writeKey !== undefined) headers.authorization = basic(options.writeKey)
  const response = await fetch(base + path, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body: bodyOf(body)
  })
  const text = await response.text()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  return { status: response.status, text, headers: response.headers, body: parsed }
}

/**
 * One HTTP request through node's own client, which sends the headers it is given as they are:
 * `fetch` drops a Host header, and a request under another name (DNS rebinding, a proxy) needs one.
 */
export function requestAs(
  base: string,
  path: string,
  headers: Record<string, string>,
  options: { method?: string; body?: string | Buffer } = {}
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(new URL(path, base), { method: options.method ?? 'GET', headers }, (incoming) => {
      const chunks: Buffer[] = []
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
      incoming.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        const answerHeaders = new Headers()
        for (const [name, value] of Object.entries(incoming.headers))
          if (value !== undefined) answerHeaders.set(name, Array.isArray(value) ? value.join(', ') : value)
        let body: unknown
        try {
          body = JSON.parse(text)
        } catch {
          body = undefined
        }
        resolve({ status: incoming.statusCode ?? 0, text, headers: answerHeaders, body })
      })
    })
    outgoing.on('error', reject)
    outgoing.end(options.body)
  })
}

function bodyOf(body: unknown): string | Blob | undefined {
  if (body === undefined || typeof body === 'string') return body
  if (body instanceof Uint8Array) return new Blob([Uint8Array.from(body)])
  return JSON.stringify(body)
}

export const basic = (user: string) => `Basic ${Buffer.from(`${user}:`).toString('base64')}`

/** One HTTP call to the local server, as curl or the page would make it. */
export const call = (base: string, method: string, path: string, body?: unknown): Promise<Reply> =>
  request(base, path, body, { method })

export const BIN = join(ROOT, 'bin', 'pinterest-conversions.js')

export interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** The bin as a user runs it, without Pinterest credentials in its environment unless given. */
export function runCli(args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const env = { ...process.env, ...options.env }
  if (!options.env?.PINTEREST_AD_ACCOUNT_ID) delete env.PINTEREST_AD_ACCOUNT_ID
  if (!options.env?.PINTEREST_CONVERSION_TOKEN) delete env.PINTEREST_CONVERSION_TOKEN
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(options.stdin ?? '')
  })
}

/** A local server started on an ephemeral port for the tests of one `describe`, closed after them. */
export interface TestServer {
  readonly server: LocalServer
  readonly base: string
  post(path: string, body?: unknown): Promise<Reply>
}

export function useLocalServer(options?: ServerOptions): TestServer {
  let server: LocalServer | undefined
  let base = ''
  beforeAll(async () => {
    server = createServer({ adminToken: TEST_ADMIN_TOKEN, ...options })
    base = await server.listen(0, '127.0.0.1')
  })
  afterAll(() => server?.close())
  return {
    get server() {
      if (!server) throw new Error('the server starts in beforeAll')
      return server
    },
    get base() {
      return base
    },
    post: (path, body) => call(base, 'POST', path, body)
  }
}
