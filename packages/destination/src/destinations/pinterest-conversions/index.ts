import type { DestinationDefinition } from '@segment/actions-core'
import { testAuthentication } from './authentication'
import type { Settings } from './generated-types'
import { presets } from './presets'
import { onDelete } from './deletion'
import reportConversionEvent from './reportConversionEvent'
import { authorizationHeader, settingsFields } from './settings'

const destination: DestinationDefinition<Settings> = {
  name: 'Pinterest Conversions API',
  slug: 'actions-pinterest-conversions-api',
  mode: 'cloud',
  description:
    'Send Segment track and page events to the Pinterest Conversions API (v5) as conversion events: normalized and SHA-256 hashed the way Pinterest matches them, up to 1000 per request, with an outcome for every event.',
  authentication: {
    scheme: 'custom',
    fields: settingsFields,
    testAuthentication
  },
  extendRequest: ({ settings }) => {
    const authorization = authorizationHeader(settings)
    return { headers: { ...(authorization && { Authorization: authorization }), 'Content-Type': 'application/json' } }
  },
  presets,
  onDelete,
  actions: {
    reportConversionEvent
  }
}

export default destination
