/**
 * Writes `generated-types.ts` for the destination (Settings) and for each action (Payload)
 * the way Segment's `generate:types` command does: actions-core's `fieldsToJsonSchema` with
 * `tsType`, titles and enums dropped, then json-schema-to-typescript with Segment's banner and
 * the repository's prettier options. Segment's CI regenerates these files and fails on any
 * difference, so ours must come out byte for byte the same.
 * Run with `npm run types`; the destination's `__tests__/generated-types.test.ts` fails when a file is stale.
 */
import { writeFileSync } from 'fs'
import { join } from 'path'
import type { DestinationDefinition, GlobalSetting, InputField } from '@segment/actions-core'
import { fieldsToJsonSchema } from '@segment/actions-core'
import { compile } from 'json-schema-to-typescript'
import { resolveConfig } from 'prettier'
import destination from '../src/destinations/pinterest-conversions'

type Schema = ReturnType<typeof fieldsToJsonSchema>

export const DESTINATION_DIR = join(__dirname, '..', 'src', 'destinations', 'pinterest-conversions')

const BANNER = '// Generated file. DO NOT MODIFY IT BY HAND.'

export interface TypeFile {
  path: string
  name: 'Settings' | 'Payload'
  fields: Record<string, InputField | GlobalSetting>
}

/** Every generated file of the destination, with the fields it is generated from. */
export function typeFiles(definition: DestinationDefinition<any> = destination): TypeFile[] {
  return [
    {
      path: join(DESTINATION_DIR, 'generated-types.ts'),
      name: 'Settings',
      fields: definition.authentication?.fields ?? {}
    },
    ...Object.entries(definition.actions).map(
      ([slug, action]): TypeFile => ({
        path: join(DESTINATION_DIR, slug, 'generated-types.ts'),
        name: 'Payload',
        fields: action.fields
      })
    )
  ]
}

export async function renderTypes(file: TypeFile): Promise<string> {
  return compile(withoutTitlesAndEnums(fieldsToJsonSchema(file.fields, { tsType: true })), file.name, {
    bannerComment: BANNER,
    // The options prettier --check applies to the written file.
    style: resolveConfig.sync(file.path) ?? undefined
  })
}

/**
 * A title would become a named interface and an enum a union of literals. Segment strips both
 * from objects' properties and arrays' items, and only there: a field stripped anywhere else
 * would come out differently from Segment's file.
 */
function withoutTitlesAndEnums(schema: Schema): Schema {
  const { title: _title, enum: _enum, ...rest } = schema
  if (rest.type === 'object' && rest.properties) {
    const properties: Record<string, Schema> = {}
    for (const [key, property] of Object.entries(rest.properties)) properties[key] = withoutTitlesAndEnums(property)
    rest.properties = properties
  } else if (rest.type === 'array' && rest.items) {
    rest.items = withoutTitlesAndEnums(rest.items as Schema)
  }
  return rest
}

async function main(): Promise<void> {
  for (const file of typeFiles()) {
    writeFileSync(file.path, await renderTypes(file))
    console.log(`wrote ${file.path}`)
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
}
