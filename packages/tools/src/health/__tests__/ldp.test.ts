import type { UserData } from 'pinterest-conversions'
import { healthReportOf } from '..'
import { EVERY_ID, NOW, event, sha256 } from './events'

const CALIFORNIA_US: UserData = { ...EVERY_ID, st: [sha256('ca')], country: [sha256('us')] }
const ldp = (userData: UserData, optOutType = 'LDP') =>
  event('checkout', userData, { custom_data: { opt_out_type: optOutType } })
const ldpOf = (...events: ReturnType<typeof event>[]) =>
  healthReportOf(events, { nowSeconds: NOW }).limitedDataProcessing
const noCauses = { stMissing: 0, stNotCa: 0, countryMissing: 0, countryNotUs: 0 }

describe('Limited Data Processing', () => {
  it('uses the digests of the normalized codes, not of "CA"/"US" as Pinterest samples show', () => {
    expect(CALIFORNIA_US.st).toEqual([sha256('ca')])
    expect(CALIFORNIA_US.country).toEqual([sha256('us')])
  })

  it('applies the flag to an event located in California, US', () => {
    expect(ldpOf(ldp(CALIFORNIA_US))).toEqual({ requested: 1, ignored: 0, applied: 1, ignoredBecause: noCauses })
  })

  it('counts only events that ask for LDP', () => {
    const result = ldpOf(
      event('checkout', CALIFORNIA_US),
      event('checkout', CALIFORNIA_US, { custom_data: { value: '10.00' } }),
      ldp(CALIFORNIA_US)
    )
    expect(result.requested).toBe(1)
  })

  it.each([['LDP'], ['ldp'], ['Ldp'], ['LDP,other'], ['other, ldp '], [' OTHER ,LDP,']])(
    'reads opt_out_type %j as asking for LDP',
    (optOutType) => {
      expect(ldpOf(ldp(CALIFORNIA_US, optOutType)).requested).toBe(1)
    }
  )

  it.each([['NOLDP'], ['LDPX'], ['L D P'], ['other'], ['']])('does not read opt_out_type %j as LDP', (optOutType) => {
    expect(ldpOf(ldp(CALIFORNIA_US, optOutType)).requested).toBe(0)
  })

  const { st: _st, country: _country, ...nowhere } = CALIFORNIA_US
  it.each<[string, UserData, Partial<typeof noCauses>]>([
    ['st missing', { ...CALIFORNIA_US, st: undefined }, { stMissing: 1 }],
    ['st an empty list', { ...CALIFORNIA_US, st: [] }, { stMissing: 1 }],
    ['st not ca', { ...CALIFORNIA_US, st: [sha256('ny')] }, { stNotCa: 1 }],
    ['st the sha256 of upper-case "CA"', { ...CALIFORNIA_US, st: [sha256('CA')] }, { stNotCa: 1 }],
    ['st naming ca among other states', { ...CALIFORNIA_US, st: [sha256('ca'), sha256('ny')] }, { stNotCa: 1 }],
    ['country missing', { ...CALIFORNIA_US, country: undefined }, { countryMissing: 1 }],
    ['country not us', { ...CALIFORNIA_US, country: [sha256('ca')] }, { countryNotUs: 1 }],
    ['country the sha256 of upper-case "US"', { ...CALIFORNIA_US, country: [sha256('US')] }, { countryNotUs: 1 }],
    ['both missing', nowhere, { stMissing: 1, countryMissing: 1 }],
    [
      'Ontario, Canada',
      { ...CALIFORNIA_US, st: [sha256('on')], country: [sha256('ca')] },
      { stNotCa: 1, countryNotUs: 1 }
    ]
  ])('is ignored by Pinterest with %s', (_label, userData, causes) => {
    expect(ldpOf(ldp(userData))).toEqual({
      requested: 1,
      ignored: 1,
      applied: 0,
      ignoredBecause: { ...noCauses, ...causes }
    })
  })

  it('counts an event with several causes once in ignored, and once per cause', () => {
    const { st: _s, ...noState } = CALIFORNIA_US
    const result = ldpOf(
      ldp(CALIFORNIA_US),
      ldp(noState),
      ldp({ ...noState, country: [sha256('ca')] }),
      ldp({ ...CALIFORNIA_US, country: undefined }, 'ldp'),
      ldp(CALIFORNIA_US, 'LDP,other')
    )
    expect(result).toEqual({
      requested: 5,
      ignored: 3,
      applied: 2,
      ignoredBecause: { stMissing: 2, stNotCa: 0, countryMissing: 1, countryNotUs: 1 }
    })
  })
})
