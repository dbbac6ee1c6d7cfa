// @ts-check
/**
 * The mapping being edited: the base (the preset's mapping, or the action's defaults) and the
 * edited keys laid over it.
 * @import { Mapping } from './types'
 */
import { presetSelect } from './controls.js'
import { state } from './state.js'
import { copy, isDirective, isObject, same } from './values.js'

export function currentPreset() {
  return state.presets.find((p) => p.name.toLowerCase() === presetSelect.value.toLowerCase())
}

/** The preset's mapping, or the action's default mappings, as the server takes them as base. */
export function baseMapping() {
  const preset = currentPreset()
  if (preset) return /** @type {Mapping} */ (copy(preset.mapping ?? {}))
  /** @type {Mapping} */
  const defaults = {}
  for (const [key, def] of Object.entries(state.fieldDefs))
    if (def.default !== undefined) defaults[key] = copy(def.default)
  return defaults
}

/** The whole mapping a run uses: the base with the edited keys laid over it. */
export function fullMapping() {
  return { ...baseMapping(), ...state.overrides }
}

/**
 * Replaces one top-level key. Emptying a key the base fills needs a value that maps to nothing
 * (an empty string): a missing key would let the base's come back.
 * @param {string} key
 * @param {unknown} value
 */
export function setKey(key, value) {
  const base = baseMapping()[key]
  if (value === undefined) {
    if (base === undefined) delete state.overrides[key]
    else state.overrides[key] = ''
  } else if (same(value, base)) delete state.overrides[key]
  else state.overrides[key] = value
}

/**
 * Replaces one key of an object field, keeping all its other keys.
 * @param {string} parent
 * @param {string} key
 * @param {unknown} value
 */
export function setObjectKey(parent, key, value) {
  const current = fullMapping()[parent]
  const object = isObject(current) && !isDirective(current) ? { ...current } : {}
  if (value === undefined) delete object[key]
  else object[key] = value
  setKey(parent, object)
}

/**
 * The list path and item mapping of a list field mapped with `@arrayPath`, if it is.
 * @param {unknown} value
 * @returns {{ list: string, item: Mapping } | undefined}
 */
export function arrayPathOf(value) {
  if (!isObject(value)) return undefined
  const directive = value['@arrayPath']
  if (!Array.isArray(directive) || typeof directive[0] !== 'string') return undefined
  return { list: directive[0], item: isObject(directive[1]) ? { ...directive[1] } : {} }
}

/**
 * Replaces one key of a list field's item mapping, keeping the list path and the other keys.
 * @param {string} field
 * @param {string} key
 * @param {unknown} value
 */
export function setItemKey(field, key, value) {
  const mapped = arrayPathOf(fullMapping()[field])
  if (!mapped) return
  if (value === undefined) delete mapped.item[key]
  else mapped.item[key] = value
  setKey(field, { '@arrayPath': [mapped.list, mapped.item] })
}

/** The preset and mapping as Save sends them: with a preset, only the edited keys (each whole); without, the whole mapping. */
export function mappingToSave() {
  if (!presetSelect.value) return { mapping: fullMapping() }
  const edited = Object.keys(state.overrides).length > 0
  return { preset: presetSelect.value, ...(edited && { mapping: /** @type {Mapping} */ (copy(state.overrides)) }) }
}
