/**
 * The Pinterest account view in headless Chromium against `npm start`: Connect Pinterest through
 * the sandbox's authorize page and back, the account picked, Pinterest's grade beside ours after
 * deliveries, and a deletion request filed and cancelled. Skipped, saying so, without
 * /usr/bin/chromium (CI installs it).
 */
import { existsSync, mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import nock from 'nock'
import type { BrowserContext, Page } from 'playwright-core'
import { chromium } from 'playwright-core'
import { SANDBOX_AD_ACCOUNTS } from 'pinterest-conversions-tools'
import { basic, get, orderCompleted, request, startMainProcess, TEST_ADMIN_TOKEN, until } from './gateway-support'

const CHROMIUM = '/usr/bin/chromium'
const INSTALL = 'apt-get update && apt-get install -y chromium'
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium && process.env.CI) throw new Error(`CI needs ${CHROMIUM} for the browser tests: ${INSTALL}`)
if (!hasChromium) {
  process.stderr.write(`SKIPPED: the Pinterest account browser test needs ${CHROMIUM}; install it with: ${INSTALL}\n`)
  nock.restore()
}
const describeInBrowser = hasChromium ? describe : describe.skip

jest.setTimeout(90_000)

const WRITE_KEY = 'browser-pinterest-key'
const EU = SANDBOX_AD_ACCOUNTS[1]

describeInBrowser('the Pinterest account view in headless Chromium', () => {
  let gateway: Awaited<ReturnType<typeof startMainProcess>>
  let profile: string
  let browser: BrowserContext
  let page: Page

  beforeAll(async () => {
    gateway = await startMainProcess({ WRITE_KEY })
    profile = mkdtempSync(join(tmpdir(), 'pinterest-chromium-'))
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 900 }
    })
    page = browser.pages()[0] ?? (await browser.newPage())
    // As an operator opens the link npm start prints: the page trades the token for a session cookie.
    await page.goto(`${gateway.url}/#admin=${TEST_ADMIN_TOKEN}`)
    await until(
      () => browser.cookies(gateway.url),
      (cookies) => cookies.length > 0
    )
  })
  afterAll(async () => {
    await browser?.close()
    if (profile) rmSync(profile, { recursive: true, force: true })
    await gateway?.stop()
  })

  it('connects through the authorize page and comes back connected, then sends for the account picked', async () => {
    await page.goto(`${gateway.url}/#connect`)
    await page.locator('#connect-status', { hasText: 'Not connected' }).waitFor()
    await page.click('#connect-button')
    await page.waitForURL(`${gateway.url}/#connect`)
    await page.locator('#connect-status', { hasText: 'Connected. The sign-in is good for 59 more days' }).waitFor()
    await page.selectOption('#ad-account', EU.id)
    await page.locator('#sending', { hasText: `send for ${EU.id}` }).waitFor()
    expect(await page.content()).not.toMatch(/pin[acr]_sandbox_/)

    await request(
      gateway.url,
      '/v1/batch',
      { batch: [orderCompleted(), orderCompleted()] },
      {
        headers: { authorization: basic(WRITE_KEY) }
      }
    )
    const received = await until(
      async () => (await get(gateway.url, '/sandbox/requests')).body,
      (body) => body.totals.events === 2
    )
    expect(received.requests[0]).toMatchObject({ ad_account_id: EU.id, token_kind: 'conversion' })
  })

  it("shows Pinterest's grade beside ours, component by component", async () => {
    await page.click('#eqs-load')
    const row = page.locator('#eqs-table tr', { hasText: 'hashed_email' })
    await row.waitFor()
    expect(await row.locator('td').allTextContents()).toEqual(['WEB', 'checkout', '100.0%', '100.0%', '0.0'])
    await page.locator('#eqs', { hasText: "Pinterest's overall status" }).waitFor()
  })

  it('files a deletion request, lists it, and cancels it', async () => {
    await page.fill('#deletion-emails', 'Someone@Example.com\nother@example.com')
    await page.click('#deletion-file')
    await page.locator('#deletion-status', { hasText: 'Filed' }).waitFor()
    const item = page.locator('#deletions li').first()
    await item.locator('.state', { hasText: 'PENDING' }).waitFor()
    expect(await item.textContent()).toContain('2 email(s)')
    expect(await page.content()).not.toContain('someone@example.com')
    await item.getByRole('button', { name: /Cancel deletion request/ }).click()
    await page.locator('#deletions li .state', { hasText: 'CANCELLED' }).waitFor()
    await page.screenshot({ path: join(tmpdir(), 'pinterest-account-1280.png'), fullPage: false })
  })

  it('saves the consent a subscription needs from the editor', async () => {
    await page.click('#new-subscription')
    await page.fill('#sub-name', 'Consenting checkout')
    await page.selectOption('#preset', 'Checkout')
    await page.fill('#trigger', 'type = "track" and event = "Order Completed"')
    await page.fill('#sub-consent', 'Advertising, Analytics')
    await page.selectOption('#sub-consent-missing', 'ldp')
    await page.click('#save')
    await page.locator('#save-status', { hasText: 'Saved' }).waitFor()
    const { subscriptions } = (await get(gateway.url, '/gateway/destinations/pinterest/subscriptions')).body
    const saved = subscriptions.find((s: { name: string }) => s.name === 'Consenting checkout')
    expect(saved.consent).toEqual({ categories: ['Advertising', 'Analytics'], when_missing: 'ldp' })
  })
})
