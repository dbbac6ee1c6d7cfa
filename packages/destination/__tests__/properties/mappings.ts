/** The mappings every property runs with: the action's defaults (with each event name) and every preset of the destination. */
import type { JSONObject } from '@segment/actions-core'
import { defaultValues } from '@segment/actions-core'
import fc from 'fast-check'
import destination from '../../src/destinations/pinterest-conversions'
import { EVENT_NAMES } from '../../src/destinations/pinterest-conversions/constants'

export interface MappingCase {
  name: string
  /** The whole mapping for one run (the event name, for the defaults, drawn per run). */
  mapping: fc.Arbitrary<JSONObject>
}

const presetCases: MappingCase[] = (destination.presets ?? []).map((preset) => {
  if (preset.type !== 'automatic' || !preset.mapping) throw new Error(`preset ${preset.name} has no mapping`)
  return { name: `preset ${preset.name}`, mapping: fc.constant(preset.mapping) }
})

const defaults = defaultValues(destination.actions.reportConversionEvent.fields)

export const MAPPING_CASES: MappingCase[] = [
  {
    name: 'default mappings',
    mapping: fc.constantFrom(...EVENT_NAMES).map((event_name) => ({ ...defaults, event_name }))
  },
  ...presetCases
]
