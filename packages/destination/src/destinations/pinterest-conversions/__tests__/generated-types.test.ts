import { readFileSync } from 'fs'
import { relative } from 'path'
import { renderTypes, typeFiles } from '../../../../scripts/generate-types'

describe('generated-types.ts', () => {
  it.each(typeFiles().map((file) => ({ file, name: relative(process.cwd(), file.path) })))(
    '$name matches the field definitions (run `npm run types` after changing fields)',
    async ({ file }) => {
      expect(readFileSync(file.path, 'utf8')).toBe(await renderTypes(file))
    }
  )
})
