/**
 * The machine's time zone never changes event_time. Found by the corpus of bad inputs:
 * JavaScript reads a date and time written without a zone in the zone of the machine, so the
 * same event got another event_time on a server in New York than on one in UTC.
 *
 * A process cannot change its own zone under jest, so the replay command runs in a child
 * process with TZ set, and its dry run shows the body that would be sent.
 */
import type { Run } from './helpers'
import { runCli } from './helpers'

function dryRun(line: string, zone: string): Promise<Run> {
  return runCli(['replay', '-', '--dry-run', '--preset', 'Checkout'], { stdin: line, env: { TZ: zone } })
}

const at = new Date(Date.now() - 90 * 60_000)
const expected = Math.floor(at.getTime() / 1000)

it.each([
  ['an ISO date and time without a zone', at.toISOString().slice(0, 19)],
  ['a date and time with a space and no zone', at.toISOString().slice(0, 19).replace('T', ' ')]
])(
  'reads %s as UTC on a machine in New York',
  async (_, timestamp) => {
    const event = {
      type: 'track',
      event: 'Order Completed',
      messageId: 'tz-1',
      timestamp,
      context: { ip: '203.0.113.7', userAgent: 'curl/8.4.0' }
    }
    const { code, stdout, stderr } = await dryRun(JSON.stringify(event), 'America/New_York')
    expect({ code, stderr }).toMatchObject({ code: 0 })
    expect(JSON.parse(stdout.trim()).data[0].event_time).toBe(expected)
  },
  30_000
)
