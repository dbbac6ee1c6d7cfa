/**
 * Writes `generated-types.ts` for the destination (Settings) and for each action (Payload)
 * from the field definitions, so the types can never drift from what the mappings UI offers.
 * Run with `npm run types`; `__tests__/generated-types.test.ts` fails when a file is stale.
 */
import { writeFileSync } from 'fs'
import { join } from 'path'
import type { DestinationDefinition, InputField, GlobalSetting } from '@segment/actions-core'
import destination from '../src/destinations/pinterest-conversions'

type Field = InputField | GlobalSetting

export const DESTINATION_DIR = join(__dirname, '..', 'src', 'destinations', 'pinterest-conversions')

const HEADER = '// Generated from the field definitions by `npm run types`. Do not edit by hand.\n'

/** Every generated file of the destination: absolute path → contents. */
export function renderTypeFiles(definition: DestinationDefinition<any> = destination): Map<string, string> {
  const files = new Map<string, string>()
  files.set(
    join(DESTINATION_DIR, 'generated-types.ts'),
    renderInterface('Settings', definition.authentication?.fields ?? {})
  )
  for (const [slug, action] of Object.entries(definition.actions)) {
    files.set(
      join(DESTINATION_DIR, slug, 'generated-types.ts'),
      renderInterface('Payload', action.fields as Record<string, Field>)
    )
  }
  return files
}

function renderInterface(name: string, fields: Record<string, Field>): string {
  return `${HEADER}\nexport interface ${name} ${renderObject(fields, '')}\n`
}

function renderObject(fields: Record<string, Field>, indent: string): string {
  const inner = `${indent}  `
  const members = Object.entries(fields).map(([key, field]) => {
    const optional = field.required === true ? '' : '?'
    return `${renderDoc(field, inner)}${inner}${key}${optional}: ${renderType(field, inner)}`
  })
  return `{\n${members.join('\n')}\n${indent}}`
}

function renderDoc(field: Field, indent: string): string {
  const text = `${field.label}. ${field.description ?? ''}`.trim().replace(/\*\//g, '*\\/')
  return `${indent}/**\n${indent} * ${text}\n${indent} */\n`
}

function renderType(field: Field, indent: string): string {
  let type: string
  if (field.type === 'object') {
    const properties = (field as InputField).properties as Record<string, Field> | undefined
    type = properties ? renderObject(properties, indent) : '{ [k: string]: unknown }'
  } else if (field.choices) {
    type = field.choices.map((c) => `'${typeof c === 'object' ? c.value : c}'`).join(' | ')
  } else {
    type = SCALAR_TYPES[field.type]
  }
  if (field.allowNull) type = `${type} | null`
  if (!('multiple' in field && field.multiple)) return type
  return /[|{]/.test(type) ? `(${type})[]` : `${type}[]`
}

const SCALAR_TYPES: Record<Exclude<Field['type'], 'object'>, string> = {
  string: 'string',
  text: 'string',
  password: 'string',
  number: 'number',
  integer: 'number',
  boolean: 'boolean',
  datetime: 'string | number'
}

if (require.main === module) {
  for (const [file, contents] of renderTypeFiles()) {
    writeFileSync(file, contents)
    console.log(`wrote ${file}`)
  }
}
