import { join } from 'path'
import { EXAMPLES, example, runCli, sha256 } from './helpers'

const EVENTS = join(EXAMPLES, 'events.ndjson')

jest.setTimeout(60_000)

describe('replay --explain N', () => {
  it('explains the first N events of a file, through the presets that take them, and sends nothing', async () => {
    const { code, stdout, stderr } = await runCli(['replay', EVENTS, '--explain', '2'])
    expect(code).toBe(0)
    expect(stderr).toContain('Explaining the first 2 events of')
    expect(stderr).toContain('nothing is sent')
    expect(stdout).toContain('Event 1 (line 1): track "Order Completed" through Checkout')
    expect(stdout).toContain('Event 2 (line 2): track "Product Added" through Add to Cart')
    expect(stdout).not.toContain('Event 3')
    // The trace: input, normalized string and digest; the body as it would be sent.
    expect(stdout).toContain(
      `'Jane.Doe@Example.com'  normalized 'jane.doe@example.com'  sha256 ${sha256('jane.doe@example.com')}`
    )
    expect(stdout).toContain(`'California'  normalized 'ca'  sha256 ${sha256('ca')}`)
    expect(stdout).toContain('Pinterest request (built, not sent):')
    expect(stdout).toContain(
      'user_data.email              ["Jane.Doe@Example.com"]  <- first of $.properties.email, $.context.traits.email, $.traits.email'
    )
    expect(stdout).toContain('Health of this event: Good/Fair')
    expect(stdout).toMatch(/^ +lacks: +(?!.*hashed_maids).*$/m)
    expect(stdout).toContain('not counted (its source cannot carry them): hashed_maids')
    expect(stdout).not.toContain('Answer:')
  })

  it('shows dropped values with their reasons and numbered errors on the fields; exits 1 when an event is refused', async () => {
    const dropped = example('order-completed')
    dropped.context.traits.gender = 'robot'
    dropped.context.traits.email = 'a'.repeat(64)
    const broken = example('order-completed')
    delete broken.context.ip
    delete broken.context.userAgent
    delete broken.context.traits.email
    const stdin = [
      'not json',
      JSON.stringify(dropped),
      '',
      JSON.stringify(broken),
      JSON.stringify(example('order-completed'))
    ].join('\n')
    const { code, stdout } = await runCli(['replay', '-', '--explain', '2', '--preset', 'Checkout'], { stdin })
    expect(code).toBe(1)
    expect(stdout).toContain('line 1: not JSON')
    expect(stdout).toContain("'robot'  dropped: gender 'robot' is not f, m or n (female, male, non-binary)")
    expect(stdout).toContain(`'${'a'.repeat(64)}'  already a digest: passed through`)
    expect(stdout).toContain('Event 2 (line 4): track "Order Completed" through Checkout')
    expect(stdout).toMatch(/user_data\.email\s+\(no value\)\s+<- .* ERROR \[1\]/)
    expect(stdout).toContain(
      '[1] user_data.email, user_data.hashed_maids, user_data.client_ip_address, user_data.client_user_agent: Pinterest cannot match this event to a person'
    )
    expect(stdout).toContain('Pinterest request: none was built (see errors)')
    expect(stdout).not.toContain('Event 3')
  })

  it('with --sandbox sends each explained event to the in-process sandbox and shows its answer', async () => {
    const { code, stdout, stderr } = await runCli(['replay', EVENTS, '--explain', '1', '--sandbox'])
    expect(code).toBe(0)
    expect(stderr).toContain('sent to sandbox')
    expect(stdout).toContain('Result: sent, answered 200')
    expect(stdout).toContain('Pinterest request (sent):')
    expect(stdout).toContain('Answer: 200')
  })

  it('with live settings builds the request for them, sends nothing without --send, and never prints the token', async () => {
    const token = 'pina_cli-explain-token-never-printed'
    const env = { PINTEREST_AD_ACCOUNT_ID: '123456789012', PINTEREST_CONVERSION_TOKEN: token }
    const { code, stdout, stderr } = await runCli(['replay', EVENTS, '--explain', '1'], { env })
    expect(code).toBe(0)
    expect(stderr).toContain('nothing is sent (--send sends)')
    expect(stdout).toContain('Pinterest request (built, not sent):')
    expect(stdout).toContain('POST https://api.pinterest.com/v5/ad_accounts/123456789012/events?test=true')
    expect(stdout + stderr).not.toContain(token)
  })

  it('refuses --send without --explain, --send with --sandbox, and a count that is not a number', async () => {
    expect((await runCli(['replay', EVENTS, '--send'])).code).toBe(2)
    expect((await runCli(['replay', EVENTS, '--explain', '1', '--send', '--sandbox'])).code).toBe(2)
    expect((await runCli(['replay', EVENTS, '--explain', 'two'])).code).toBe(2)
  })
})
