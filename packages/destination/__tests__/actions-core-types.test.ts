/**
 * Why some wrong-typed optional values still refuse their event (docs/hostile-input.md,
 * "Refused, or left out"): actions-core checks every mapped value against its field's type
 * before the destination runs, and no field shape it offers takes both text and an object, or
 * both a list of text and a list nested in one. Each shape is tried here through a one-field
 * destination. When a release of actions-core offers a shape that takes both, this fails, and
 * the destination can then take such values and leave them out with a warning.
 */
import { createTestEvent, createTestIntegration } from '@segment/actions-core'
import type { DestinationDefinition, InputField, JSONValue } from '@segment/actions-core'

const TYPES: InputField['type'][] = ['string', 'text', 'number', 'integer', 'datetime', 'boolean', 'password', 'object']

const SHAPES = TYPES.flatMap((type) =>
  [false, true].flatMap((multiple) =>
    [false, true].map((allowNull) => ({
      type,
      multiple,
      allowNull,
      name: `${type}${multiple ? '[]' : ''}${allowNull ? '?' : ''}`
    }))
  )
)

type Shape = typeof SHAPES[number]

async function takes(shape: Shape, value: JSONValue): Promise<boolean> {
  const definition: DestinationDefinition<Record<string, never>> = {
    // actions-core caches each compiled schema under the destination's name: one name per shape.
    name: `probe-${shape.type}-${String(shape.multiple)}-${String(shape.allowNull)}`,
    mode: 'cloud',
    authentication: { scheme: 'custom', fields: {} },
    actions: {
      probe: {
        title: 'Probe',
        description: 'Takes one field.',
        fields: {
          x: {
            label: 'X',
            description: 'The value tried.',
            type: shape.type,
            multiple: shape.multiple,
            allowNull: shape.allowNull
          }
        },
        perform: () => undefined
      }
    }
  }
  return createTestIntegration(definition)
    .testAction('probe', {
      event: createTestEvent({ properties: { x: value } }),
      mapping: { x: { '@path': '$.properties.x' } }
    })
    .then(
      () => true,
      () => false
    )
}

describe("actions-core's type check", () => {
  it.each(SHAPES)('$name does not take both text and an object', async (shape) => {
    expect((await takes(shape, 'o-1')) && (await takes(shape, { id: 'o-1' }))).toBe(false)
  })

  it.each(SHAPES)('$name does not take both a list of text and a list nested in one', async (shape) => {
    expect((await takes(shape, ['a@example.com'])) && (await takes(shape, [['a@example.com', 'b@example.com']]))).toBe(
      false
    )
  })

  it('takes what it should, so the probe itself works', async () => {
    const text = SHAPES.find((s) => s.name === 'string')
    const object = SHAPES.find((s) => s.name === 'object')
    expect(text && (await takes(text, 'o-1'))).toBe(true)
    expect(text && (await takes(text, { id: 'o-1' }))).toBe(false)
    expect(object && (await takes(object, { id: 'o-1' }))).toBe(true)
  })
})
