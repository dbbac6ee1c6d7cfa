// @ts-check
/**
 * Running the sample event through the destination (POST /explain): Run on request, a preview
 * after every edit. Each call is numbered so a slow answer never replaces a newer one.
 */
import { getJson } from './api.js'
import { eventInput, form, presetSelect, results, runButton, sendBox, status, testMode } from './controls.js'
import { debounced } from './debounce.js'
import { byId } from './dom.js'
import { MAPPING_CHANGED } from './editor.js'
import { fullMapping } from './mapping.js'
import { render } from './results.js'
import { readEvent } from './sample.js'
import { state } from './state.js'

let runNumber = 0
/** What the last call sent: a preview of the same event, mapping and settings would only repeat its answer. */
let lastSent = ''

/**
 * POST /explain with the whole mapping. A preview never sends to Pinterest (live mode builds
 * only); in sandbox mode it is the same run as Run, to the embedded sandbox.
 * @param {{ run: boolean }} how
 */
async function explain({ run }) {
  const payload = readEvent({ asked: run })
  if (payload === undefined) {
    if (run) eventInput.focus()
    return
  }
  /** @type {Record<string, unknown>} */
  const body = { payload, mapping: fullMapping() }
  if (presetSelect.value) body.preset = presetSelect.value
  if (state.settings && testMode.checked !== state.settings.test_mode) body.settings = { test_mode: testMode.checked }
  const query = run && state.settings && !state.settings.sends && sendBox.checked ? '?send=true' : ''
  const sent = query + JSON.stringify(body)
  // The editor is drawn again once typing pauses, after a Run that came first: its answer stays.
  if (!run && sent === lastSent) return
  lastSent = sent
  const number = ++runNumber
  // Run shows its own answer: a preview still waiting for its turn would replace it.
  if (run) schedulePreview.cancel()
  if (run) {
    runButton.disabled = true
    results.setAttribute('aria-busy', 'true')
    status.textContent = 'Running…'
  }
  try {
    const answer = await getJson(`/explain${query}`, { method: 'POST', body: JSON.stringify(body) })
    if (number !== runNumber) return
    render(answer.status, answer.body, run)
    if (run) {
      results.scrollIntoView({ block: 'start' })
      results.focus({ preventScroll: true })
    }
  } catch (error) {
    if (number === runNumber) status.textContent = `The server did not answer: ${/** @type {Error} */ (error).message}`
  } finally {
    if (run) {
      runButton.disabled = false
      results.removeAttribute('aria-busy')
    }
  }
}

export const schedulePreview = debounced(() => void explain({ run: false }))

/** @param {SubmitEvent} submitted */
function run(submitted) {
  submitted.preventDefault()
  void explain({ run: true })
}

export function mountPreview() {
  byId('editor').addEventListener(MAPPING_CHANGED, schedulePreview)
  testMode.addEventListener('change', schedulePreview)
  form.addEventListener('submit', run)
}
