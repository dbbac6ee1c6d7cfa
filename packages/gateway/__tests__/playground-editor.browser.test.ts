/**
 * The mapping editor as a marketer uses it, in a real browser against `npm start`'s own process:
 * it opens on real events, cannot save what cannot deliver, reads like Segment's mapping screens,
 * warns of subscriptions that send the same event, says health in plain words, and fits 1280
 * and 390 px windows.
 */
import type { Page } from 'playwright-core'
import { EVENT_NAMES } from 'pinterest-conversions'
import type { PageUnderTest } from './browser-support'
import {
  describeInBrowser,
  expectText,
  freshPage as reload,
  inBrowser,
  layoutProblems,
  openPage,
  WRITE_KEY
} from './browser-support'
import { basic, example } from './helpers'

jest.setTimeout(90_000)

const SUBSCRIPTIONS = '/gateway/destinations/pinterest/subscriptions'
const ORDERS = 'type = "track" and event = "Order Completed"'

describeInBrowser(inBrowser('the mapping editor in headless Chromium'), () => {
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

  const freshPage = () => reload(page, base)

  /** One call through the tracking API, as a shop's analytics.js sends it. */
  async function track(event: Record<string, unknown>): Promise<void> {
    const sent = await fetch(`${base}/v1/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic(WRITE_KEY) },
      body: JSON.stringify(event)
    })
    expect(sent.status).toBe(200)
  }

  async function edit(name: string): Promise<void> {
    await expectText(page, '#gateway-status', /subscriptions? of the running gateway/)
    await page.getByRole('button', { name: `Edit ${name}`, exact: true }).click()
  }

  const visibleErrors = () =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll('.field-error'))
        .filter((e) => (e as HTMLElement).offsetParent !== null)
        .map((e) => e.textContent)
    )

  it('opens a subscription on the newest real event its trigger took, the others a pick away, and never on an error', async () => {
    const older = { ...example('order-completed'), messageId: 'real-order-older' }
    const newer: Record<string, any> = { ...example('order-completed'), messageId: 'real-order-newer' }
    newer.properties = { ...newer.properties, order_id: 'ORD-REAL-2' }
    await track(older)
    await track(newer)
    await freshPage()
    await edit('Checkout')

    await page.waitForFunction(() =>
      /real-order-newer/.test((document.getElementById('event') as HTMLTextAreaElement).value)
    )
    expect(await page.getByLabel('Recent event it takes').locator('option:checked').textContent()).toContain(
      'real-order-newer'
    )
    // The preview runs on it: the editor shows what the order ID became.
    await expectText(page, '#mapping-fields [data-field="custom_data.order_id"] .produced', /ORD-REAL-2/)
    expect(await visibleErrors()).toEqual([])
    expect(await page.locator('#event-error').isHidden()).toBe(true)

    const older_ = page.getByLabel('Recent event it takes')
    await older_.selectOption({
      label: (await older_.locator('option', { hasText: 'real-order-older' }).textContent()) ?? ''
    })
    expect(await page.getByLabel('Sample Segment event (JSON)').inputValue()).toContain('real-order-older')

    // A trigger no recent call matches opens on the bundled example it takes, still without an error.
    await edit('Sign Up')
    await page.waitForFunction(() =>
      /"event": "Signed Up"/.test((document.getElementById('event') as HTMLTextAreaElement).value)
    )
    expect(await page.getByLabel('Recent event it takes').isDisabled()).toBe(true)
    expect(await page.locator('#recent-hint').textContent()).toMatch(/bundled example Signed Up/)
    expect(await visibleErrors()).toEqual([])
  })

  it('shows an Event Name Pinterest does not take beside the field, keeps Save off until it is one, then saves', async () => {
    // A subscription written before the gateway checked its values, as the list could still hold one.
    const broken = {
      id: 'orders-as-purchase',
      name: 'Orders as purchase',
      enabled: true,
      trigger: ORDERS,
      preset: 'Checkout',
      mapping: { event_name: 'purchase' }
    }
    await page.route(`${base}${SUBSCRIPTIONS}`, async (route) => {
      if (route.request().method() !== 'GET') return route.continue()
      const real = await route.fetch()
      const body = await real.json()
      await route.fulfill({ response: real, json: { ...body, subscriptions: [...body.subscriptions, broken] } })
    })
    try {
      await freshPage()
      await expectText(page, '#gateway-status', /subscriptions of the running gateway/)
      await page.getByRole('button', { name: 'Duplicate Orders as purchase', exact: true }).click()
      const eventName = page.locator('#mapping-fields [data-field="event_name"]')
      await expectText(page, '#mapping-fields [data-field="event_name"] .rule-error', /Event Name cannot be "purchase"/)
      expect(await eventName.locator('.rule-error').textContent()).toContain('checkout')
      expect(await eventName.getByLabel('Event Name', { exact: true }).getAttribute('aria-invalid')).toBe('true')
      const save = page.getByRole('button', { name: 'Save subscription' })
      expect(await save.isDisabled()).toBe(true)
      expect(await page.locator('#save-blocked').textContent()).toMatch(/Save waits until Event Name is fixed/)

      // Event Name is a picker of Pinterest's names, the value it holds marked as not one of them.
      const picker = eventName.getByLabel('Event Name', { exact: true })
      const offered = await picker.locator('optgroup[label="Values it takes"] option').allTextContents()
      expect(offered).toEqual(['purchase (not a value it takes)', ...EVENT_NAMES])
      await picker.selectOption('=checkout')
      await page.waitForFunction(() => !(document.getElementById('save') as HTMLButtonElement).disabled)
      expect(await eventName.locator('.rule-error').isHidden()).toBe(true)
      await save.click()
      await expectText(page, '#save-status', /^Saved “Orders as purchase \(copy\)”/)
    } finally {
      await page.unrouteAll({ behavior: 'wait' })
    }
    const listed = await call(base, 'GET', SUBSCRIPTIONS)
    const saved = listed.body.subscriptions.find((s: { id: string }) => s.id === 'orders-as-purchase-copy')
    // Checkout is the preset's own event name: nothing of the mapping is left to lay over it.
    expect(saved).toMatchObject({ preset: 'Checkout', trigger: ORDERS })
    expect(saved.mapping).toBeUndefined()

    // A value typed by hand that its field does not take: said beside it, Save off, nothing saved.
    await freshPage()
    await edit('Orders as purchase (copy)')
    // The editor is drawn again on the real event it opens on: edited once that is in.
    await expectText(
      page,
      '#recent-hint',
      /^(The newest of|The one event|No event of this trigger in the last hour: the bundled)/
    )
    const items = page.locator('#mapping-fields [data-field="custom_data.num_items"]')
    await items.getByLabel('Number of Items', { exact: true }).selectOption('@fixed')
    await items.getByLabel('Number of Items: fixed value').fill('two')
    await expectText(page, '#mapping-fields [data-field="custom_data.num_items"] .rule-error', /takes a number/)
    expect(await page.getByRole('button', { name: 'Save subscription' }).isDisabled()).toBe(true)
    await call(base, 'DELETE', `${SUBSCRIPTIONS}/orders-as-purchase-copy`)
  })

  it('reads like Segment’s: three groups, descriptions without Markdown, app fields for app events only, whole directives', async () => {
    await freshPage()
    await page.getByLabel('Preset').selectOption('Checkout')
    await page.getByLabel('Example event').selectOption('order-completed')
    const fields = page.locator('#mapping-fields')
    const groupOf = (field: string) =>
      fields
        .locator(`[data-field="${field}"]`)
        .evaluate((row) => row.closest('[data-group]')?.getAttribute('data-group'))
    expect(await groupOf('event_name')).toBe('required')
    expect(await groupOf('user_data.email')).toBe('required')
    expect(await groupOf('user_data.phone')).toBe('recommended')
    expect(await groupOf('custom_data.value')).toBe('recommended')
    expect(await groupOf('language')).toBe('other')
    expect(await fields.locator('[data-group="other"]').getAttribute('open')).toBeNull()

    const descriptions = await fields.locator('.about').allTextContents()
    expect(descriptions.filter((text) => text.includes('`'))).toEqual([])
    expect(await fields.locator('[data-field="event_name"] .about code').first().textContent()).toBe('event_name')

    // A web checkout has no app or device fields to map; an app install has them.
    expect(await fields.locator('[data-field="app_id"], [data-field="user_data.hashed_maids"]').count()).toBe(0)
    expect(await fields.locator('.app-note').textContent()).toMatch(/app and device fields are left out/)
    await page.getByLabel('Example event').selectOption('application-installed')
    await fields.locator('[data-field="user_data.hashed_maids"]').waitFor()
    expect(await fields.locator('[data-field="app_id"]').count()).toBe(1)

    // The whole directive: on hover (title), and below the picker while it has the focus.
    const email = fields.locator('[data-field="user_data.email"]')
    const picker = email.getByLabel('Email', { exact: true })
    await expectText(page, '#mapping-fields [data-field="user_data.email"] option.current', /As mapped now: first of/)
    const whole = await email.locator('option.current').textContent()
    expect(whole).toContain('$.traits.email')
    expect(await picker.getAttribute('title')).toBe(whole)
    expect(await email.locator('.directive').isVisible()).toBe(false)
    await picker.focus()
    expect(await email.locator('.directive').isVisible()).toBe(true)
    expect(await email.locator('.directive').textContent()).toBe(whole)
  })

  it('warns in both editors when two enabled subscriptions take the same event, and says whether Pinterest counts it once', async () => {
    for (const subscription of [
      { id: 'orders-a', name: 'Orders A', trigger: ORDERS, preset: 'Checkout' },
      { id: 'orders-b', name: 'Orders B', trigger: ORDERS, preset: 'Checkout', mapping: { event_name: 'lead' } }
    ])
      expect((await call(base, 'POST', SUBSCRIPTIONS, subscription)).status).toBe(201)
    await track({ ...example('order-completed'), messageId: 'overlap-order' })
    try {
      await freshPage()
      await edit('Orders A')
      await expectText(page, '#overlap', /Orders B/)
      const inA = await page.locator('#overlap').textContent()
      expect(inA).toMatch(/“Orders B” sends it as lead, this one as checkout: Pinterest counts it twice/)
      expect(inA).toMatch(/“Checkout” sends it as checkout with the same event ID: Pinterest deduplicates/)

      await edit('Orders B')
      await expectText(page, '#overlap', /Orders A/)
      expect(await page.locator('#overlap').textContent()).toMatch(
        /“Orders A” sends it as checkout, this one as lead: Pinterest counts it twice/
      )
      // Switched off, it sends nothing: no warning.
      await page.getByLabel('On: the gateway queues the events the trigger takes').uncheck()
      await page.locator('#overlap').waitFor({ state: 'hidden' })
    } finally {
      for (const id of ['orders-a', 'orders-b']) await call(base, 'DELETE', `${SUBSCRIPTIONS}/${id}`)
    }
  })

  it('says in plain words what to add to reach the next grade', async () => {
    await freshPage()
    await edit('Checkout')
    await expectText(page, '#health-words', /To reach Great:/)
    const words = (await page.locator('#health-words').textContent()) ?? ''
    expect(words).toMatch(/recent events? the trigger took: Good\/Fair/)
    expect(words).toMatch(
      /Add the Pinterest click ID \(from the ad’s link\) to at least 10 % of events \(none has it now\)/
    )
    for (const jargon of ['user_data', 'hashed_maids', 'lower-funnel', 'click_id', 'client_ip_address'])
      expect([jargon, words.includes(jargon)]).toEqual([jargon, false])
  })

  it('says once what is wrong with a trigger, never in the parser’s own words', async () => {
    await freshPage()
    const trigger = page.getByLabel('Trigger (FQL)')
    for (const [typed, says] of [
      ['event = "Order Completed" and (', 'Not a valid trigger: a "(" is not closed.'],
      ['event = "Order Completed', 'Not a valid trigger: a quoted value is not closed.'],
      [
        'Order Completed',
        'Not a valid trigger: it does not read as FQL: conditions are a field, an operator and a value (event = "Order Completed"), joined by and / or.'
      ]
    ]) {
      await trigger.fill(typed)
      await expectText(page, '#trigger-check', new RegExp(`^${says.replace(/[().*+?[\]]/g, '\\$&')}$`))
    }
  })

  for (const width of [1280, 390]) {
    it(`at ${width} px, no control is narrower than its label, and the delete question reads across the row`, async () => {
      await page.setViewportSize({ width, height: 900 })
      try {
        await freshPage()
        await edit('Checkout')
        await page.locator('[data-group="other"] > summary').click()
        await page.getByRole('button', { name: 'Delete Checkout', exact: true }).click()
        const narrow = await layoutProblems(page)
        expect(narrow).toEqual([])
        const [confirm, row] = await page.evaluate(() => {
          const question = document.querySelector('.confirm') as HTMLElement
          return [question.getBoundingClientRect().width, (question.closest('li') as HTMLElement).clientWidth]
        })
        expect(confirm).toBeGreaterThan(row * 0.6)
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 })
      }
    })
  }
})
