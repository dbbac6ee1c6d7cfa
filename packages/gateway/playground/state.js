// @ts-check
/**
 * What the page knows and what the person is editing, shared by its views. One object, so a
 * module that changes a value changes it for every other (an imported `let` cannot be assigned).
 * @import { Example, Explanation, FieldDef, Mapping, Preset, SettingsView, Subscription } from './types'
 */

export const state = {
  /** @type {Preset[]} */
  presets: [],
  /** @type {Example[]} */
  examples: [],
  /** @type {SettingsView | undefined} */
  settings: undefined,
  /** @type {Record<string, FieldDef>} */
  fieldDefs: {},
  /**
   * Top-level mapping keys laid over the base (the preset's mapping, or the action's defaults),
   * each whole: the gateway and /explain replace whole keys, so an object is never sent in part.
   * @type {Mapping}
   */
  overrides: {},
  /** The subscription being edited; null for a new one (Save creates it). @type {string | null} */
  editingId: null,
  /** @type {Subscription[]} */
  subscriptions: [],
  /** The trigger follows the preset while it still is the previous preset's own (or empty). */
  presetTrigger: '',
  /** @type {Explanation | undefined} */
  lastExplanation: undefined
}
