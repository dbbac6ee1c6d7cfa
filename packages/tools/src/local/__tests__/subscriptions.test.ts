import type { SegmentEvent } from '@segment/actions-core'
import { parseFql, validate } from '@segment/destination-subscriptions'
import { subscriptionOf } from '../subscriptions'

const TRIGGERS = [
  'type = "track" and event = "Order Completed"',
  'type = "track" and (event = "Product Added" or event = "Product Viewed")',
  'type = "page"',
  'type = "track" and event != "Order Completed"',
  'event contains "Order"',
  'type = "track" and properties.total > 10'
]

const EVENTS: SegmentEvent[] = [
  { type: 'track', event: 'Order Completed', properties: { total: 30 } },
  { type: 'track', event: 'Order Completed', properties: { total: 3 } },
  { type: 'track', event: 'Product Added', properties: { total: 30 } },
  { type: 'page', properties: {} },
  { type: 'identify' },
  { type: 'track', event: 'Order Refunded', properties: { total: 11 } }
]

// Remembered answers must be Segment's answers, asked again and again, for every kind of trigger.
it.each(TRIGGERS)('answers as Segment’s own matcher, on first and repeated events: %s', (trigger) => {
  const parsed = parseFql(trigger)
  if ('error' in parsed) throw parsed.error
  const matches = subscriptionOf(trigger)
  for (const event of [...EVENTS, ...EVENTS, ...EVENTS]) expect(matches(event)).toBe(validate(parsed, event))
})

it('never answers from memory for a trigger that reads properties', () => {
  const matches = subscriptionOf('type = "track" and properties.total > 10')
  expect(matches({ type: 'track', event: 'Order Completed', properties: { total: 30 } })).toBe(true)
  expect(matches({ type: 'track', event: 'Order Completed', properties: { total: 3 } })).toBe(false)
})
