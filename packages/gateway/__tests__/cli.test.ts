import { mkdtempSync, readFileSync, writeFileSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { example, EXAMPLES, REPOSITORY, ROOT, runCli, sha256 } from './helpers'

const EVENTS = join(EXAMPLES, 'events.ndjson')

jest.setTimeout(60_000)

/** The number on a summary row, such as `  processed            16`. */
function row(stderr: string, name: string): number {
  const match = new RegExp(`^  ${name.replace(/[()]/g, '\\$&')}\\s+(\\d+)`, 'm').exec(stderr)
  if (!match) throw new Error(`No summary row "${name}" in:\n${stderr}`)
  return Number(match[1])
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'replay-test-'))
})

const lines = readFileSync(EVENTS, 'utf8').trim().split('\n')

describe('replay over the bundled examples', () => {
  it('sends every preset’s example to the in-process sandbox and exits 0', async () => {
    const out = join(dir, 'outcomes.ndjson')
    const { code, stdout, stderr } = await runCli(['replay', EVENTS, '--sandbox', '--out', out])
    expect(stderr).toContain('sandbox')
    expect(row(stderr, 'lines')).toBe(18)
    expect(row(stderr, 'events read')).toBe(18)
    expect(row(stderr, 'not JSON (skipped)')).toBe(0)
    expect(row(stderr, 'matched no preset')).toBe(2)
    expect(row(stderr, 'sent')).toBe(16)
    expect(row(stderr, 'processed')).toBe(16)
    expect(row(stderr, 'failed')).toBe(0)
    expect(code).toBe(0)
    expect(stdout).toBe('')
    // Not a terminal: not a trace of a progress bar.
    expect(stderr).not.toContain('\r')
    expect(stderr).not.toContain('\u001b')
    const outcomes = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(outcomes).toHaveLength(18)
    expect(outcomes.filter((o) => o.outcome === 'processed')).toHaveLength(16)
    expect(outcomes.find((o) => o.event_id === 'example-order-completed-0001')).toMatchObject({
      line: 1,
      preset: 'Checkout',
      outcome: 'processed',
      status: 200
    })
    expect(
      outcomes
        .filter((o) => o.outcome === 'skipped')
        .map((o) => o.event_id)
        .sort()
    ).toEqual(['example-coupon-applied-0001', 'example-identify-0001'])
  })

  it('reads stdin for -, and --preset keeps only the events that preset subscribes to', async () => {
    const { code, stderr } = await runCli(['replay', '-', '--sandbox', '--preset', 'checkout'], {
      stdin: readFileSync(EVENTS, 'utf8')
    })
    expect(code).toBe(0)
    expect(row(stderr, 'events read')).toBe(18)
    expect(row(stderr, 'matched no preset')).toBe(17)
    expect(stderr).toMatch(/sent\s+1 {2}\(Checkout 1\)/)
  })

  it('--dry-run writes the hashed Pinterest bodies to stdout, one request per line, and no personal data', async () => {
    const { code, stdout, stderr } = await runCli(['replay', EVENTS, '--dry-run', '--batch-size', '1'])
    expect(code).toBe(0)
    const bodies = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(bodies).toHaveLength(16)
    const checkout = bodies.find((b) => b.data[0].event_name === 'checkout').data[0]
    expect(checkout.user_data.em).toEqual([sha256('jane.doe@example.com')])
    expect(checkout.custom_data.value).toBe('407.99')
    expect(bodies.find((b) => b.data[0].event_name === 'app_install').data[0]).toMatchObject({
      action_source: 'app_ios',
      user_data: { hashed_maids: [sha256('6d92078a-8246-4ba4-ae5b-76104861e7dc')] }
    })
    for (const raw of ['@', 'Jane', 'Doe', '555-0134', '1990-07-04', 'San Francisco', '94105', '6D92078A'])
      expect(stdout).not.toContain(raw)
    expect(stderr).toMatch(/dry run/)
    expect(row(stderr, 'would be sent')).toBe(16)
  })

  it('--dry-run batches events per preset: one body per preset with every event of it', async () => {
    const { stdout } = await runCli(['replay', '-', '--dry-run', '--preset', 'Checkout'], {
      stdin: [lines[0], lines[0].replace('example-order-completed-0001', 'second-order')].join('\n')
    })
    const bodies = stdout.trim().split('\n')
    expect(bodies).toHaveLength(1)
    expect(JSON.parse(bodies[0]).data.map((e: any) => e.event_id)).toEqual([
      'example-order-completed-0001',
      'second-order'
    ])
  })
})

describe('replay: the conversion health report', () => {
  it('--dry-run over the examples prints a readable report after the summary, on stderr only', async () => {
    const { code, stdout, stderr } = await runCli(['replay', EVENTS, '--dry-run'])
    expect(code).toBe(0)
    const summaryAt = stderr.indexOf('Summary of')
    const reportAt = stderr.indexOf('Conversion health over')
    expect(summaryAt).toBeGreaterThanOrEqual(0)
    expect(reportAt).toBeGreaterThan(summaryAt)
    const report = stderr.slice(reportAt)
    // Over the 16 events built, not the 18 read (2 match no preset).
    expect(report).toMatch(/^Conversion health over 16 events\nGrade: Good\/Fair\n/)
    expect(report).toMatch(
      /^ {2}pass +for Good\/Fair +client_ip_address \+ client_user_agent on every event: every one of the 16 events carries both$/m
    )
    expect(report).toMatch(
      /^ {2}pass +for Good\/Fair +em or hashed_maids on every checkout: the 1 checkout event carries one$/m
    )
    expect(report).toMatch(/^ {2}unverified +for Good\/Fair +lower-funnel Tag events also sent through the API/m)
    expect(report).toMatch(
      /^ {2}fail +for Great +every medium and low priority id sent: click_id below 10% of events$/m
    )
    expect(report).toMatch(/^Held back by:\n {2}\[Great\] click_id \(low\) is on 6\.3% of events \(15 of 16 lack it\)/m)
    expect(report).toMatch(/^ {2}client_ip_address \+ client_user_agent +high +16 +100\.0% +0$/m)
    // Counted over the 3 app events; the web events cannot carry a mobile advertising ID.
    expect(report).toMatch(/^ {2}hashed_maids +high +3 +100\.0% +0$/m)
    expect(report).toMatch(/^ {2}\(hashed_maids counted over the 3 events whose action source can carry it\)$/m)
    expect(report).toMatch(/^ {2}checkout +1 +100 +- +100 +100 +100 +0 +100 +100 +100 +100 +100 +100 +100$/m)
    expect(report).toMatch(/^Limited Data Processing: no event asks for LDP$/m)
    expect(report).toMatch(/^ {2}received late: 0 events \(0\.0%\)/m)
    expect(report).toMatch(/^Not sent:\n {2}none: /m)
    // stdout still carries the request bodies only; nothing personal in the report.
    expect(
      stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
    ).toHaveLength(16)
    expect(stdout).not.toContain('Conversion health')
    for (const raw of ['@', 'Jane', 'Doe', '555-0134', '94105', sha256('jane.doe@example.com')])
      expect(report).not.toContain(raw)
  })

  it('prints exactly the report docs/health.md shows for the bundled examples', async () => {
    const docs = readFileSync(join(REPOSITORY, 'docs', 'health.md'), 'utf8')
    const section = docs.slice(docs.indexOf('## The report of the bundled examples'))
    const shown = /```\n([\s\S]*?)```/.exec(section)?.[1]
    expect(shown).toMatch(/^Conversion health over 16 events\n/)
    const { stderr } = await runCli(['replay', EVENTS, '--dry-run'])
    expect(stderr.slice(stderr.indexOf('Conversion health over'))).toBe(shown)
  })

  it('--health-json writes the same report as JSON, with counts that add up', async () => {
    const file = join(dir, 'health.json')
    const { code, stderr } = await runCli(['replay', EVENTS, '--sandbox', '--health-json', file])
    expect(code).toBe(0)
    const report = JSON.parse(readFileSync(file, 'utf8'))
    expect(report).toMatchObject({
      events: 16,
      grade: 'Good/Fair',
      notSent: { events: 0 },
      offline: { receivedLate: 0, actionSourceOffline: 0 }
    })
    expect(report.byEventName).toHaveLength(16)
    expect(report.byEventName.reduce((sum: number, entry: any) => sum + entry.events, 0)).toBe(16)
    const coverage = Object.fromEntries(report.coverage.map((c: any) => [c.signal, [c.events, c.present, c.lacking]]))
    // A mobile advertising ID is counted over the 3 app events only: the web events cannot carry one.
    expect(coverage).toMatchObject({
      ip_ua: [16, 16, 0],
      em: [16, 9, 7],
      hashed_maids: [3, 3, 0],
      click_id: [16, 1, 15]
    })
    expect(report.reasons.map((r: any) => [r.check, r.fields, r.eventsLacking])).toEqual([
      ['medium_and_low_ids_sent', ['click_id'], 15]
    ])
    expect(stderr).toMatch(/^Grade: Good\/Fair$/m)
  })

  it('leaves events refused by our checks out of the report, counts them as not sent, and times lateness from the sending', async () => {
    const order = example('order-completed')
    const lines = [
      JSON.stringify(order),
      JSON.stringify({
        ...order,
        messageId: 'two-hours-old',
        timestamp: new Date(Date.now() - 2 * 3600_000).toISOString()
      }),
      JSON.stringify({ ...order, messageId: 'anonymous', context: {} })
    ]
    const file = join(dir, 'refused.json')
    const { code, stderr } = await runCli(['replay', '-', '--dry-run', '--health-json', file], {
      stdin: lines.join('\n')
    })
    expect(code).toBe(1)
    expect(row(stderr, 'failed')).toBe(1)
    expect(stderr).toMatch(/^Conversion health over 2 events$/m)
    expect(stderr).toMatch(/^ {2}received late: 1 event \(50\.0%\)/m)
    expect(stderr).toMatch(/^Not sent:\n {2}1 event refused by the destination's own checks before sending/m)
    const report = JSON.parse(readFileSync(file, 'utf8'))
    expect(report).toMatchObject({ events: 2, notSent: { events: 1 }, offline: { receivedLate: 1 } })
    // The refused event has no IP or user agent; it is not among the events that lack them.
    expect(report.coverage.find((c: any) => c.signal === 'ip_ua')).toMatchObject({ present: 2, lacking: 0 })
  })

  it('refuses a --health-json file it cannot write before sending anything (exit 2)', async () => {
    const { code, stdout, stderr } = await runCli([
      'replay',
      EVENTS,
      '--dry-run',
      '--health-json',
      join(dir, 'no-such-dir', 'health.json')
    ])
    expect(code).toBe(2)
    expect(stderr).toMatch(/Cannot write .*no-such-dir/)
    expect(stdout).toBe('')
  })
})

describe('replay over a file with broken lines and failing events', () => {
  it('reports broken lines with their numbers, counts them and goes on', async () => {
    const file = join(dir, 'broken.ndjson')
    writeFileSync(
      file,
      [lines[0], '{"type": "track", "event": ', lines[1], '', 'not json at all', '[1, 2]', lines[2]].join('\n') + '\n'
    )
    const { code, stderr } = await runCli(['replay', file, '--sandbox'])
    expect(stderr).toMatch(/^line 2: not JSON/m)
    expect(stderr).toMatch(/^line 5: not JSON/m)
    expect(stderr).toMatch(/^line 6: not a JSON object/m)
    expect(row(stderr, 'lines')).toBe(7)
    expect(row(stderr, 'not JSON (skipped)')).toBe(3)
    expect(row(stderr, 'events read')).toBe(3)
    expect(row(stderr, 'processed')).toBe(3)
    expect(code).toBe(0)
  })

  it('exits 1 when some events fail, grouping the failures by message', async () => {
    const order = example('order-completed')
    const anonymous = (id: string) => JSON.stringify({ ...order, messageId: id, context: {} })
    const { code, stderr } = await runCli(['replay', '-', '--sandbox'], {
      stdin: [lines[0], anonymous('a'), anonymous('b')].join('\n')
    })
    expect(code).toBe(1)
    expect(row(stderr, 'processed')).toBe(1)
    expect(row(stderr, 'failed')).toBe(2)
    expect(stderr).toMatch(/^\s+2 × Pinterest cannot match this event to a person/m)
  })
})

describe('replay with --settings', () => {
  it('shapes the events with the settings of the file, and sends them to the sandbox with --sandbox', async () => {
    const settings = join(dir, 'settings.json')
    writeFileSync(settings, JSON.stringify({ partner_name: 'ss-replay', default_phone_country: 'GB' }))
    const { code, stderr } = await runCli(['replay', EVENTS, '--settings', settings, '--sandbox'])
    expect(stderr).toMatch(/sandbox: the embedded Pinterest sandbox at http:\/\/127\.0\.0\.1:\d+/)
    expect(code).toBe(0)
    expect(row(stderr, 'processed')).toBe(16)
  })

  it('builds the bodies with the settings of the file in a dry run, and never prints its token', async () => {
    const token = 'pina_replay-file-token-0123456789'
    const settings = join(dir, 'live-settings.json')
    writeFileSync(
      settings,
      JSON.stringify({ ad_account_id: '123456789012', conversion_token: token, partner_name: 'ss-replay' })
    )
    const { code, stdout, stderr } = await runCli(['replay', EVENTS, '--settings', settings, '--dry-run'])
    expect(code).toBe(0)
    const bodies = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { data: Array<{ partner_name?: string }> })
    expect(bodies.flatMap((body) => body.data.map((e) => e.partner_name))).toEqual(Array(16).fill('ss-replay'))
    expect(stdout + stderr).not.toContain(token)
  })
})

describe('replay: bad usage exits 2', () => {
  it.each([
    ['no file', ['replay']],
    ['an unknown option', ['replay', EVENTS, '--sandbox', '--fast']],
    ['an unknown preset', ['replay', EVENTS, '--sandbox', '--preset', 'Purchase']],
    ['a file that does not exist', ['replay', join(ROOT, 'no-such-file.ndjson'), '--sandbox']],
    ['--sandbox with --dry-run', ['replay', EVENTS, '--sandbox', '--dry-run']],
    ['a batch size over 1000', ['replay', EVENTS, '--sandbox', '--batch-size', '1001']],
    ['a mapping file that is not JSON', ['replay', EVENTS, '--sandbox', '--mapping', EVENTS]],
    ['no settings at all', ['replay', EVENTS]],
    ['an unknown command', ['send', EVENTS]]
  ])('%s', async (_name, args) => {
    const { code, stderr } = await runCli(args)
    expect(code).toBe(2)
    expect(stderr.trim()).not.toBe('')
  })

  it('names what is wrong', async () => {
    expect((await runCli(['replay', EVENTS, '--sandbox', '--preset', 'Purchase'])).stderr).toMatch(
      /Unknown preset "Purchase".*Checkout/
    )
    expect((await runCli(['replay', EVENTS])).stderr).toMatch(/PINTEREST_AD_ACCOUNT_ID and PINTEREST_CONVERSION_TOKEN/)
  })
})
