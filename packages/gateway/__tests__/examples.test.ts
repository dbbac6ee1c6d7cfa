import { readdirSync, readFileSync } from 'fs'
import { join } from 'path'
import { targetsFor, automaticPresets } from 'pinterest-conversions-tools'
import { EXAMPLES } from './helpers'

const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'))
const single = new Map(files.map((f) => [f, JSON.parse(readFileSync(join(EXAMPLES, f), 'utf8'))]))
const mixed = readFileSync(join(EXAMPLES, 'events.ndjson'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l))
const presetsOf = (event: any) =>
  targetsFor({ actionSlug: 'reportConversionEvent' })
    .filter((t) => t.matches(event))
    .map((t) => t.name)

describe('bundled examples', () => {
  it('carry no timestamp, so they are never too old for Pinterest (the runtime stamps them when sent)', () => {
    for (const event of [...single.values(), ...mixed]) expect(event.timestamp).toBeUndefined()
  })

  it('have one example file per preset, each matched by that preset’s subscription only', () => {
    const matched = [...single.values()].map(presetsOf)
    for (const names of matched) expect(names).toHaveLength(1)
    expect(matched.flat().sort()).toEqual(automaticPresets.map((p) => p.name).sort())
  })

  it('mix every example file into events.ndjson, plus events no preset takes', () => {
    for (const event of single.values()) expect(mixed.filter((e) => e.messageId === event.messageId)).toEqual([event])
    const unrouted = mixed.filter((e) => presetsOf(e).length === 0)
    expect(unrouted.map((e) => e.messageId).sort()).toEqual(['example-coupon-applied-0001', 'example-identify-0001'])
    expect(mixed).toHaveLength(single.size + unrouted.length)
  })
})
