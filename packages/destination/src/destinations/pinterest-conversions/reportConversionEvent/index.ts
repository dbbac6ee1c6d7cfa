import type { ActionDefinition } from '@segment/actions-core'
import { ACTION_SOURCES, EVENT_NAMES, MAX_EVENTS_PER_REQUEST } from '../constants'
import type { DeliveryOptions } from '../deliver'
import { deliver } from '../deliver'
import type { Settings } from '../generated-types'
import { firstOf, path } from '../mapping-directives'
import { settleOne, toMultiStatus } from '../outcome'
import { appInfoField, deviceInfoField, legacyAppDeviceFields } from './app-device-fields'
import { contentsField, customData2Field, customDataField, dataFormatField } from './custom-data-fields'
import type { Payload } from './generated-types'
import { userDataField } from './user-data-field'

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
        'Set to true when the person opted out of tracking (Pinterest key `opt_out`). Left empty, it is sent as true only when Advertiser Tracking Enabled is false, and left out otherwise.',
      type: 'boolean'
    },
    advertiser_tracking_enabled: {
      label: 'Advertiser Tracking Enabled',
      description:
        'Whether the device allows ad tracking (App Tracking Transparency on iOS), from `context.device.adTrackingEnabled`. When it is false the event is sent with `opt_out: true`. Pinterest has no key for it: it is never sent as such.',
      type: 'boolean',
      default: path('$.context.device.adTrackingEnabled')
    },
    user_data: userDataField,
    data_format: dataFormatField,
    custom_data: customDataField,
    custom_data_2: customData2Field,
    contents: contentsField,
    ...legacyAppDeviceFields,
    app_info: appInfoField,
    device_info: deviceInfoField,
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
