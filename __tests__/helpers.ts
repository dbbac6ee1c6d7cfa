import type { ChildProcessWithoutNullStreams } from 'child_process'
import { spawn } from 'child_process'
import type { LocalServer, ServerOptions } from '../src/server'
import { createServer } from '../src/server'
import { createHash } from 'crypto'
import { readFileSync } from 'fs'
import { join } from 'path'

export const ROOT = join(__dirname, '..')
export const EXAMPLES = join(ROOT, 'examples')

/** A bundled example event (they carry no timestamp: the runtime stamps them with the current time). */
export function example(name: string): Record<string, any> {
  return JSON.parse(readFileSync(join(EXAMPLES, `${name}.json`), 'utf8'))
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** An answer of the local server: status, raw text, headers, and the JSON body (undefined when the text is not JSON). */
export interface Reply {
  status: number
  text: string
  headers: Headers
  body: any
}

/** One HTTP call to the local server, as curl or the page would make it. */
export async function call(base: string, method: string, path: string, body?: unknown): Promise<Reply> {
  const response = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
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
    server = createServer(options)
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

/** `npm start` as a process: what it printed, its URL, and a stop that answers its exit code. */
export interface StartedMain {
  readonly child: ChildProcessWithoutNullStreams
  readonly url: string
  printed(): string
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

const MAIN = join(ROOT, 'dist', 'server', 'main.js')

/**
 * Starts dist/server/main.js (jest's global setup builds it) on a free loopback port, with only
 * the environment given on top of this one's (Pinterest credentials, tokens and store settings
 * of the caller's shell removed), and resolves once it printed its URL.
 */
export async function startMain(env: NodeJS.ProcessEnv, args: string[] = []): Promise<StartedMain> {
  const clean: NodeJS.ProcessEnv = { ...process.env }
  for (const key of ['PINTEREST_AD_ACCOUNT_ID', 'PINTEREST_CONVERSION_TOKEN', 'PINTEREST_TEST_MODE', 'WRITE_KEY'])
    delete clean[key]
  for (const key of ['ADMIN_TOKEN', 'CONFIG', 'DATABASE_URL', 'PINTEREST_SANDBOX_URL']) delete clean[key]
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd: ROOT,
    env: { ...clean, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env }
  })
  let text = ''
  child.stdout.on('data', (chunk) => (text += chunk))
  child.stderr.on('data', (chunk) => (text += chunk))
  const url = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const found = /url {5}(http:\/\/127\.0\.0\.1:\d+)/.exec(text)
      if (found) resolve(found[1])
    }
    child.stdout.on('data', look)
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${text}`)))
  })
  child.removeAllListeners('exit')
  return {
    child,
    url,
    printed: () => text,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode)
        child.once('exit', (code) => resolve(code))
        child.kill(signal)
      })
  }
}

/** Polls `check` until it answers true, failing after `ms`: no test guesses how long delivery takes. */
export async function eventually(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
