// @ts-check
/**
 * The Pinterest account view: Connect Pinterest (the OAuth flow runs in this tab and comes back
 * to #connect), how many days the sign-in has left, the ad account the gateway sends for,
 * Pinterest's Event Quality Score beside the gateway's prediction, and deletion requests
 * (filed, followed, cancelled). Every value comes from the gateway's admin routes; no token
 * ever reaches the page.
 */
import { getJson } from './api.js'
import { byId, button, h } from './dom.js'

/** @param {any} status */
function renderAccount(status) {
  const box = byId('connect-account')
  box.replaceChildren()
  if (!status.oauth?.enabled) {
    byId('connect-status').textContent = status.oauth?.reason ?? 'OAuth is off.'
    return
  }
  if (!status.connected) {
    byId('connect-status').textContent =
      'Not connected: the destination sends with the settings it was given (the sandbox, or the environment).'
    box.append(h('a', { href: '/connect/pinterest', class: 'button', id: 'connect-button' }, ['Connect Pinterest']))
    return
  }
  const until = new Date(status.refresh_token_expires_at).toLocaleDateString()
  byId('connect-status').textContent =
    `Connected. The sign-in is good for ${status.refresh_token_days_left} more days (until ${until}); ` +
    'the gateway refreshes it before then.'
  if (status.warning) box.append(h('p', { class: 'field-error', role: 'alert' }, [status.warning]))
  const picker = h('select', { id: 'ad-account' }, [
    h('option', { value: '' }, ['(pick the ad account to send for)']),
    ...status.ad_accounts.map((/** @type {{ id: string, name: string }} */ account) =>
      h('option', { value: account.id, selected: account.id === status.ad_account_id }, [
        `${account.name} (${account.id})`
      ])
    )
  ])
  box.append(
    h('div', { class: 'control' }, [h('label', { for: 'ad-account' }, ['Ad account']), picker]),
    h('p', { class: 'hint', id: 'sending' }, [
      status.sending
        ? `Destinations without settings of their own send for ${status.ad_account_id} with the conversion token minted at sign-in.`
        : 'Pick an account: until then the destination sends with the settings it was given.'
    ]),
    button('Disconnect', 'Disconnect Pinterest', () => void disconnect())
  )
  picker.addEventListener('change', () => void pick(/** @type {HTMLSelectElement} */ (picker).value))
}

/** @param {string} adAccountId */
async function pick(adAccountId) {
  if (!adAccountId) return
  const answer = await getJson('/connect/pinterest/ad-account', {
    method: 'POST',
    body: JSON.stringify({ ad_account_id: adAccountId })
  })
  if (answer.status !== 200)
    byId('connect-status').textContent = answer.body?.error ?? `The gateway answered ${answer.status}.`
  else renderAccount(answer.body)
}

async function disconnect() {
  const answer = await getJson('/connect/pinterest', { method: 'DELETE' })
  if (answer.status === 200) renderAccount(answer.body)
}

/** Pinterest's grade beside ours: one row per platform, event type and component. */
async function loadQuality() {
  const box = byId('eqs')
  const lookback = /** @type {HTMLSelectElement} */ (byId('eqs-lookback')).value
  box.replaceChildren(h('p', { class: 'hint' }, ['Asking Pinterest…']))
  const answer = await getJson(`/health/pinterest?lookback_period=${encodeURIComponent(lookback)}`)
  box.replaceChildren()
  if (answer.status !== 200) {
    box.append(
      h('p', { class: 'field-error', role: 'alert' }, [answer.body?.error ?? `The gateway answered ${answer.status}.`])
    )
    return
  }
  const { pinterest, difference } = answer.body
  for (const score of pinterest) {
    box.append(
      h('p', {}, [`${score.source_platform}: Pinterest's overall status `, h('strong', {}, [score.overall_status])])
    )
  }
  if (difference.length === 0) {
    box.append(h('p', { class: 'empty' }, ['No events in this window, on either side.']))
    return
  }
  const cell = (/** @type {number | null} */ value, /** @type {string} */ unit) =>
    h('td', { class: 'number' }, [
      value === null ? '–' : `${value > 0 && unit === '' ? '+' : ''}${value.toFixed(1)}${unit}`
    ])
  box.append(
    h('table', { id: 'eqs-table' }, [
      h('thead', {}, [
        h(
          'tr',
          {},
          ['Platform', 'Event type', 'Component', 'Pinterest', 'Ours', 'Difference'].map((t) =>
            h('th', { scope: 'col' }, [t])
          )
        )
      ]),
      h(
        'tbody',
        {},
        difference.map((/** @type {any} */ row) =>
          h('tr', { class: row.difference !== null && row.difference < 0 ? 'behind' : undefined }, [
            h('td', {}, [row.source_platform]),
            h('td', {}, [row.event_type]),
            h('th', { scope: 'row' }, [row.component]),
            cell(row.pinterest, '%'),
            cell(row.ours, '%'),
            cell(row.difference, '')
          ])
        )
      )
    ])
  )
}

/** @param {string} text */
function lines(text) {
  return text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean)
}

/** @param {SubmitEvent} event */
async function fileDeletion(event) {
  event.preventDefault()
  const emails = lines(/** @type {HTMLTextAreaElement} */ (byId('deletion-emails')).value)
  const epiks = lines(/** @type {HTMLTextAreaElement} */ (byId('deletion-epiks')).value)
  const status = byId('deletion-status')
  const answer = await getJson('/gateway/deletions', {
    method: 'POST',
    body: JSON.stringify({ ...(emails.length && { emails }), ...(epiks.length && { epiks }) })
  })
  if (answer.status !== 201) {
    status.textContent = answer.body?.error ?? `The gateway answered ${answer.status}.`
    return
  }
  const { id, state, purged } = answer.body
  status.textContent = `Filed ${id} (${state}); purged here: ${purged.queued} queued and ${purged.dead_lettered} dead-lettered events.`
  const form = /** @type {HTMLFormElement} */ (byId('deletion-form'))
  form.reset()
  await listDeletions()
}

async function listDeletions() {
  const list = byId('deletions')
  const answer = await getJson('/gateway/deletions')
  list.replaceChildren()
  for (const deletion of answer.body?.deletions ?? []) list.append(deletionItem(deletion))
  if (list.childElementCount === 0) list.append(h('li', { class: 'empty' }, ['None filed yet.']))
}

/** @param {any} deletion */
function deletionItem(deletion) {
  const item = h('li', { 'data-id': deletion.id }, [
    h('strong', { class: 'state' }, [deletion.state]),
    ` ${deletion.id}: ${deletion.emails} email(s), ${deletion.epiks} EPIK(s), filed ${new Date(
      deletion.created_at
    ).toLocaleString()}; `,
    `purged here ${deletion.purged.queued} queued, ${deletion.purged.dead_lettered} dead-lettered. `,
    button(
      'Check',
      `Ask Pinterest the state of ${deletion.id}`,
      () => void replace(item, `/gateway/deletions/${deletion.id}`)
    ),
    deletion.state === 'PENDING'
      ? button(
          'Cancel',
          `Cancel deletion request ${deletion.id}`,
          () => void replace(item, `/gateway/deletions/${deletion.id}`, 'DELETE')
        )
      : null
  ])
  return item
}

/**
 * @param {HTMLElement} item
 * @param {string} path
 * @param {string} [method]
 */
async function replace(item, path, method) {
  const answer = await getJson(path, method ? { method } : undefined)
  if (answer.status === 200) item.replaceWith(deletionItem(answer.body))
  else byId('deletion-status').textContent = answer.body?.error ?? `The gateway answered ${answer.status}.`
}

/** Shows the account; without the gateway's admin routes (404) the view says so and stays empty. */
export async function mountPinterest() {
  byId('eqs-load').addEventListener('click', () => void loadQuality())
  byId('deletion-form').addEventListener('submit', (event) => void fileDeletion(/** @type {SubmitEvent} */ (event)))
  const status = await getJson('/connect/pinterest/status')
  if (status.status === 404) {
    byId('connect-status').textContent = 'No gateway here: the Pinterest account is the gateway’s.'
    return
  }
  if (status.status !== 200) {
    byId('connect-status').textContent = status.body?.error ?? `The gateway answered ${status.status}.`
    return
  }
  renderAccount(status.body)
  await listDeletions()
}
