import type { ActionDefinition } from '@segment/actions-core'
import { ACTION_SOURCES, EVENT_NAMES, MAX_EVENTS_PER_REQUEST } from '../constants'
import type { DeliveryOptions } from '../deliver'
import { deliver } from '../deliver'
import { settleOne, toMultiStatus } from '../outcome'
import type { Settings } from '../generated-types'
import type { Payload } from './generated-types'
import { everyOf, firstOf, path, productAt } from '../mapping-directives'

const action: ActionDefinition<Settings, Payload> = {
  title: 'Report Conversion Event',
  description:
    'Send a conversion event to Pinterest. Personal data is normalized and SHA-256 hashed before it leaves, and events are sent up to 1000 per request.',
  defaultSubscription: 'type = "track" or type = "page"',
  fields: {
    event_name: {
      label: 'Event Name',
      description:
        'The Pinterest conversion event this Segment event reports (Pinterest key `event_name`). Each preset sets it; choose one of the names Pinterest documents.',
      type: 'string',
      required: true,
      choices: EVENT_NAMES.map((name) => ({ value: name, label: name }))
    },
    action_source: {
      label: 'Action Source',
      description:
        'Where the conversion happened (Pinterest key `action_source`): web, app_android, app_ios or offline. Leave it empty to let the destination decide: events from an iOS or Android app (with `context.app`) are app_ios or app_android, all others web.',
      type: 'string',
      choices: ACTION_SOURCES.map((source) => ({ value: source, label: source }))
    },
    event_time: {
      label: 'Event Time',
      description:
        'When the conversion happened (Pinterest key `event_time`), from the event `timestamp` by default. ISO 8601 dates, unix seconds and unix milliseconds are all read and sent as unix seconds. Pinterest refuses events from the future or older than 7 days.',
      type: 'datetime',
      required: true,
      default: path('$.timestamp')
    },
    event_id: {
      label: 'Event ID',
      description:
        'A unique ID for this conversion (Pinterest key `event_id`), from the Segment `messageId` by default. Pinterest uses it with the event name to drop the copy of a conversion that the Pinterest Tag already reported, so send the Tag the same ID.',
      type: 'string',
      required: true,
      default: path('$.messageId')
    },
    event_source_url: {
      label: 'Event Source URL',
      description:
        'The URL of the page where the conversion happened (Pinterest key `event_source_url`), from `context.page.url`, else `properties.url`.',
      type: 'string',
      default: firstOf('$.context.page.url', '$.properties.url')
    },
    opt_out: {
      label: 'Opt Out',
      description:
        'Set to true when the person opted out of tracking (Pinterest key `opt_out`). Left empty, it is sent as true only when Ad Tracking Enabled is false, and left out otherwise.',
      type: 'boolean'
    },
    ad_tracking_enabled: {
      label: 'Ad Tracking Enabled',
      description:
        'Whether the device allows ad tracking, from `context.device.adTrackingEnabled`. When it is false the event is sent with `opt_out: true` (Limit Ad Tracking); it is not sent otherwise.',
      type: 'boolean',
      default: path('$.context.device.adTrackingEnabled')
    },
    user_data: {
      label: 'User Data',
      description:
        'Who converted (Pinterest object `user_data`). Pinterest needs an email, a mobile advertising ID, or both the IP address and user agent. Every personal value is normalized the way Pinterest expects and SHA-256 hashed; values that are already SHA-256 digests are passed through.',
      type: 'object',
      required: true,
      additionalProperties: false,
      properties: {
        email: {
          label: 'Email',
          description: 'Email addresses, trimmed and lowercased, then hashed (Pinterest key `em`).',
          type: 'string',
          multiple: true,
          category: 'hashedPII'
        },
        phone: {
          label: 'Phone',
          description:
            'Phone numbers, turned into digits with the country code (numbers without one are read in the Default Phone Country), then hashed (Pinterest key `ph`).',
          type: 'string',
          multiple: true,
          category: 'hashedPII'
        },
        gender: {
          label: 'Gender',
          description:
            'Gender as f, m or n (female, male, non-binary; other values are left out), hashed (Pinterest key `ge`).',
          type: 'string',
          multiple: true,
          category: 'hashedPII'
        },
        date_of_birth: {
          label: 'Date of Birth',
          description:
            'Date of birth as YYYYMMDD, hashed (Pinterest key `db`). ISO dates and unambiguous written dates are read.',
          type: 'string',
          multiple: true,
          category: 'hashedPII'
        },
        first_name: {
          label: 'First Name',
          description: 'First name, trimmed and lowercased, hashed (Pinterest key `fn`).',
          type: 'string',
          multiple: true,
          category: 'hashedPII'
        },
        last_name: {
          label: 'Last Name',
          description: 'Last name, trimmed and lowercased, hashed (Pinterest key `ln`).',
          type: 'string',
          multiple: true,
          category: 'hashedPII'
        },
        city: {
          label: 'City',
          description: 'City, lowercased without spaces or punctuation, hashed (Pinterest key `ct`).',
          type: 'string',
          multiple: true,
          category: 'hashedPII'
        },
        state: {
          label: 'State',
          description:
            'State or province as its two-letter code (US state and Canadian province names are converted), hashed (Pinterest key `st`).',
          type: 'string',
          multiple: true,
          category: 'hashedPII'
        },
        zip: {
          label: 'Zip Code',
          description:
            'Postal code, lowercased without spaces or dashes (US ZIP+4 becomes 5 digits), hashed (Pinterest key `zp`).',
          type: 'string',
          multiple: true,
          category: 'hashedPII'
        },
        country: {
          label: 'Country',
          description:
            'Country as its two-letter ISO code (names and three-letter codes are converted), hashed (Pinterest key `country`).',
          type: 'string',
          multiple: true,
          category: 'hashedPII'
        },
        external_id: {
          label: 'External ID',
          description:
            'Your own ID for the person, from `userId` by default; trimmed and hashed (Pinterest key `external_id`).',
          type: 'string',
          multiple: true,
          category: 'hashedPII'
        },
        hashed_maids: {
          label: 'Mobile Advertising ID',
          description:
            'The device advertising ID (IDFA or GAID), from `context.device.advertisingId`; lowercased and hashed (Pinterest key `hashed_maids`).',
          type: 'string',
          multiple: true,
          category: 'hashedPII'
        },
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
      default: {
        email: everyOf('$.properties.email', '$.context.traits.email', '$.traits.email'),
        phone: everyOf('$.properties.phone', '$.context.traits.phone', '$.traits.phone'),
        gender: everyOf('$.context.traits.gender', '$.traits.gender'),
        date_of_birth: everyOf('$.context.traits.birthday', '$.traits.birthday'),
        first_name: everyOf('$.context.traits.firstName', '$.traits.firstName'),
        last_name: everyOf('$.context.traits.lastName', '$.traits.lastName'),
        city: everyOf('$.context.traits.address.city', '$.traits.address.city'),
        state: everyOf('$.context.traits.address.state', '$.traits.address.state'),
        zip: everyOf('$.context.traits.address.postalCode', '$.traits.address.postalCode'),
        country: everyOf('$.context.traits.address.country', '$.traits.address.country'),
        external_id: everyOf('$.userId'),
        hashed_maids: everyOf('$.context.device.advertisingId'),
        client_ip_address: path('$.context.ip'),
        client_user_agent: path('$.context.userAgent'),
        click_id: path('$.properties.click_id')
      }
    },
    custom_data: {
      label: 'Custom Data',
      description: 'What the conversion was worth and what it was about (Pinterest object `custom_data`).',
      type: 'object',
      additionalProperties: false,
      properties: {
        currency: {
          label: 'Currency',
          description: 'ISO 4217 currency code such as USD (Pinterest key `currency`), from `properties.currency`.',
          type: 'string'
        },
        value: {
          label: 'Value',
          description:
            'The total value of the conversion (Pinterest key `value`, sent as a decimal string), from `properties.value`, else `properties.total`, else `properties.revenue`. Never a unit price.',
          type: 'number'
        },
        content_ids: {
          label: 'Content IDs',
          description: 'Product IDs (Pinterest key `content_ids`). When empty, the IDs of the Contents are used.',
          type: 'string',
          multiple: true
        },
        content_name: {
          label: 'Content Name',
          description: 'The name of the page or product (Pinterest key `content_name`).',
          type: 'string'
        },
        content_category: {
          label: 'Content Category',
          description: 'The category of the page or product (Pinterest key `content_category`).',
          type: 'string'
        },
        content_brand: {
          label: 'Content Brand',
          description: 'The brand of the product (Pinterest key `content_brand`).',
          type: 'string'
        },
        num_items: {
          label: 'Number of Items',
          description:
            'How many items (Pinterest key `num_items`). When empty, the quantities of the Contents are added up.',
          type: 'integer'
        },
        order_id: {
          label: 'Order ID',
          description:
            'The order ID (Pinterest key `order_id`), from `properties.order_id`. Pinterest uses it to recognise the same order twice.',
          type: 'string'
        },
        search_string: {
          label: 'Search String',
          description: 'What the person searched for (Pinterest key `search_string`), from `properties.query`.',
          type: 'string'
        },
        opt_out_type: {
          label: 'Opt Out Type',
          description:
            'Privacy opt-outs, comma-separated (Pinterest key `opt_out_type`). Pinterest processes only `LDP` (Limited Data Processing), and only when the state is CA and the country US.',
          type: 'string'
        },
        predicted_ltv: {
          label: 'Predicted Lifetime Value',
          description:
            'The predicted lifetime value of the person (Pinterest key `predicted_ltv`, sent as a decimal string).',
          type: 'number'
        }
      },
      default: {
        currency: path('$.properties.currency'),
        value: firstOf('$.properties.value', '$.properties.total', '$.properties.revenue'),
        order_id: path('$.properties.order_id'),
        search_string: path('$.properties.query')
      }
    },
    contents: {
      label: 'Contents',
      description:
        'The products of the conversion (Pinterest key `custom_data.contents`), one per entry of `properties.products`: ID (product_id, else sku), price, quantity, name, category and brand.',
      type: 'object',
      multiple: true,
      additionalProperties: false,
      // allowNull: actions-core removes nulls from objects but not from the objects of a list,
      // and its validation would then coerce a null price or quantity to 0 (a free product, none
      // bought). Allowed through, a null is read as no value.
      properties: {
        id: {
          label: 'Product ID',
          description: 'The product ID or SKU (Pinterest key `id`).',
          type: 'string',
          allowNull: true
        },
        item_price: {
          label: 'Price',
          description: 'The unit price (Pinterest key `item_price`, sent as a decimal string).',
          type: 'number',
          allowNull: true
        },
        quantity: {
          label: 'Quantity',
          description: 'How many of this product (Pinterest key `quantity`).',
          type: 'integer',
          allowNull: true
        },
        item_name: {
          label: 'Name',
          description: 'The product name (Pinterest key `item_name`).',
          type: 'string',
          allowNull: true
        },
        item_category: {
          label: 'Category',
          description: 'The product category (Pinterest key `item_category`).',
          type: 'string',
          allowNull: true
        },
        item_brand: {
          label: 'Brand',
          description: 'The product brand (Pinterest key `item_brand`).',
          type: 'string',
          allowNull: true
        }
      },
      default: { '@arrayPath': ['$.properties.products', productAt('$')] }
    },
    app_id: {
      label: 'App ID',
      description: 'The app’s store ID or bundle ID (Pinterest key `app_id`), from `context.app.namespace`.',
      type: 'string',
      default: path('$.context.app.namespace')
    },
    app_name: {
      label: 'App Name',
      description: 'The app name (Pinterest key `app_name`), from `context.app.name`.',
      type: 'string',
      default: path('$.context.app.name')
    },
    app_version: {
      label: 'App Version',
      description: 'The app version (Pinterest key `app_version`), from `context.app.version`.',
      type: 'string',
      default: path('$.context.app.version')
    },
    device_brand: {
      label: 'Device Brand',
      description: 'The device maker (Pinterest key `device_brand`), from `context.device.manufacturer`.',
      type: 'string',
      default: path('$.context.device.manufacturer')
    },
    device_carrier: {
      label: 'Device Carrier',
      description: 'The mobile network (Pinterest key `device_carrier`), from `context.network.carrier`.',
      type: 'string',
      default: path('$.context.network.carrier')
    },
    device_model: {
      label: 'Device Model',
      description: 'The device model (Pinterest key `device_model`), from `context.device.model`.',
      type: 'string',
      default: path('$.context.device.model')
    },
    device_type: {
      label: 'Device Type',
      description: 'The device type (Pinterest key `device_type`), from `context.device.type`.',
      type: 'string',
      default: path('$.context.device.type')
    },
    os_name: {
      label: 'OS Name',
      description:
        'The operating system name, from `context.os.name`. Not sent to Pinterest: it tells app_ios from app_android when Action Source is empty.',
      type: 'string',
      default: path('$.context.os.name')
    },
    os_version: {
      label: 'OS Version',
      description: 'The operating system version (Pinterest key `os_version`), from `context.os.version`.',
      type: 'string',
      default: path('$.context.os.version')
    },
    wifi: {
      label: 'Wi-Fi',
      description: 'Whether the device was on Wi-Fi (Pinterest key `wifi`), from `context.network.wifi`.',
      type: 'boolean',
      default: path('$.context.network.wifi')
    },
    language: {
      label: 'Language',
      description:
        'The person’s language as a two-letter code (Pinterest key `language`), from `context.locale`: en-US is sent as en.',
      type: 'string',
      default: path('$.context.locale')
    },
    enable_batching: {
      label: 'Send in Batches',
      description:
        'Send events to Pinterest in batches of up to Batch Size events per request. Recommended: one request per event reaches Pinterest’s rate limit far sooner.',
      type: 'boolean',
      default: true
    },
    batch_size: {
      label: 'Batch Size',
      description: 'The most events sent in one request. Pinterest accepts up to 1000.',
      type: 'number',
      minimum: 1,
      maximum: MAX_EVENTS_PER_REQUEST,
      default: MAX_EVENTS_PER_REQUEST,
      unsafe_hidden: true
    }
  },
  ...performers()
}

/**
 * perform and performBatch, both through the one delivery path. Segment's runtime uses them as
 * they are; local tools pass options: an observer (explain, dry runs), a shorter timeout (tests).
 */
export function performers(
  options: Omit<DeliveryOptions, 'logger'> = {}
): Pick<ActionDefinition<Settings, Payload>, 'perform' | 'performBatch'> {
  return {
    perform: async (request, { settings, payload, logger }) =>
      settleOne(await deliver(request, settings, [payload], { ...options, logger })),
    performBatch: async (request, { settings, payload, logger }) =>
      toMultiStatus(await deliver(request, settings, payload, { ...options, logger }))
  }
}

export default action
