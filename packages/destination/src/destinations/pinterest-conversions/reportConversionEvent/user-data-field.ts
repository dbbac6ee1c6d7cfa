import type { InputField } from '@segment/actions-core'
import { addressTrait, firstOf, path, trait } from '../mapping-directives'

const hashed = (label: string, description: string): InputField => ({
  label,
  description,
  type: 'string',
  multiple: true,
  category: 'hashedPII'
})

const MANY =
  'Takes one value or many: a list, or lists from several sources (up to 10 different values are sent; the rest are left out with a warning).'

/** Who converted: Pinterest's `user_data`, every personal value normalized and hashed. */
export const userDataField: InputField = {
  label: 'User Data',
  description:
    'Who converted (Pinterest object `user_data`). Pinterest needs an email, a mobile advertising ID, or both the IP address and user agent. Every personal value is normalized the way Pinterest expects and SHA-256 hashed; values that are already SHA-256 digests are passed through.',
  type: 'object',
  required: true,
  additionalProperties: false,
  properties: {
    email: hashed('Email', `Email addresses, trimmed and lowercased, then hashed (Pinterest key \`em\`). ${MANY}`),
    phone: hashed(
      'Phone',
      `Phone numbers, turned into digits with the country code (numbers without one are read in the Default Phone Country), then hashed (Pinterest key \`ph\`). ${MANY}`
    ),
    gender: hashed(
      'Gender',
      'Gender as f, m or n (female, male, non-binary; other values are left out), hashed (Pinterest key `ge`).'
    ),
    date_of_birth: hashed(
      'Date of Birth',
      'Date of birth as YYYYMMDD, hashed (Pinterest key `db`). ISO dates and unambiguous written dates are read.'
    ),
    first_name: hashed('First Name', 'First name, trimmed and lowercased, hashed (Pinterest key `fn`).'),
    last_name: hashed('Last Name', 'Last name, trimmed and lowercased, hashed (Pinterest key `ln`).'),
    city: hashed('City', 'City, lowercased without spaces or punctuation, hashed (Pinterest key `ct`).'),
    state: hashed(
      'State',
      'State or province as its two-letter code (US state and Canadian province names are converted), hashed (Pinterest key `st`).'
    ),
    zip: hashed(
      'Zip Code',
      'Postal code, lowercased without spaces or dashes (US ZIP+4 becomes 5 digits), hashed (Pinterest key `zp`).'
    ),
    country: hashed(
      'Country',
      'Country as its two-letter ISO code (names and three-letter codes are converted), hashed (Pinterest key `country`).'
    ),
    external_id: hashed(
      'External ID',
      'Your own ID for the person, from `userId` by default; trimmed and hashed (Pinterest key `external_id`).'
    ),
    hashed_maids: hashed(
      'Mobile Advertising ID',
      'The device advertising ID (IDFA or GAID), from `context.device.advertisingId`; lowercased and hashed (Pinterest key `hashed_maids`).'
    ),
    client_ip_address: {
      label: 'Client IP Address',
      description:
        'The IP address of the person’s device, from `context.ip`; sent as is (Pinterest key `client_ip_address`).',
      type: 'string'
    },
    client_user_agent: {
      label: 'Client User Agent',
      description:
        'The user agent of the person’s browser, from `context.userAgent`; sent as is (Pinterest key `client_user_agent`).',
      type: 'string'
    },
    click_id: {
      label: 'Click ID',
      description:
        'The Pinterest click ID, from `properties.click_id`; when empty, the `epik` query parameter of the Event Source URL is used (Pinterest key `click_id`).',
      type: 'string'
    },
    partner_id: {
      label: 'Partner ID',
      description: 'A third-party identifier such as a LiveRamp RampID, sent as is (Pinterest key `partner_id`).',
      type: 'string'
    }
  },
  // Each source is read whole: a trait that is a list (a multi-user array) stays one list.
  default: {
    email: firstOf('$.properties.email', '$.context.traits.email', '$.traits.email'),
    phone: firstOf('$.properties.phone', '$.context.traits.phone', '$.traits.phone'),
    gender: trait('gender'),
    date_of_birth: trait('birthday'),
    first_name: trait('firstName'),
    last_name: trait('lastName'),
    city: addressTrait('city'),
    state: addressTrait('state'),
    zip: addressTrait('postalCode', 'zip'),
    country: addressTrait('country'),
    external_id: path('$.userId'),
    hashed_maids: path('$.context.device.advertisingId'),
    client_ip_address: path('$.context.ip'),
    client_user_agent: path('$.context.userAgent'),
    click_id: path('$.properties.click_id')
  }
}
