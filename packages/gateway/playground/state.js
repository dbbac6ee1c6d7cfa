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
  lastExplanation: undefined,
  /** The app and device fields, shown for a web event too once asked. */
  showAppFields: false,
  /**
   * What keeps Save off: the gateway's answer about the mapping (`field` as `user_data.email`,
   * without `subscription.mapping.`), null while the mapping could deliver.
   * @type {{ field: string, message: string } | null}
   */
  ruleError: null,
  /**
   * A new subscription nobody has touched yet: what keeps it from being saved is said as what
   * Save waits for, not as an error, until the person changes something.
   */
  untouched: true,
  /** Whether the gateway's admin routes answer: without them nothing can be saved. */
  gatewayUp: false,
  /**
   * The recent calls the trigger takes, newest first (GET /gateway/recent-calls).
   * @type {{ received_at: string, event: Record<string, unknown> }[]}
   */
  recent: []
}
