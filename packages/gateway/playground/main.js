// @ts-check
/**
 * The playground page: the gateway's subscriptions (its admin routes under /gateway), and an
 * editor for one of them: a trigger, a preset and a field-by-field mapping rendered from the
 * action's field definitions (GET /manifest). Every edit re-runs the sample event through the
 * destination (POST /explain) and shows next to each field what it produced.
 *
 * It knows no normalization rule: every digest, normalized string and reason on the page comes
 * from the server, which takes them from the destination's own code.
 *
 * Native ES modules, served as they are (no build step), one per view, each mounted here once
 * the page is signed in (sign-in.js);
 * type-checked by `npm test` through playground/tsconfig.json. Text from the answer is only ever
 * set as textContent.
 */
import { getJson } from './api.js'
import { status } from './controls.js'
import { mountDelivery } from './delivery.js'
import { mountEditor, renderEditor } from './editor.js'
import { mountMappingCheck } from './mapping-check.js'
import { mountOverlap } from './overlap.js'
import { describePreset, listChoices, mountPickers } from './pickers.js'
import { mountPinterest } from './pinterest.js'
import { mountPreview } from './preview.js'
import { mountSamples } from './samples.js'
import { showSettings } from './settings.js'
import { signIn } from './sign-in.js'
import { state } from './state.js'
import { mountSubscriptions } from './subscriptions.js'
import { mountTrigger } from './trigger.js'

const ACTION = 'reportConversionEvent'

/** The presets, the action's fields, the bundled examples and the settings, then the editor on them. */
async function load() {
  const [manifest, exampleList, explainInfo] = await Promise.all([
    getJson('/manifest'),
    getJson('/examples'),
    getJson('/explain')
  ])
  state.presets = manifest.body.presets ?? []
  state.fieldDefs = manifest.body.actions?.[ACTION]?.fields ?? {}
  state.examples = exampleList.body.examples ?? []
  state.settings = explainInfo.body.settings
  listChoices()
  describePreset()
  showSettings()
  renderEditor()
}

// Signed in first: the subscriptions, explain and the Pinterest account are admin routes.
signIn()
  .then(() => {
    mountPickers()
    mountSamples()
    mountTrigger()
    mountPreview()
    mountEditor()
    mountMappingCheck()
    mountOverlap()
    mountSubscriptions()
    mountDelivery()
    void mountPinterest()
    return load()
  })
  .catch((error) => {
    status.textContent = `Could not load the presets and examples: ${error.message}`
  })
