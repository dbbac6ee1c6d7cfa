import type { JSONLikeObject } from '@segment/actions-core'
import { EVERY_ID, IP_UA, NOW, event } from '../../health/__tests__/events'
import type { MultiStatus } from '../multistatus'
import { createSentHealth, formatSentHealthReport, sentEventOf } from '../sent-health'

type Node = MultiStatus[number]

const sentNode = (sent: object, status = 200): Node => ({
  status,
  sent: sent as JSONLikeObject,
  body: { status: 'processed' }
})
// What actions-core answers for an event refused before sending: no `sent`.
const refusedNode = (message: string): Node =>
  ({
    status: 400,
    errortype: 'PAYLOAD_VALIDATION_FAILED',
    errormessage: message,
    errorreporter: 'INTEGRATIONS'
  } as Node)

describe('health of the events sent, from executeBatch answers', () => {
  it('counts the event in `sent` of successes and of failures Pinterest answered (or never answered)', () => {
    const health = createSentHealth({ nowSeconds: NOW })
    health.addOutcome(sentNode(event('checkout', EVERY_ID)), NOW)
    health.addOutcome(
      {
        status: 400,
        errortype: 'BAD_REQUEST',
        errormessage: 'Pinterest did not process the event',
        sent: event('lead', IP_UA) as unknown as JSONLikeObject,
        errorreporter: 'DESTINATION'
      } as Node,
      NOW
    )
    health.addOutcome(
      {
        status: 503,
        errortype: 'SERVICE_UNAVAILABLE',
        errormessage: 'Could not reach Pinterest',
        sent: event('signup', IP_UA) as unknown as JSONLikeObject,
        errorreporter: 'DESTINATION'
      } as Node,
      NOW
    )
    const report = health.report()
    expect(report.events).toBe(3)
    expect(report.byEventName.map((entry) => entry.event_name)).toEqual(['checkout', 'lead', 'signup'])
    expect(report.notSent).toEqual({ events: 0 })
  })

  it('counts entries without a sent event (refused by our checks, missing, or not an event) as not sent, outside the coverage', () => {
    const health = createSentHealth({ nowSeconds: NOW })
    health.addOutcome(sentNode(event('checkout', EVERY_ID)), NOW)
    health.addOutcome(refusedNode('Pinterest cannot match this event to a person'), NOW)
    health.addOutcome(undefined, NOW)
    health.addOutcome(sentNode({ event_name: 'checkout' }), NOW)
    const report = health.report()
    expect(report.events).toBe(1)
    expect(report.notSent).toEqual({ events: 3 })
    // The refused events would have lacked IP/UA; they do not pull the grade down.
    expect(report.grade).not.toBe('Poor')
    expect(sentEventOf(refusedNode('x'))).toBeUndefined()
  })

  it('judges lateness by each event’s own sending time, not the time the tracker was made', () => {
    const health = createSentHealth({ nowSeconds: NOW })
    const happened = NOW - 60
    health.addOutcome(sentNode(event('checkout', EVERY_ID, { event_time: happened })), NOW)
    health.addOutcome(sentNode(event('checkout', EVERY_ID, { event_time: happened })), happened + 3600)
    health.addOutcome(sentNode(event('checkout', EVERY_ID, { event_time: happened })), happened + 3601)
    expect(health.report().offline.receivedLate).toBe(1)
  })

  it('says in text what was not sent, singular and plural, after the report', () => {
    const none = createSentHealth({ nowSeconds: NOW })
    none.addOutcome(sentNode(event('checkout', EVERY_ID)), NOW)
    expect(formatSentHealthReport(none.report())).toMatch(
      /\nNot sent:\n {2}none: the destination built and handed every routed event to Pinterest\n$/
    )

    const one = createSentHealth({ nowSeconds: NOW })
    one.addOutcome(refusedNode('no identifier'), NOW)
    const text = formatSentHealthReport(one.report())
    expect(text).toMatch(/^Conversion health over 0 events\nGrade: none \(no events\)/)
    expect(text).toMatch(/\nNot sent:\n {2}1 event refused by the destination's own checks before sending/)

    const two = createSentHealth({ nowSeconds: NOW })
    two.addOutcome(refusedNode('a'), NOW)
    two.addOutcome(undefined, NOW)
    expect(formatSentHealthReport(two.report())).toContain('  2 events refused')
  })
})
