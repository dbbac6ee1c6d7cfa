import { createTestEvent, createTestIntegration } from '@segment/actions-core'
// The oracle computes digests on its own, not through the code under test.
// eslint-disable-next-line no-restricted-syntax
import { createHash } from 'crypto'
import nock from 'nock'
import destination from '..'
import { emailDigest, normalizedEmail } from '../deletion'
import { AD_ACCOUNT_ID, BASE_URL, SETTINGS, TOKEN } from './__helpers__/pinterest-fake'

const PATH = `/v5/ad_accounts/${AD_ACCOUNT_ID}/conversion_deletion_requests`
const sha = (text: string) => createHash('sha256').update(text).digest('hex')

afterEach(() => nock.cleanAll())

/** Pinterest's deletion endpoint, recording what it was sent. */
function pinterest() {
  const seen: Array<{ body: unknown; authorization: string | undefined }> = []
  nock(BASE_URL)
    .post(PATH)
    .reply(function (_uri, body) {
      // nock 13 (Segment's) hands headers as lists, nock 14 as strings.
      const header: unknown = this.req.headers.authorization
      seen.push({ body, authorization: Array.isArray(header) ? header.join(', ') : (header as string | undefined) })
      return [200, { id: '7001', state: 'PENDING' }]
    })
  return seen
}

const onDelete = (event: Parameters<typeof createTestEvent>[0], settings: object = SETTINGS) =>
  createTestIntegration(destination).onDelete?.(createTestEvent(event), settings as typeof SETTINGS)

describe('onDelete', () => {
  it("files a conversion deletion request for a user known by an email, normalized as events' emails are", async () => {
    const seen = pinterest()
    const answer = await onDelete({ userId: '  Jane.Doe@Example.COM ', anonymousId: 'anon-1' })
    expect(seen).toEqual([
      { body: { deletion_targets: { user_emails: ['jane.doe@example.com'] } }, authorization: `Bearer ${TOKEN}` }
    ])
    expect(answer).toEqual({ id: '7001', state: 'PENDING' })
  })

  it('takes the anonymousId when it is the email, and the OAuth token a runtime gives', async () => {
    const seen = pinterest()
    await onDelete(
      { userId: 'u-1', anonymousId: 'joe@example.com' },
      { ...SETTINGS, oauth: { access_token: 'pina_oauth-access-token' } }
    )
    expect(seen).toEqual([
      {
        body: { deletion_targets: { user_emails: ['joe@example.com'] } },
        authorization: 'Bearer pina_oauth-access-token'
      }
    ])
  })

  it('sends nothing when neither id is an email', async () => {
    const answer = await onDelete({ userId: 'u-1', anonymousId: 'anon-1' })
    expect(answer).toEqual({ output: expect.stringMatching(/neither userId nor anonymousId is an email/) })
    expect(nock.pendingMocks()).toEqual([])
  })
})

describe('the person as events carry them', () => {
  it('normalizes an email as em does, and gives the digest em would carry', () => {
    expect(normalizedEmail(' A.B@Example.COM')).toBe('a.b@example.com')
    expect(normalizedEmail('not an email')).toBeUndefined()
    expect(emailDigest(' A.B@Example.COM')).toBe(sha('a.b@example.com'))
    expect(emailDigest(sha('a.b@example.com').toUpperCase())).toBe(sha('a.b@example.com'))
    expect(emailDigest('nobody')).toBeUndefined()
  })
})
