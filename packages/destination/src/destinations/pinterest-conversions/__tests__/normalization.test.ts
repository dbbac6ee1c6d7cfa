/**
 * Every normalization rule, driven through the destination with its default mappings: the
 * value goes in as a Segment trait or property, and the test checks the digest Pinterest gets
 * against the SHA-256 of the normalized string it expects.
 */
import type { SegmentEvent } from '@segment/actions-core'
import { createTestIntegration } from '@segment/actions-core'
import nock from 'nock'
import destination from '..'
import type { PinterestEvent } from '../contract'
import { checkPinterestAfterEach, digest, fakePinterest, recent, SETTINGS } from './__helpers__/pinterest-fake'
import { USER_AGENT } from './__helpers__/segment-events'

checkPinterestAfterEach()

afterEach(() => nock.cleanAll())

async function sentEvent(
  event: Partial<SegmentEvent>,
  settings: object = {},
  mapping: object = {}
): Promise<PinterestEvent> {
  const pinterest = fakePinterest()
  await createTestIntegration(destination).testAction('reportConversionEvent', {
    event: { type: 'track', event: 'Generate Lead', timestamp: recent(), ...event },
    mapping: { event_name: 'lead', ...mapping },
    useDefaultMappings: true,
    settings: { ...SETTINGS, ...settings }
  })
  return pinterest.bodies[0].data[0]
}

/** The user_data sent for a person whose traits (in context.traits) are `traits`. */
async function sentUserData(traits: Record<string, unknown>, settings: object = {}) {
  const event = await sentEvent(
    { userId: undefined, context: { ip: '203.0.113.7', userAgent: USER_AGENT, traits } },
    settings
  )
  return event.user_data
}

type Case = [input: string, normalized: string | null]

function rule(name: string, trait: string, key: keyof PinterestEvent['user_data'], cases: Case[], nest?: 'address') {
  describe(name, () => {
    test.each(cases)('%j → %j', async (input: string, normalized: string | null) => {
      const traits = nest ? { address: { [trait]: input } } : { [trait]: input }
      const userData = await sentUserData(traits)
      if (normalized === null) expect(userData).not.toHaveProperty(key)
      else expect(userData[key]).toEqual([digest(normalized)])
    })
  })
}

rule('email: trimmed and lowercased', 'email', 'em', [
  [' Jane.Doe@Example.COM ', 'jane.doe@example.com'],
  ['JOHN+promo@shop.io', 'john+promo@shop.io'],
  ['ÉLISE@exemple.fr', 'élise@exemple.fr'],
  ['not-an-email', null],
  ['n/a', null],
  ['   ', null]
])

rule('phone: E.164 digits without +, national numbers read in the default country', 'phone', 'ph', [
  ['(415) 555-0100', '14155550100'],
  ['415.555.0100', '14155550100'],
  ['1-415-555-0100', '14155550100'],
  ['+1 415 555 0100 ext. 7', '14155550100'],
  ['+44 20 7946 0958', '442079460958'],
  ['0044 20 7946 0958', '442079460958'],
  ['+44 (0)20 7946 0958', '442079460958'],
  ['011 44 20 7946 0958', '442079460958'],
  ['442079460958', '442079460958'],
  ['+49 (0) 151 2345 6789', '4915123456789'],
  ['n/a', null],
  ['12345', null],
  ['call me', null]
])

describe('phone: default_phone_country reads national numbers of that country', () => {
  it.each([
    ['GB', '020 7946 0958', '442079460958'],
    ['DE', '0151 23456789', '4915123456789'],
    ['gb', '07700 900123', '447700900123']
  ])('%s: %s → %s', async (country: string, input: string, normalized: string) => {
    const userData = await sentUserData({ phone: input }, { default_phone_country: country })
    expect(userData.ph).toEqual([digest(normalized)])
  })
})

rule('gender: f, m or n from the usual spellings; anything else dropped', 'gender', 'ge', [
  ['Female', 'f'],
  ['F', 'f'],
  ['woman', 'f'],
  ['MALE', 'm'],
  ['man', 'm'],
  ['m', 'm'],
  ['Non-Binary', 'n'],
  ['nonbinary', 'n'],
  ['NB', 'n'],
  ['unknown', null],
  ['prefer not to say', null]
])

rule('date of birth: YYYYMMDD from unambiguous forms', 'birthday', 'db', [
  ['1990-07-04', '19900704'],
  ['1990-07-04T00:00:00.000Z', '19900704'],
  ['1990-07-04T23:30:00-08:00', '19900704'],
  ['19900704', '19900704'],
  ['1990/7/4', '19900704'],
  ['04/13/1990', '19900413'],
  ['13.04.1990', '19900413'],
  ['July 4, 1990', '19900704'],
  ['4 Jul 1990', '19900704'],
  ['04/07/1990', null],
  ['1990-02-30', null],
  ['2000-02-29', '20000229'],
  ['1996-02-29', '19960229'],
  ['1900-02-29', null],
  ['1991-02-29', null],
  ['1990-04-31', null],
  ['someday', null]
])

rule('first name: trimmed and lowercased', 'firstName', 'fn', [
  ['  Jane ', 'jane'],
  ['ÉLODIE', 'élodie'],
  ['Mary-Jane', 'mary-jane'],
  ['null', null]
])

rule('last name: trimmed and lowercased', 'lastName', 'ln', [
  ["O'Brien", "o'brien"],
  [' Müller ', 'müller'],
  ['Na', 'na']
])

rule(
  'city: lowercase, no spaces or punctuation, any script',
  'city',
  'ct',
  [
    ['St. Louis', 'stlouis'],
    ['San Francisco', 'sanfrancisco'],
    ['Winston-Salem', 'winstonsalem'],
    ['Zürich', 'zürich'],
    ['東京', '東京'],
    ['...', null]
  ],
  'address'
)

rule(
  'state: two-letter code, also from US state and Canadian province names',
  'state',
  'st',
  [
    ['California', 'ca'],
    ['CA', 'ca'],
    [' ny ', 'ny'],
    ['new york', 'ny'],
    ['District of Columbia', 'dc'],
    ['Ontario', 'on'],
    ['Québec', 'qc'],
    ['US-TX', 'tx'],
    ['Atlantis', null]
  ],
  'address'
)

rule(
  'zip: lowercase without spaces or dashes; ZIP+4 becomes 5 digits',
  'postalCode',
  'zp',
  [
    ['94103-1234', '94103'],
    ['941031234', '94103'],
    ['94103', '94103'],
    ['SW1A 2AA', 'sw1a2aa'],
    ['K1A 0B1', 'k1a0b1'],
    [' 10115 ', '10115']
  ],
  'address'
)

rule(
  'country: two-letter ISO code from codes and English names',
  'country',
  'country',
  [
    ['United States', 'us'],
    ['USA', 'us'],
    ['US', 'us'],
    ['U.S.A.', 'us'],
    ['United Kingdom', 'gb'],
    ['DEU', 'de'],
    ['Germany', 'de'],
    ["Côte d'Ivoire", 'ci'],
    ['Atlantis', null]
  ],
  'address'
)

describe('identifiers that are not normalized beyond trimming', () => {
  it('external_id is trimmed and keeps its case', async () => {
    const event = await sentEvent({ userId: '  User-42 ' })
    expect(event.user_data.external_id).toEqual([digest('User-42')])
  })

  it('hashed_maids is trimmed and lowercased', async () => {
    const event = await sentEvent({
      context: { ip: '203.0.113.7', device: { advertisingId: ' EA7583CD-A667-48BC-B806-42ECB2B48606 ' } }
    })
    expect(event.user_data.hashed_maids).toEqual([digest('ea7583cd-a667-48bc-b806-42ecb2b48606')])
  })

  // Found by the corpus of bad inputs: iOS (without App Tracking consent) and Android (after a
  // reset or opt-out) report the all-zero ID; hashed, it would make all those users one person.
  it.each(['00000000-0000-0000-0000-000000000000', '00000000000000000000000000000000'])(
    'hashed_maids leaves out the all-zero ID %s',
    async (id) => {
      const event = await sentEvent({
        context: { ip: '203.0.113.7', userAgent: USER_AGENT, device: { advertisingId: id } }
      })
      expect(event.user_data).not.toHaveProperty('hashed_maids')
    }
  )
})

describe('values that are already SHA-256 digests', () => {
  const emailDigest = digest('jane.doe@example.com')

  it('are passed through when lowercase', async () => {
    expect((await sentUserData({ email: emailDigest })).em).toEqual([emailDigest])
  })

  it('are lowercased, not hashed again, when uppercase', async () => {
    expect((await sentUserData({ email: emailDigest.toUpperCase() })).em).toEqual([emailDigest])
    expect((await sentUserData({ phone: digest('14155550100').toUpperCase() })).ph).toEqual([digest('14155550100')])
  })
})

describe('many values for one key', () => {
  it('reads the first source with an email by default: properties, else context.traits, else traits', async () => {
    const event = await sentEvent({
      context: { ip: '203.0.113.7', traits: { email: ' jane@example.com ' } },
      traits: { email: 'j.doe@work.example' }
    })
    expect(event.user_data.em).toEqual([digest('jane@example.com')])
  })

  it('sends every value of several sources mapped at once, each once', async () => {
    const event = await sentEvent(
      {
        properties: { email: 'Jane@Example.com' },
        context: { ip: '203.0.113.7', traits: { email: ' jane@example.com ' } },
        traits: { email: 'j.doe@work.example' }
      },
      {},
      {
        user_data: {
          email: [
            { '@path': '$.properties.email' },
            { '@path': '$.context.traits.email' },
            { '@path': '$.traits.email' }
          ],
          client_ip_address: { '@path': '$.context.ip' }
        }
      }
    )
    expect(event.user_data.em).toEqual([digest('jane@example.com'), digest('j.doe@work.example')])
  })

  it('keeps a key out when none of its values survives normalization', async () => {
    const userData = await sentUserData({ email: 'jane@example.com', phone: 'n/a', gender: '' })
    expect(userData).not.toHaveProperty('ph')
    expect(userData).not.toHaveProperty('ge')
  })

  it('accepts a mapped list of several values', async () => {
    const pinterest = fakePinterest()
    await createTestIntegration(destination).testAction('reportConversionEvent', {
      event: {
        type: 'track',
        event: 'Generate Lead',
        timestamp: recent(),
        properties: { emails: ['A@x.io', 'b@x.io', 'a@x.io', ''] }
      },
      mapping: { event_name: 'lead', user_data: { email: { '@path': '$.properties.emails' } } },
      useDefaultMappings: true,
      settings: SETTINGS
    })
    expect(pinterest.bodies[0].data[0].user_data.em).toEqual([digest('a@x.io'), digest('b@x.io')])
  })
})

describe('plain user_data keys', () => {
  it('takes the client from a forwarded-for list of addresses', async () => {
    const event = await sentEvent({ context: { ip: '203.0.113.7, 10.0.0.1', userAgent: USER_AGENT } })
    expect(event.user_data.client_ip_address).toBe('203.0.113.7')
  })

  it('does not take an IPv6 address with a zone (any length: it names a local interface, not a client)', async () => {
    const event = await sentEvent({
      context: { ip: `fe80::1%${'eth0'.repeat(1000)}, 203.0.113.7`, userAgent: USER_AGENT }
    })
    expect(event.user_data.client_ip_address).toBe('203.0.113.7')
  })

  it('prefers properties.click_id to the epik parameter of the page URL', async () => {
    const event = await sentEvent({
      properties: { click_id: 'from-property' },
      context: { ip: '203.0.113.7', userAgent: USER_AGENT, page: { url: 'https://shop.example.com/?epik=from-url' } }
    })
    expect(event.user_data.click_id).toBe('from-property')
  })

  // Found by the batch property test: the limit held for the mapped click ID, not for the URL's.
  it('leaves out an epik parameter longer than Pinterest takes and still sends the event', async () => {
    const event = await sentEvent({
      context: {
        ip: '203.0.113.7',
        userAgent: USER_AGENT,
        page: { url: `https://shop.example.com/?epik=${'a'.repeat(257)}` }
      }
    })
    expect(event.user_data.click_id).toBeUndefined()
    expect(event.user_data.client_ip_address).toBe('203.0.113.7')
  })
})
