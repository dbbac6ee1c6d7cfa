import type { JSONObject, JSONValue, Preset } from '@segment/actions-core'
import { defaultValues, transform } from '@segment/actions-core'
import { isObject } from '../json'
import destination from 'pinterest-conversions'
import { FieldError } from './errors'

export type AutomaticPreset = Extract<Preset, { type: 'automatic' }>

/** The presets a runtime subscribes automatically: each has an FQL subscription and a full mapping. */
export const automaticPresets: AutomaticPreset[] = (destination.presets ?? []).filter(
  (p): p is AutomaticPreset => p.type === 'automatic'
)

/** A preset by name; the case of the name does not matter ("checkout" finds "Checkout"). Throws naming `field` when unknown. */
export function presetNamed(name: string, field: string): AutomaticPreset {
  const wanted = name.trim().toLowerCase()
  const found = automaticPresets.find((preset) => preset.name?.toLowerCase() === wanted)
  if (found) return found
  throw new FieldError(`Unknown preset "${name}". Presets: ${automaticPresets.map((p) => p.name).join(', ')}.`, field)
}

/** The action's default mappings, as createTestIntegration's `useDefaultMappings` builds them. */
export function defaultMapping(actionSlug: string): JSONObject {
  return defaultValues(destination.actions[actionSlug]?.fields ?? {}) as JSONObject
}

export interface MappingChoice {
  actionSlug: string
  /** A preset name: its mapping is the base. */
  preset?: string
  /** Mapping keys laid over the base (the preset's mapping, or else the action's defaults). */
  mapping?: JSONObject
  /** What a caller named the preset option, for errors (`preset`, `--preset`). */
  presetField?: string
}

/**
 * The mapping a run uses. The base is the preset's mapping, or the action's default mappings;
 * given mapping keys replace the base's keys of the same name (a shallow merge, as
 * createTestIntegration does with `useDefaultMappings`), so `{ "event_name": "lead" }` is enough.
 * Every given key is checked by actions-core's own mapping rules first, so a broken one is
 * refused naming it.
 */
export function resolveMapping({ actionSlug, preset, mapping, presetField = 'preset' }: MappingChoice): JSONObject {
  let base: JSONObject
  if (preset !== undefined) {
    const found = presetNamed(preset, presetField)
    if (found.partnerAction !== actionSlug) {
      throw new FieldError(
        `Preset "${found.name}" belongs to the action ${found.partnerAction}, not ${actionSlug}.`,
        presetField
      )
    }
    base = found.mapping ?? {}
  } else {
    base = defaultMapping(actionSlug)
  }
  if (mapping) checkMapping(mapping)
  return { ...base, ...(mapping ?? {}) }
}

/**
 * Throws a FieldError naming the first mapping key actions-core would refuse (a directive it
 * does not know, a path that is not text, ...). Each key is tried on its own, so the key is
 * known without reading the framework's message.
 */
function checkMapping(mapping: JSONObject, prefix = ''): void {
  for (const [key, value] of Object.entries(mapping)) {
    const field = prefix + key
    if (isPlainMappingObject(value)) {
      checkMapping(value, `${field}.`)
      continue
    }
    try {
      transform({ [key]: value }, {})
    } catch (error) {
      throw new FieldError(`The mapping of ${field} is not valid: ${reasonOf(error)}`, field)
    }
  }
}

/** An object of field mappings (not a directive): its keys are checked one by one. */
function isPlainMappingObject(value: JSONValue): value is JSONObject {
  return isObject(value) && !Object.keys(value).some((key) => key.startsWith('@'))
}

/** actions-core's words for a broken mapping, without the stacks its aggregate error carries. */
function reasonOf(error: unknown): string {
  const inner = (error as { errors?: unknown }).errors
  const errors: unknown[] = Array.isArray(inner) ? inner : isIterable(error) ? [...error] : [error]
  return errors.map((e) => (e instanceof Error ? e.message : String(e)).split('\n')[0].trim()).join(' ')
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return isObject(value) && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
}
