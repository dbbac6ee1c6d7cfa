import { createHash } from 'crypto'
import { readFileSync } from 'fs'
import { join } from 'path'

export const ROOT = join(__dirname, '..')
export const EXAMPLES = join(ROOT, 'examples')

/** A bundled example event (they carry no timestamp: the runtime stamps them with the current time). */
export function example(name: string): Record<string, any> {
  return JSON.parse(readFileSync(join(EXAMPLES, `${name}.json`), 'utf8'))
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
