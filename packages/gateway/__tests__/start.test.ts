import type { ChildProcessWithoutNullStreams } from 'child_process'
import { execFile, spawn } from 'child_process'
import { mkdtempSync, readFileSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { promisify } from 'util'
import { ROOT } from './helpers'

// What `npm start` runs once dist/ is built (jest's global setup builds it).
const MAIN = join(ROOT, 'dist', 'server', 'main.js')

jest.setTimeout(30_000)

// The gateway's queue of each start, never the project's own ./data.
let dataDir: string
beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'start-test-'))))
afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

function start(env: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams {
  const clean: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env }
  for (const key of ['PINTEREST_AD_ACCOUNT_ID', 'PINTEREST_CONVERSION_TOKEN', 'PINTEREST_TEST_MODE', 'WRITE_KEY'])
    if (!(key in env)) delete clean[key]
  return spawn(process.execPath, [MAIN], { cwd: ROOT, env: clean })
}

/** Everything the process printed up to the first line matching `pattern`. */
function printedUntil(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    child.stdout.on('data', (chunk) => {
      text += chunk
      if (pattern.test(text)) resolve(text)
    })
    child.on('exit', (code) => reject(new Error(`exited with ${code} before printing ${pattern}:\n${text}`)))
  })
}

function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit')
    child.once('exit', (code) => resolve(code))
    child.kill('SIGTERM')
  })
}

describe('npm start', () => {
  it('prints the mode, the URL and a curl that returns the request to Pinterest and the sandbox’s 200', async () => {
    const server = start({})
    try {
      const printed = await printedUntil(server, /curl -s .*\n/)
      expect(printed).toMatch(/mode {4}sandbox: the embedded Pinterest sandbox/)
      const url = /url {5}(http:\/\/127\.0\.0\.1:\d+)/.exec(printed)?.[1]
      expect(url).toBeDefined()
      const curl = /(curl -s .*)\n/.exec(printed)?.[1] as string
      expect(curl).toContain(`${url}/reportConversionEvent`)
      const { stdout } = await promisify(execFile)('bash', ['-c', curl], { cwd: '/' })
      const answer = JSON.parse(stdout)
      expect(answer).toMatchObject({ ok: true, mode: 'sandbox', path: 'single', result: { status: 'processed' } })
      expect(answer.requests[0].request).toMatchObject({
        method: 'POST',
        url: `${url}/v5/ad_accounts/549755885175/events`
      })
      expect(answer.requests[0].request.body.data[0].event_name).toBe('checkout')
      expect(answer.requests[0].response).toMatchObject({ status: 200, body: { num_events_processed: 1 } })
    } finally {
      expect(await stop(server)).toBe(0)
    }
  })

  it('prints the write key and a tracking-API curl whose event the sandbox receives', async () => {
    const server = start({})
    try {
      const printed = await printedUntil(server, /curl -s \S+\/v1\/track .*\n/)
      expect(printed).toMatch(/write key sandbox-write-key/)
      const url = /url {5}(http:\/\/127\.0\.0\.1:\d+)/.exec(printed)?.[1] as string
      const curl = /(curl -s \S+\/v1\/track .*)\n/.exec(printed)?.[1] as string
      const { stdout } = await promisify(execFile)('bash', ['-c', curl], { cwd: '/' })
      expect(JSON.parse(stdout)).toEqual({ success: true })
      const deadline = Date.now() + 10_000
      let totals = { events: 0 }
      // What the sandbox received is an admin route: the token npm start generated and keeps in DATA_DIR.
      const authorization = `Bearer ${readFileSync(join(dataDir, 'admin-token'), 'utf8').trim()}`
      while (totals.events === 0 && Date.now() < deadline) {
        const answer = await fetch(`${url}/sandbox/requests`, { headers: { authorization } })
        totals = ((await answer.json()) as { totals: { events: number } }).totals
        if (totals.events === 0) await new Promise((resolve) => setTimeout(resolve, 50))
      }
      expect(totals.events).toBe(1)
    } finally {
      expect(await stop(server)).toBe(0)
    }
  })

  it('says it is live, with test mode, when Pinterest credentials are set, and never prints the token', async () => {
    const token = 'pina_start-test-token-0123456789'
    const server = start({ PINTEREST_AD_ACCOUNT_ID: '549755885175', PINTEREST_CONVERSION_TOKEN: token })
    try {
      const printed = await printedUntil(server, /curl -s .*\n/)
      expect(printed).toMatch(
        /mode {4}live: Pinterest at https:\/\/api\.pinterest\.com, ad account 549755885175, test mode on/
      )
      expect(printed).not.toContain(token)
      expect(printed).toMatch(/write key none: set WRITE_KEY/)
    } finally {
      await stop(server)
    }
  })

  it('refuses half a configuration instead of guessing a mode', async () => {
    const server = start({ PINTEREST_CONVERSION_TOKEN: 'pina_only-the-token' })
    let stderr = ''
    server.stderr.on('data', (chunk) => (stderr += chunk))
    const code = await new Promise((resolve) => server.on('exit', resolve))
    expect(code).toBe(2)
    expect(stderr).toContain('PINTEREST_AD_ACCOUNT_ID is not')
  })
})
