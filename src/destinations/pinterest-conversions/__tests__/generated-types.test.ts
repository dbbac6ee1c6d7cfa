import { readFileSync } from 'fs'
import { relative } from 'path'
import { renderTypeFiles } from '../../../../scripts/generate-types'

describe('generated-types.ts', () => {
  it.each([...renderTypeFiles()].map(([file, contents]) => [relative(process.cwd(), file), file, contents]))(
    '%s matches the field definitions (run `npm run types` after changing fields)',
    (_, file, contents) => {
      expect(readFileSync(file, 'utf8')).toBe(contents)
    }
  )
})
