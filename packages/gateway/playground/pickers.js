// @ts-check
/**
 * The preset and example pickers and the sample event's box: what they offer, what picking one
 * does (an example never changes the preset behind the person's back).
 */
import { eventInput, exampleSelect, presetSelect, triggerInput } from './controls.js'
import { debounced } from './debounce.js'
import { byId, h } from './dom.js'
import { renderEditor } from './editor.js'
import { currentPreset } from './mapping.js'
import { clearInputError } from './sample.js'
import { openSamples } from './samples.js'
import { state } from './state.js'
import { checkTriggerSoon } from './trigger.js'

/** Fills the pickers with the presets and examples the server listed. */
export function listChoices() {
  for (const preset of state.presets) presetSelect.append(h('option', { value: preset.name }, [preset.name]))
  for (const example of state.examples) {
    const takenBy = example.presets.length > 0 ? ` (${example.presets.join(', ')})` : ''
    exampleSelect.append(h('option', { value: example.name }, [`${example.title}${takenBy}`]))
  }
}

export function describePreset() {
  const preset = currentPreset()
  byId('preset-hint').textContent = preset
    ? `Its mapping is the base of the editor; its own subscription: ${preset.subscribe}.`
    : 'Without a preset the action’s default mappings are the base; event_name then has to be set below.'
}

function pickExample() {
  const example = state.examples.find((e) => e.name === exampleSelect.value)
  const useButton = /** @type {HTMLButtonElement} */ (byId('use-example-preset'))
  useButton.hidden = true
  if (!example) return
  eventInput.value = JSON.stringify(example.event, null, 2)
  clearInputError('event')
  const preset = currentPreset()
  const hint = byId('example-hint')
  // The example never changes the preset behind the person's back: it says so, and offers it.
  if (example.presets.length === 0) {
    hint.textContent = `No preset takes ${example.title}; the preset stays ${preset ? preset.name : '(none)'}.`
  } else if (preset && example.presets.includes(preset.name)) {
    hint.textContent = `The preset ${preset.name} takes ${example.title}; it stays as it is.`
  } else {
    const suggested = example.presets[0]
    hint.textContent = `${example.title} is taken by the preset ${example.presets.join(', ')}; the preset stays ${
      preset ? preset.name : '(none)'
    }.`
    useButton.textContent = `Use the preset ${suggested}`
    useButton.dataset.preset = suggested
    useButton.hidden = false
  }
  sampleChanged()
}

function useExamplePreset() {
  const button = /** @type {HTMLButtonElement} */ (byId('use-example-preset'))
  presetSelect.value = button.dataset.preset ?? ''
  button.hidden = true
  presetChanged()
  presetSelect.focus()
}

function presetChanged() {
  const preset = currentPreset()
  if (triggerInput.value.trim() === '' || triggerInput.value === state.presetTrigger) {
    triggerInput.value = preset?.subscribe ?? ''
    checkTriggerSoon()
    void openSamples({ onlyIfEmpty: true })
  }
  state.presetTrigger = preset?.subscribe ?? ''
  describePreset()
  renderEditor()
}

function sampleChanged() {
  renderEditor()
  checkTriggerSoon()
}

export function mountPickers() {
  presetSelect.addEventListener('change', presetChanged)
  exampleSelect.addEventListener('change', pickExample)
  byId('use-example-preset').addEventListener('click', useExamplePreset)
  eventInput.addEventListener('input', debounced(sampleChanged))
}
