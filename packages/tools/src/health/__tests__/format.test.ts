import { formatHealthReport, healthReportOf } from '..'
import { EVERY_ID, IP_UA, NOW, sha256, event, times, without } from './events'

const render = (events: Parameters<typeof healthReportOf>[0], options: Parameters<typeof healthReportOf>[1] = {}) =>
  formatHealthReport(healthReportOf(events, { nowSeconds: NOW, ...options }))

/** Lines of the block that starts with `title`, up to the next blank line. */
function section(text: string, title: string): string[] {
  const lines = text.split('\n')
  const start = lines.indexOf(title)
  expect(start).toBeGreaterThanOrEqual(0)
  const end = lines.indexOf('', start)
  return lines.slice(start + 1, end)
}

describe('formatHealthReport', () => {
  const events = [
    ...times(9, () => event('page_visit', IP_UA)),
    event('checkout', without(EVERY_ID, 'em', 'hashed_maids')),
    event(
      'add_to_cart',
      { ...without(EVERY_ID, 'client_user_agent', 'external_id'), st: [sha256('ny')] },
      { event_time: NOW - 7200, custom_data: { opt_out_type: 'LDP' } }
    )
  ]
  const text = render(events)

  it('starts with the count and the grade', () => {
    expect(text.split('\n').slice(0, 2)).toEqual(['Conversion health over 11 events', 'Grade: Poor'])
  })

  it('lists each check with its status and the grade it is needed for', () => {
    expect(section(text, 'Checks:')).toEqual([
      expect.stringMatching(
        /^ {2}fail {8}for Good\/Fair {2}client_ip_address \+ client_user_agent on every event: 1 of 11 events lack them$/
      ),
      expect.stringMatching(
        /^ {2}fail {8}for Good\/Fair {2}em or hashed_maids on every checkout: 1 of 1 checkout events carry neither$/
      ),
      expect.stringMatching(
        /^ {2}unverified {2}for Good\/Fair {2}lower-funnel Tag events also sent through the API: in this data: add_to_cart, checkout; absent: lead, signup;/
      ),
      '  fail        for Great      every medium and low priority id sent: external_id below 10% of events'
    ])
  })

  it('names each reason with the grade it blocks', () => {
    const reasons = section(text, 'Held back by:')
    expect(reasons[0]).toBe(
      '  [Good/Fair] 1 of 11 events lack client_ip_address + client_user_agent (client_ip_address missing on 0, client_user_agent on 1); Pinterest wants both on every event'
    )
    expect(reasons[1]).toBe(
      '  [Good/Fair] 1 of 1 checkout events carry neither em nor hashed_maids; Pinterest wants one of them on every checkout'
    )
    expect(reasons[2]).toBe(
      '  [Great] external_id (medium) is on 9.1% of events (10 of 11 lack it); Great needs at least 10% of events'
    )
  })

  it('aligns the coverage tables in columns', () => {
    for (const title of ['Coverage, all events:', "Coverage by event_name, % of that name's events:"]) {
      const rows = section(text, title).filter((line) => !line.startsWith('  ('))
      // Right-aligned numbers: every row ends at the same column.
      expect(new Set(rows.map((row) => row.length)).size).toBe(1)
    }
    expect(section(text, 'Coverage, all events:').slice(0, 4)).toEqual([
      '  signal                                 priority  present       %  lacking',
      '  em                                     high            1    9.1%       10',
      // The one event carrying it counts as one that could, whatever its action source.
      '  hashed_maids                           high            1  100.0%        0',
      '  client_ip_address + client_user_agent  high           10   90.9%        1'
    ])
  })

  it('shows whole percents per event_name without rounding up to 100 or down to 0', () => {
    const many = [...times(999, () => event('page_visit', EVERY_ID)), event('page_visit', without(EVERY_ID, 'em'))]
    const row = section(render(many), "Coverage by event_name, % of that name's events:")[1]
    expect(row.trim().split(/\s+/).slice(0, 4)).toEqual(['page_visit', '1,000', '99', '100'])
  })

  it('explains LDP and offline counts', () => {
    expect(text).toContain(
      'Limited Data Processing: 1 event asks for LDP; Pinterest will apply it to 0 and ignore it on 1 (it needs st = hashed ca and country = hashed us)\n' +
        '  ignored because: st missing 0, st not ca 1, country missing 0, country not us 0 (an event can have several causes)\n'
    )
    expect(text).toContain(
      'Offline:\n' +
        '  received late: 1 event (9.1%) sent more than 1 hour after their event_time; Pinterest counts them as offline conversions\n' +
        '  action_source offline: 0 events (0.0%); Pinterest never deduplicates these against the Tag\n'
    )
  })

  it('notes the lower-funnel assumption next to a grade above Poor', () => {
    const good = render([event('checkout', EVERY_ID)])
    expect(good).toContain(
      'Grade: Great\n  (assuming every lower-funnel event your Pinterest Tag fires is also sent through the API'
    )
    expect(good).toContain('Lower-funnel names in this data: checkout; absent: add_to_cart, lead, signup.)')
    expect(good).toContain('on every event: the 1 event carries both\n')
    expect(good).toContain('on every checkout: the 1 checkout event carries one\n')
    expect(render(times(2, () => event('checkout', EVERY_ID)))).toContain(
      'on every checkout: every one of the 2 checkout events carries one\n'
    )
    expect(render([event('checkout', EVERY_ID)], { tagEventNames: ['checkout'] })).not.toContain('assuming')
  })

  it('renders no events without NaN', () => {
    const empty = render([])
    expect(empty).toContain('Conversion health over 0 events\nGrade: none (no events)\n')
    expect(empty).not.toMatch(/NaN|undefined|Infinity/)
    expect(empty).not.toContain('Held back by')
    expect(empty).not.toContain('Coverage by event_name')
    expect(empty).toContain('Limited Data Processing: no event asks for LDP')
  })
})
