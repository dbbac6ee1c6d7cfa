/**
 * A subscription's trigger, checked as it is saved: what Segment's own FQL libraries
 * (@segment/fql-ts, @segment/destination-subscriptions) read, and refused, naming the trigger,
 * wherever they would quietly read something else than what was written.
 */
import { lex } from '@segment/fql-ts'
import { parseFql } from '@segment/destination-subscriptions'
import { FieldError, isObject } from 'pinterest-conversions-tools'

/** An FQL trigger as Segment's own parser reads it; its error names `at`. */
export function checkTrigger(value: unknown, at: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new FieldError(`${at} must be a non-empty text.`, at)
  const problem = triggerProblem(value)
  if (problem) throw new FieldError(`${at} is not a valid trigger: ${problem}.`, at)
  return value
}

/** What keeps a trigger from being one, in words a person typing it can act on; undefined when it is one. */
export function triggerProblem(trigger: string): string | undefined {
  return unbalancedPart(trigger) ?? lexingProblem(trigger) ?? parsingProblem(trigger)
}

/** An unclosed quote or parenthesis, which Segment's parser reports only as an internal error. */
function unbalancedPart(trigger: string): string | undefined {
  let depth = 0
  let quoted = false
  for (let i = 0; i < trigger.length; i++) {
    const char = trigger[i]
    if (char === '\\' && quoted) i++
    else if (char === '"') quoted = !quoted
    else if (!quoted && char === '(') depth++
    else if (!quoted && char === ')' && --depth < 0) return 'a ")" closes no "("'
  }
  if (quoted) return 'a quoted value is not closed'
  if (depth > 0) return 'a "(" is not closed'
  return undefined
}

/**
 * Segment's lexer reads a quoted value up to the next quote, escapes and all, and its parser
 * keeps single quotes as part of the value: `event = "Say \"hi\""` compares the event name with
 * `Say \`, and `event = 'x'` with `'x'`. Saved, such a trigger would never match.
 */
function lexingProblem(trigger: string): string | undefined {
  const { tokens, error } = lex(trigger)
  if (error) return String(error.message).replace(/\.$/, '')
  for (const token of tokens) {
    if (token.type !== 'string') continue
    if (token.value.startsWith("'")) {
      return `${token.value} is in single quotes, which Segment's FQL keeps as part of the value: write it in double quotes`
    }
    if (token.value.includes('\\')) {
      return `${token.value} holds a backslash: Segment's FQL reads no escapes, so a value cannot hold a double quote or a backslash`
    }
  }
  return undefined
}

function parsingProblem(trigger: string): string | undefined {
  const parsed = parseFql(trigger)
  if ('error' in parsed) {
    // The parser's own messages name what is missing; a TypeError is it tripping over tokens it did not expect.
    return parsed.error instanceof TypeError
      ? 'it does not read as FQL: conditions are a field, an operator and a value (event = "Order Completed"), joined by and / or'
      : parsed.error.message
  }
  return unfinishedPart(trigger, parsed)
}

const OPERATOR_VALUES = new Set(['=', '!=', '<', '>', '<=', '>='])

/**
 * Segment's parser forgives what an operator cannot mean: `type = ` parses as `type = "eos"`
 * (its end-of-input token taken for a value), `event = = "x"` as `event = "="`, and a trailing
 * `and` is dropped. Saved, such a trigger quietly takes nothing (or the wrong events), so the
 * typo is refused here while it is still on the operator's screen.
 */
function unfinishedPart(trigger: string, parsed: object): string | undefined {
  if (/(\b(and|or)|[=<>!(,])\s*$/i.test(trigger)) return 'it ends before its last condition does'
  const values: unknown[] = []
  const walk = (node: unknown): void => {
    if (!isObject(node)) return
    if ('value' in node) values.push(node.value)
    if (Array.isArray(node.children)) node.children.forEach(walk)
  }
  walk(parsed)
  for (const value of values) {
    if (typeof value !== 'string' || trigger.includes(`"${value}"`)) continue
    if (value === 'eos') return 'a comparison has no value after its operator'
    if (OPERATOR_VALUES.has(value)) return `a comparison has two operators in a row ("${value}")`
  }
  return undefined
}
