/**
 * The page in a real browser: Debian's Chromium, headless, through playwright-core, against
 * `npm start`'s own process. Without /usr/bin/chromium the tests are reported as skipped, with
 * the command that installs it in their title: never passed silently. `.ci/run` installs it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import nock from 'nock'
import type { BrowserContext, Page } from 'playwright-core'
import { chromium } from 'playwright-core'
import type { ChildProcessWithoutNullStreams } from 'child_process'
import { spawn } from 'child_process'
import type { Reply } from './helpers'
import { request, ROOT } from './helpers'

export const CHROMIUM = '/usr/bin/chromium'
const INSTALL = 'apt-get update && apt-get install -y chromium'
export const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

/** `npm start` as a person runs it: the gateway, its admin routes and the page, on the sandbox. */
const MAIN = join(ROOT, 'dist', 'server', 'main.js')
export const WRITE_KEY = 'test-key'

const hasChromium = existsSync(CHROMIUM)
// CI installs Chromium (.ci/run): there a missing browser is a broken machine, not a reason to pass.
if (!hasChromium && process.env.CI) throw new Error(`CI needs ${CHROMIUM} for the browser tests: ${INSTALL}`)
if (!hasChromium) {
  process.stderr.write(`SKIPPED: the playground browser tests need ${CHROMIUM}; install it with: ${INSTALL}\n`)
  // A file whose tests are all skipped runs no afterAll, jest.setup.ts's nock.restore() included;
  // without this the next test file in the same worker would find this file's nock in place.
  nock.restore()
}
export const describeInBrowser = hasChromium ? describe : describe.skip
export const inBrowser = (title: string) =>
  hasChromium ? title : `SKIPPED (no ${CHROMIUM}; install it with: ${INSTALL}): ${title}`

export interface PageUnderTest {
  base: string
  page: Page
  browser: BrowserContext
  /** Requests the page made anywhere but this server. */
  elsewhere: string[]
  /** The link npm start printed, the admin token it generated in its fragment. */
  signInLink: string
  adminToken: string
  /** The test's own calls to the admin routes, as an operator's curl, with that token. */
  call(base: string, method: string, path: string, body?: unknown): Promise<Reply>
  close(): Promise<void>
}

/** `npm start` on a data folder of its own, and a browser signed in on its page at 1280 × 900. */
export async function openPage(): Promise<PageUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), 'playground-gateway-'))
  const { server, base, signInLink } = await startServer(dataDir)
  const adminToken = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim()
  const profile = mkdtempSync(join(tmpdir(), 'playground-chromium-'))
  const browser: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 }
  })
  const page = browser.pages()[0] ?? (await browser.newPage())
  const elsewhere: string[] = []
  // The page talks only to this server.
  page.on('request', (request) => {
    if (!request.url().startsWith(`${base}/`) && !request.url().startsWith('data:')) elsewhere.push(request.url())
  })
  // As a person opens it: the link npm start printed, the token in its fragment.
  await page.goto(signInLink)
  await page.locator('#preset option[value="Checkout"]').waitFor({ state: 'attached' })
  return {
    base,
    page,
    browser,
    elsewhere,
    signInLink,
    adminToken,
    call: (base, method, path, body) => request(base, path, body, { method, adminToken }),
    close: async () => {
      await browser.close()
      rmSync(profile, { recursive: true, force: true })
      server.kill('SIGTERM')
      await new Promise((resolve) => server.once('exit', resolve))
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

async function startServer(
  dataDir: string
): Promise<{ server: ChildProcessWithoutNullStreams; base: string; signInLink: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    WRITE_KEY,
    FLUSH_MS: '20',
    LOG_LEVEL: 'warn'
  }
  for (const key of ['PINTEREST_AD_ACCOUNT_ID', 'PINTEREST_CONVERSION_TOKEN', 'ADMIN_TOKEN', 'CONFIG', 'DATABASE_URL'])
    delete env[key]
  const server = spawn(process.execPath, [MAIN], { cwd: ROOT, env })
  const [base, signInLink] = await new Promise<[string, string]>((resolve, reject) => {
    let printed = ''
    server.stdout.on('data', (chunk) => {
      printed += chunk
      const url = /url {5}(http:\/\/127\.0\.0\.1:\d+)/.exec(printed)
      const link = /sign in: (http:\/\/\S+#admin=\S+)/.exec(printed)
      if (url && link) resolve([url[1], link[1]])
    })
    server.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${printed}`)))
  })
  return { server, base, signInLink }
}

export async function freshPage(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/`)
  await page.locator('#preset option[value="Checkout"]').waitFor({ state: 'attached' })
}

export async function expectText(page: Page, selector: string, pattern: RegExp): Promise<void> {
  await page.waitForFunction(
    ([selector, source]) => new RegExp(source).test(document.querySelector(selector)?.textContent ?? ''),
    [selector, pattern.source] as const,
    { timeout: 15_000 }
  )
}

export async function expectStatus(page: Page, pattern: RegExp): Promise<void> {
  await expectText(page, '#status', pattern)
}

export async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * What a person would find wrong in the page at the window's width: a control narrower than its
 * label, a button whose words are cut or broken over lines they would fit on, anything reaching
 * past the window's sides, and a list that scrolls up and down scrolling sideways too.
 * Boxes made to scroll sideways (code, JSON) may; what is inside them is reached so.
 */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = []
    const shown = (element: Element) => (element as HTMLElement).offsetParent !== null
    const textWidth = (element: Element) => {
      const range = document.createRange()
      range.selectNodeContents(element)
      return range.getBoundingClientRect().width
    }
    const lines = (element: Element) => {
      const range = document.createRange()
      range.selectNodeContents(element)
      return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size
    }
    /** The width a text takes on one line in an element's font. */
    const oneLine = (element: Element) => {
      const context = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D
      const style = getComputedStyle(element)
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
      return context.measureText(element.textContent ?? '').width
    }
    const main = document.querySelector('main') as HTMLElement
    for (const label of Array.from(document.querySelectorAll('label[for]'))) {
      const control = document.getElementById(label.getAttribute('for') ?? '')
      if (!control || !shown(label) || !shown(control) || control.matches('[type="checkbox"]')) continue
      const width = control.getBoundingClientRect().width
      if (width + 1 < textWidth(label)) found.push(`${label.textContent}: ${width} < ${textWidth(label)}`)
    }
    for (const button of Array.from(document.querySelectorAll('button'))) {
      if (!shown(button)) continue
      if (button.scrollWidth > button.clientWidth + 1) found.push(`button ${button.textContent} is cut`)
      if (lines(button) > 1 && oneLine(button) + 40 < main.clientWidth)
        found.push(`button ${button.textContent} is broken over ${lines(button)} lines`)
    }
    const scrollsSideways = (element: Element) =>
      ['auto', 'scroll'].includes(getComputedStyle(element).overflowX) &&
      !['auto', 'scroll'].includes(getComputedStyle(element).overflowY)
    for (const element of Array.from(document.querySelectorAll('main *, header *'))) {
      if (!shown(element) || element.parentElement?.closest('pre, textarea')) continue
      let inside = element.parentElement
      while (inside && !scrollsSideways(inside)) inside = inside.parentElement
      if (inside) continue
      const { left, right } = element.getBoundingClientRect()
      const what = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}.${element.className}`
      if (left < -1 || right > window.innerWidth + 1) found.push(`${what} reaches past the window (${left}, ${right})`)
      const style = getComputedStyle(element)
      if (['auto', 'scroll'].includes(style.overflowY) && element.scrollWidth > element.clientWidth + 1)
        found.push(`${what} scrolls sideways`)
    }
    if (document.documentElement.scrollWidth > window.innerWidth) found.push('the page scrolls sideways')
    return found
  })
}
