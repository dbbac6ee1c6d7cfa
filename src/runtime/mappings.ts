import type { JSONObject, Preset } from '@segment/actions-core'
import destination from '../destinations/pinterest-conversions'
import { presets } from '../destinations/pinterest-conversions/presets'
import { FieldError } from './errors'

export type AutomaticPreset = Extract<Preset, { type: 'automatic' }>

/** The presets a runtime subscribes automatically: each has an FQL subscription and a full mapping. */
export const automaticPresets: AutomaticPreset[] = presets.filter((p): p is AutomaticPreset => p.type === 'automatic')

/** A preset by name; the case of the name does not matter ("checkout" finds "Checkout"). */
export function findPreset(name: string): AutomaticPreset | undefined {
  const wanted = name.trim().toLowerCase()
  return automaticPresets.find((preset) => preset.name?.toLowerCase() === wanted)
}

/** The action's default mappings, as createTestIntegration's `useDefaultMappings` builds them. */
export function defaultMapping(actionSlug: string): JSONObject {
  const fields = destination.actions[actionSlug]?.fields ?? {}
  const mapping: JSONObject = {}
  for (const [key, field] of Object.entries(fields)) {
    if (field.default !== undefined) mapping[key] = field.default as JSONObject[string]
  }
  return mapping
}

export interface MappingChoice {
  actionSlug: string
  /** A preset name: its mapping is the base. */
  preset?: string
  /** Mapping keys laid over the base (the preset's mapping, or else the action's defaults). */
  mapping?: JSONObject
}

/**
 * The mapping a run uses. The base is the preset's mapping, or the action's default mappings;
 * given mapping keys replace the base's keys of the same name (a shallow merge, as
 * createTestIntegration does with `useDefaultMappings`), so `{ "event_name": "lead" }` is enough.
 */
export function resolveMapping({ actionSlug, preset, mapping }: MappingChoice): JSONObject {
  let base: JSONObject
  if (preset !== undefined) {
    const found = findPreset(preset)
    if (!found) {
      throw new FieldError(
        `Unknown preset "${preset}". Presets: ${automaticPresets.map((p) => p.name).join(', ')}.`,
        'preset'
      )
    }
    if (found.partnerAction !== actionSlug) {
      throw new FieldError(
        `Preset "${found.name}" belongs to the action ${found.partnerAction}, not ${actionSlug}.`,
        'preset'
      )
    }
    base = found.mapping ?? {}
  } else {
    base = defaultMapping(actionSlug)
  }
  return { ...base, ...(mapping ?? {}) }
}
