/**
 * The delivery view as an operator uses it, in a real browser against `npm start`'s own process:
 * the counts of each subscription, a dead letter read and sent again from the page until its
 * story says delivered, the messageId box, and the view at 1280 and 390 px.
 */
import { tmpdir } from 'os'
import { join } from 'path'
import type { Page } from 'playwright-core'
import type { PageUnderTest } from './browser-support'
import {
  describeInBrowser,
  expectText,
  freshPage as reload,
  inBrowser,
  layoutProblems,
  openPage,
  until,
  WRITE_KEY
} from './browser-support'
import { basic, REPOSITORY } from './helpers'

jest.setTimeout(90_000)

/** docs/playground.md shows the view; refreshed on request only (UPDATE_SCREENSHOT=1), as the editor's. */
const screenshot = (width: number) =>
  process.env.UPDATE_SCREENSHOT === '1'
    ? join(REPOSITORY, 'docs', `delivery-${width}.png`)
    : join(tmpdir(), `delivery-${width}.png`)

let sent = 0
function order(properties: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}) {
  sent++
  return {
    type: 'track',
    event: 'Order Completed',
    userId: `delivery-user-${sent}`,
    messageId: `delivery-${process.pid}-${Date.now()}-${sent}`,
    timestamp: new Date().toISOString(),
    properties: {
      email: `Buyer${sent}@Example.com`,
      order_id: `o-${sent}`,
      revenue: 12.5,
      currency: 'USD',
      ...properties
    },
    ...overrides
  }
}

describeInBrowser(inBrowser('the delivery view in headless Chromium'), () => {
  let opened: PageUnderTest
  let base: string
  let page: Page
  let call: PageUnderTest['call']

  beforeAll(async () => {
    opened = await openPage()
    ;({ base, page, call } = opened)
  })

  afterAll(async () => {
    await opened?.close()
  })

  async function track(event: Record<string, unknown>): Promise<void> {
    const answer = await fetch(`${base}/v1/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic(WRITE_KEY) },
      body: JSON.stringify(event)
    })
    expect(answer.status).toBe(200)
  }

  async function settled(): Promise<{ delivered: number; dead_lettered: number }> {
    let last = { queued: 1, delivered: 0, dead_lettered: 0 }
    await until(async () => {
      last = (await call(base, 'GET', '/gateway/status')).body
      return last.queued === 0
    })
    return last
  }

  /** The page opened at the delivery view, as a person scrolls to it: it refreshes while seen. */
  async function openDelivery(): Promise<void> {
    await reload(page, base)
    await page.locator('#delivery').scrollIntoViewIfNeeded()
    await expectText(page, '#delivery-status', /^As of/)
  }

  const count = (subscription: string, row: string, window: 'hour' | 'day') =>
    `#delivery-subscriptions [data-subscription="${subscription}"] [data-count="${row}"] .${window}`

  it('counts a delivered and a dead-lettered event under the subscription that took them, and says what was left out and why it was refused', async () => {
    await openDelivery()
    await expectText(page, '#delivery-subscriptions', /No events in the last day/)
    await track(order({ currency: 'USS' }))
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000).toISOString()
    await track(order({}, { timestamp: eightDaysAgo, context: {}, userId: undefined, anonymousId: 'anon-old' }))
    await settled()
    // Live: the page asks again by itself while the view is on screen.
    await expectText(page, count('checkout', 'delivered', 'hour'), /^1$/)
    await expectText(page, count('checkout', 'dead_lettered', 'hour'), /^1$/)
    expect(await page.locator(count('checkout', 'warned', 'day')).textContent()).toBe('1')
    // A subscription that took nothing is listed among the quiet ones, without a table.
    expect(await page.locator('#delivery-quiet li[data-subscription="search"]').count()).toBe(1)
    expect(await page.locator('#delivery-subscriptions table[data-subscription="search"]').count()).toBe(0)
    await expectText(page, '#left-out', /custom_data\.currency: 1 time at pinterest/)
    await expectText(
      page,
      '#refusals',
      /invalid \(could not be made into an event Pinterest takes\): 1 time at pinterest/
    )
  })

  it('reads a dead letter Pinterest refused, sends it again from the page, and its story then says delivered', async () => {
    const email = 'Refused.Buyer@Example.com'
    const refused = order({ email, order_id: 'o-refused' })
    const before = await settled()
    await call(base, 'POST', '/sandbox/faults', { status: 400, count: 1 })
    await track(refused)
    await until(async () => (await settled()).dead_lettered === before.dead_lettered + 1)
    await call(base, 'DELETE', '/sandbox/requests')

    await openDelivery()
    const letter = page.locator('#dead-letters li.dead-letter', { hasText: 'Pinterest refused it' }).first()
    await letter.waitFor()
    expect(await letter.textContent()).toMatch(/pinterest \/ checkout, after 1 attempt, HTTP 400/)
    await letter.locator('summary').click()
    const shown = await letter.locator('pre').textContent()
    expect(shown).toContain('"order_id": "o-refused"')
    expect(shown).toContain('"email": "R•••@E•••.com"')
    expect(await page.locator('#delivery').textContent()).not.toMatch(/refused\.buyer|Refused\.Buyer/i)

    await letter.getByRole('button', { name: `Send ${refused.messageId} again` }).click()
    await expectText(page, '#dead-letters-status', /^Sent the dead letter .* again: 1 back in the queue/)

    await page.getByLabel('messageId').fill(refused.messageId)
    const story = page.locator('#story')
    await until(async () => {
      await page.getByRole('button', { name: 'Show its story' }).click()
      await page.waitForFunction(() => !/Asking/.test(document.getElementById('story')?.textContent ?? ''))
      return /Delivered to Pinterest/.test((await story.textContent()) ?? '')
    })
    const told = (await story.textContent()) ?? ''
    expect(told).toContain('pinterest / checkout')
    // Its history: refused with 400, then sent again and delivered.
    expect(told).toMatch(/dead-lettered, attempt 1, HTTP 400 \(Pinterest refused it\)/)
    expect(told).toMatch(/delivered to Pinterest, attempt 1, HTTP 200/)
    expect(told).not.toMatch(/refused\.buyer/i)
  })

  it('sends again every dead letter of one reason with one button', async () => {
    const before = await settled()
    await call(base, 'POST', '/sandbox/faults', { status: 400, count: 2 })
    await track(order())
    await until(async () => (await settled()).dead_lettered === before.dead_lettered + 1)
    await track(order())
    await until(async () => (await settled()).dead_lettered === before.dead_lettered + 2)
    await openDelivery()
    await page.getByRole('button', { name: 'Send all rejected dead letters of pinterest again' }).click()
    await expectText(
      page,
      '#dead-letters-status',
      /^Sent all rejected dead letters of pinterest again: 2 back in the queue/
    )
    expect((await settled()).dead_lettered).toBe(before.dead_lettered)
    expect(await page.locator('#dead-letters li[data-kind="rejected"]').count()).toBe(0)
  })

  it("the messageId box tells an event's story in plain words, and says when it knows none", async () => {
    const event = order({ currency: 'USS' })
    await track(event)
    await settled()
    await openDelivery()
    await page.getByLabel('messageId').fill(event.messageId)
    await page.getByRole('button', { name: 'Show its story' }).click()
    await expectText(page, '#story', /Delivered to Pinterest .*, after 1 attempt\./)
    expect(await page.locator('#story').textContent()).toMatch(
      /Values left out: custom_data\.currency \(is not an ISO 4217 currency code/
    )
    await page.getByLabel('messageId').fill('never-sent-anywhere')
    await page.getByRole('button', { name: 'Show its story' }).click()
    await expectText(page, '#story', /No event with messageId "never-sent-anywhere"/)
  })

  it('says so when the gateway cannot be reached, and counts again once it can', async () => {
    await openDelivery()
    // As a stopped gateway or a dropped network: the view's request fails outright.
    await page.route('**/gateway/delivery', (route) => route.abort('connectionrefused'))
    try {
      await expectText(page, '#delivery-status', /^The gateway cannot be reached .*asking again in 5 seconds/)
    } finally {
      await page.unroute('**/gateway/delivery')
    }
    await expectText(page, '#delivery-status', /^As of/)
  })

  for (const width of [1280, 390]) {
    it(`at ${width} px, no control of the delivery view is narrower than its label and nothing reaches past the window`, async () => {
      await call(base, 'POST', '/sandbox/faults', { status: 400, count: 1 })
      const refused = order()
      await track(refused)
      await settled()
      await page.setViewportSize({ width, height: 900 })
      try {
        await openDelivery()
        await page.locator('#dead-letters li.dead-letter').first().waitFor()
        await page.locator('#dead-letters li.dead-letter summary').first().click()
        await page.getByLabel('messageId').fill(refused.messageId)
        await page.getByRole('button', { name: 'Show its story' }).click()
        await expectText(page, '#story', /Dead-lettered/)
        expect(await layoutProblems(page)).toEqual([])
        const png = await page.locator('#delivery').screenshot({ path: screenshot(width) })
        expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 })
      }
    })
  }
})
