/**
 * How deep a JSON body nests, found by scanning its text before anything parses it: code that
 * walks a value recursively (serializing, mapping, matching triggers) runs out of stack on JSON
 * nested thousands deep, which turned such a body into a 500. A Segment call is a few levels deep;
 * properties a few more.
 */

/** Objects and arrays within one another, the body's own braces included. */
export const MAX_JSON_DEPTH = 64

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d

/** An open object or array, and where in it the scan is: the index, or the last key's quotes. */
interface Frame {
  array: boolean
  index: number
  keyStart: number
  keyEnd: number
}

/**
 * The path (`batch[0].properties.a`) of the first value nested deeper than `max`, or undefined.
 * The text need not be JSON: saying what is wrong with it is JSON.parse's job, after this.
 */
export function tooDeepAt(text: string, max = MAX_JSON_DEPTH): string | undefined {
  const frames: Frame[] = []
  let expectingKey = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      const end = stringEnd(text, i)
      const top = frames[frames.length - 1]
      if (top && !top.array && expectingKey) {
        top.keyStart = i
        top.keyEnd = end
        expectingKey = false
      }
      i = end
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (frames.length === max) return pathOf(text, frames)
      frames.push({ array: c === OPEN_ARRAY, index: 0, keyStart: -1, keyEnd: -1 })
      expectingKey = c === OPEN_OBJECT
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      frames.pop()
      expectingKey = false
    } else if (c === COMMA) {
      const top = frames[frames.length - 1]
      if (top?.array) top.index++
      else expectingKey = top !== undefined
    }
  }
  return undefined
}

/** The index of the quote closing the string opened at `start` (the text's end when it is not closed). */
function stringEnd(text: string, start: number): number {
  let quote = start
  for (;;) {
    quote = text.indexOf('"', quote + 1)
    if (quote < 0) return text.length
    let backslashes = 0
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++
    if (backslashes % 2 === 0) return quote
  }
}

function pathOf(text: string, frames: readonly Frame[]): string {
  const path = frames
    .map((frame) => (frame.array ? `[${frame.index}]` : `.${keyOf(text, frame)}`))
    .join('')
    .replace(/^\./, '')
  return path === '' ? 'body' : path
}

function keyOf(text: string, frame: Frame): string {
  if (frame.keyStart < 0) return ''
  try {
    return String(JSON.parse(text.slice(frame.keyStart, frame.keyEnd + 1)))
  } catch {
    return text.slice(frame.keyStart + 1, frame.keyEnd)
  }
}
