import { parseFql, validate } from '@segment/destination-subscriptions'
import type { SegmentEvent } from '@segment/actions-core'

/** Distinct (type, event name) pairs remembered per subscription; past it the memory starts over. */
const MEMO_LIMIT = 10_000

/**
 * A matcher for an FQL subscription, evaluated by Segment's own @segment/destination-subscriptions.
 * Most triggers read nothing but the call's type and event name, and a gateway asks every
 * subscription about every event: for those, the answer is remembered per (type, name).
 */
export function subscriptionOf(fql: string): (event: SegmentEvent) => boolean {
  const parsed = parseFql(fql)
  if ('error' in parsed) throw new Error(`A preset's subscription does not parse (${fql}): ${parsed.error.message}`)
  const evaluate = (event: SegmentEvent) => validate(parsed, event)
  if (!readsOnlyTypeAndName(parsed)) return evaluate
  const memo = new Map<string, boolean>()
  return (event) => {
    if (typeof event.type !== 'string' || (event.event !== undefined && typeof event.event !== 'string'))
      return evaluate(event)
    const key = `${event.type}\u0000${event.event ?? '\u0001'}`
    let answer = memo.get(key)
    if (answer === undefined) {
      answer = evaluate(event)
      if (memo.size >= MEMO_LIMIT) memo.clear()
      memo.set(key, answer)
    }
    return answer
  }
}

interface FqlNode {
  type: string
  children?: FqlNode[]
}

function readsOnlyTypeAndName(node: FqlNode): boolean {
  if (node.type === 'group') return (node.children ?? []).every(readsOnlyTypeAndName)
  return node.type === 'event-type' || node.type === 'event'
}
