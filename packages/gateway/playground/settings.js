// @ts-check
/** The settings the server runs the destination with, as /explain shows them (the token never). */
import { testMode } from './controls.js'
import { byId, h } from './dom.js'
import { state } from './state.js'

export function showSettings() {
  const list = byId('settings')
  list.replaceChildren()
  const settings = state.settings
  if (!settings) return
  /** @type {[string, string][]} */
  const rows = [
    ['Mode', settings.description],
    ['Ad account', settings.ad_account_id],
    ['Conversion token', '[redacted]'],
    ['Default phone country', settings.default_phone_country ?? 'US'],
    [
      'Run sends the request',
      settings.sends ? 'yes, to the embedded sandbox' : 'no: it is built and shown, unless you tick Send'
    ]
  ]
  if (settings.partner_name) rows.push(['Partner name', settings.partner_name])
  for (const [term, detail] of rows) list.append(h('div', {}, [h('dt', {}, [term]), h('dd', {}, [detail])]))
  testMode.checked = settings.test_mode
  byId('send-control').hidden = settings.sends
}
